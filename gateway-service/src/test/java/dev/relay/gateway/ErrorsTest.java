package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.isA;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Arrays;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class ErrorsTest {

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL gateway;

    RequestSpecification withKey() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        return given().header("X-API-Key", key.secret()).contentType("application/json");
    }

    @Test
    void malformedJsonIs400() {
        withKey().body("{\"model\": \"test-ok\", \"messages\": [").when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void missingMessagesIs400NamingTheParameter() {
        withKey().body("{\"model\":\"test-ok\"}").when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.param", equalTo("messages"));
    }

    @Test
    void missingModelIs400NamingTheParameter() {
        withKey().body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.param", equalTo("model"));
    }

    @Test
    void wrongTypeIs400() {
        withKey().body("{\"model\":\"test-ok\",\"max_tokens\":\"lots\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.param", equalTo("max_tokens"));
    }

    @Test
    void outOfRangeParameterIs400NamingIt() {
        withKey().body("{\"model\":\"test-ok\",\"temperature\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("temperature"));
    }

    @Test
    void bodyOverTheLimitIs413InTheOpenAiEnvelope() {
        String huge = "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(100 * 1024)
                + "\"}]}";
        withKey().body(huge).when().post("/v1/chat/completions")
                .then().statusCode(413).body("error.code", equalTo("request_too_large"))
                .header("x-ratelimit-limit-requests", notNullValue())
                .header("X-RateLimit-Remaining", notNullValue());
    }

    @Test
    void bodyDeclaredFarOverTheLimitIs413InTheEnvelopeBeforeAnyOfItIsSent() throws Exception {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String answer;
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            // 20 MB declared and never sent: the answer must come from the declared length alone.
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-API-Key: " + key.secret() + "\r\nContent-Length: 20000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            answer = readResponse(socket.getInputStream());
        }

        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("\"code\":\"request_too_large\""), answer);
        assertTrue(answer.toLowerCase(Locale.ROOT).contains("x-ratelimit-limit-requests:"), answer);
    }

    @Test
    void aBodyThatStopsArrivingPartwayIsCutOffRatherThanWaitedFor() throws IOException {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        int asked = Fleet.callsSeenBy("ok");
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(60_000); // far past the test profile's deadline, far short of the idle timeout
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-API-Key: " + key.secret()
                    + "\r\nContent-Length: 1000\r\n\r\n{\"model\":\"test-ok\",").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertEquals(-1, readOrReset(socket.getInputStream()), "the connection is closed, nothing answered");
        }
        assertEquals(asked, Fleet.callsSeenBy("ok"));
    }

    /** The next byte, or -1 at the end of the stream, which a connection closed with a reset is too. */
    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    /** One HTTP/1.1 response with a Content-Length, as text: its head, then exactly its body. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
        byte[] body = in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        return head + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void bodyThatIsNotUtf8Is400() {
        byte[] prefix = "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(prefix, prefix.length + 6);
        body[prefix.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
        System.arraycopy("x\"}]}".getBytes(StandardCharsets.UTF_8), 0, body, prefix.length + 1, 5);
        withKey().body(body).when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void bodyWithAnythingAfterItsJsonIs400AndNeverRuns() {
        int asked = Fleet.callsSeenBy("ok");
        withKey().body("{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} {\"garbage\":")
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.message", equalTo("The request body is not valid JSON"));
        assertEquals(asked, Fleet.callsSeenBy("ok"));
    }

    @Test
    void jsonBodySentAsAFormIsReadAsJson() {
        // curl -d without a Content-Type sends a form's type; a body past the form decoder's attribute limit too.
        withKey().contentType("application/x-www-form-urlencoded")
                .body("{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(400) + "\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(200).body("object", equalTo("chat.completion"));
    }

    @Test
    void bodyInUtf16Is400() {
        byte[] body = "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_16LE);
        withKey().contentType("application/json; charset=utf-16").body(body).when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.message", equalTo("The request body must be JSON in UTF-8"));
    }

    @Test
    void anOverlongUtf8SequenceIs400NotPassedOn() {
        int asked = Fleet.callsSeenBy("ok");
        byte[] body = "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"a?b\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] overlong = new byte[body.length + 1];
        int at = new String(body, StandardCharsets.UTF_8).indexOf('?');
        System.arraycopy(body, 0, overlong, 0, at);
        overlong[at] = (byte) 0xC0; // '/' written in two bytes, which UTF-8 forbids
        overlong[at + 1] = (byte) 0xAF;
        System.arraycopy(body, at + 1, overlong, at + 2, body.length - at - 1);
        withKey().contentType("application/json").body(overlong).when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.message", equalTo("The request body must be JSON in UTF-8"));
        assertEquals(asked, Fleet.callsSeenBy("ok"));
    }

    @Test
    void messageContentThatIsNeitherTextNorContentPartsIs400NamingMessages() {
        for (String content : new String[] {"5", "{\"a\":1}", "[5]", "[{\"type\":\"image_url\",\"image_url\":5}]",
                "[{\"type\":\"text\"}]"}) {
            withKey().body("{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]}")
                    .when().post("/v1/chat/completions")
                    .then().statusCode(400).body("error.param", equalTo("messages"));
        }
    }

    @Test
    void anInlineImageThatIsNotBase64ImageDataIs400NamingMessagesAndNoWorkerIsAsked() {
        int asked = Fleet.callsSeenBy("ok");
        for (String url : new String[] {"data:image/png;base64,not base64!", "data:text/plain;base64,aGk=",
                "data:image/png,iVBORw0KGgo="}) {
            withKey().body("{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":["
                            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]}")
                    .when().post("/v1/chat/completions")
                    .then().statusCode(400).body("error.param", equalTo("messages"))
                    .body("error.message", containsString("base64"));
        }
        assertEquals(asked, Fleet.callsSeenBy("ok"));
    }

    @Test
    void contentPartsAndAnAssistantsNullContentAreServed() {
        withKey().body("{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"hi\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}]},"
                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\","
                        + "\"content\":\"ok\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(200);
    }

    @Test
    void moreThanOneChoiceFromAModelOnlyOllamaWorkersServeIs400NamingNAndNoWorkerIsAsked() {
        refusedBeforeOllamaIsAsked("\"n\":2," + SAY_HI, "n");
    }

    @Test
    void aTopKThatIsNoWholeNumberIs400NamingItNotAWorkerFailure() {
        refusedBeforeOllamaIsAsked("\"top_k\":\"40\"," + SAY_HI, "top_k");
    }

    @Test
    void aJsonSchemaResponseFormatWhoseSchemaIsNoObjectIs400NamingItNotAWorkerFailure() {
        refusedBeforeOllamaIsAsked("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\","
                + "\"schema\":\"an object please\"}}," + SAY_HI, "response_format");
    }

    @Test
    void anAudioPartForAModelOnlyOllamaWorkersServeIs400NamingMessagesNotDroppedUnheard() {
        refusedBeforeOllamaIsAsked("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what"
                + " is said here?\"},{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"UklGRg==\","
                + "\"format\":\"wav\"}}]}]", "messages").body("error.message", containsString("input_audio"));
    }

    private static final String SAY_HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    /** A chat for test-ollama with these {@code fields} is a 400 naming {@code param}, its worker never asked. */
    private ValidatableResponse refusedBeforeOllamaIsAsked(String fields, String param) {
        int asked = Fleet.callsSeenBy("ollama");
        ValidatableResponse answer = withKey().body("{\"model\":\"test-ollama\"," + fields + "}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.param", equalTo(param));
        assertEquals(asked, Fleet.callsSeenBy("ollama"));
        return answer;
    }

    @Test
    void anOllamaWorkersRefusalReachesAnOpenAiClientInOpenAisEnvelopeWithItsReason() {
        withKey().body("{\"model\":\"test-ollama\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + Fleet.REFUSED_BY_OLLAMA + "\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("error.message", equalTo(Fleet.OLLAMA_REFUSAL))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("context_length_exceeded")) // what the refusal says, in OpenAI's words
                .body("error.param", equalTo("messages"));
    }

    @Test
    void jsonNestedDeeperThanTheParserAllowsIs400() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        withKey().body("{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":" + deep + "}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void unknownPathIs404InTheOpenAiEnvelope() {
        withKey().when().get("/v1/no-such-thing").then().statusCode(404).body("error.code", equalTo("unknown_url"));
        withKey().when().get("/v1/chat/completions").then().statusCode(404).body("error.code", equalTo("unknown_url"));
    }

    @Test
    void aPathOutsideTheApiIsAJson404AndTheHealthChecksStillAnswer() {
        for (String path : new String[] {"/", "/chat/completions", "/v3/models"}) {
            given().when().get(path).then().statusCode(404).contentType(containsString("json"))
                    .body("error.code", equalTo("unknown_url"));
        }
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void unknownPathUnderADialectIs404InThatDialectsEnvelope() {
        withKey().when().get("/v2/anthropic/v1/nothing").then().statusCode(404)
                .body("type", equalTo("error")).body("error.type", equalTo("not_found_error"));
        withKey().when().get("/v2/ollama/api/nothing").then().statusCode(404).body("error", isA(String.class));
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        withKey().body("{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(404)
                .body("error.code", equalTo("model_not_found"))
                .body("error.param", equalTo("model"));
    }

    @Test
    void modelWithoutHealthyWorkersIs503() {
        withKey().body("{\"model\":\"test-busy\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(503);
    }

    @Test
    void promptLongerThanEveryContextWindowIs400WithTheRoutersReason() {
        withKey().body("{\"model\":\"test-too-long\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("error.code", equalTo("context_length_exceeded"))
                .body("error.param", equalTo("messages"))
                .body("error.message", startsWith("This model's maximum context length"));
    }

    @Test
    void allWorkersFailingIs502UpstreamError() {
        withKey().body("{\"model\":\"test-dead\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(502).body("error.code", equalTo("upstream_error"));
    }

    @Test
    void authServiceFailingIs503NotA500() {
        given().header("X-API-Key", Fleet.keyAuthCannotLookUp().secret()).contentType("application/json")
                .body("{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(503).body("error.type", equalTo("server_error"));
    }

    @Test
    void everyResponseCarriesARequestIdAndTheGatewayOverhead() {
        given().body("not json").when().post("/v1/chat/completions")
                .then().header("x-request-id", notNullValue()).header("x-relay-overhead-ms", matchesPattern("\\d+\\.\\d{3}"));
    }

    @Test
    void presentedRequestIdIsEchoed() {
        given().header("x-request-id", "trace-123").when().get("/v1/models")
                .then().statusCode(200).header("x-request-id", "trace-123");
    }
}

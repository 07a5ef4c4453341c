package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.relay.gateway.fleet.Eventually;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The media endpoints' checks, before anything is held or queued: the published /v2 rules (422 {@code detail[]}),
 * an account for a task, and a model served at the endpoint it is called at. Running media tasks is covered against
 * fake media workers ({@code MediaTaskExecutionTest}) and end to end against the real simulated workers (e2e-tests
 * {@code MediaTaskTest}).
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class MediaRequestsTest {

    @Inject
    RedisDataSource redis;

    ValidatableResponse post(String path, String body) {
        return given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                .body(body).when().post(path).then();
    }

    @Test
    void anImageRequestWithoutAPromptIs422AtPrompt() {
        post("/v2/image/flux/generate", "{\"n\":1}").statusCode(422)
                .body("detail", hasSize(1))
                .body("detail[0].loc", contains("body", "prompt"))
                .body("detail[0].type", equalTo("missing"))
                .body("error.code", equalTo("validation_error"));
    }

    @Test
    void everyViolationOfAnImageRequestIsReported() {
        post("/v2/image/flux/generate", "{\"prompt\":\"a cat\",\"n\":11,\"size\":\"1001x1000\",\"style\":\"x\"}")
                .statusCode(422)
                .body("detail", hasSize(3))
                .body("detail.type", org.hamcrest.Matchers.containsInAnyOrder("less_than_equal",
                        "string_pattern_mismatch", "extra_forbidden"));
    }

    @Test
    void speechInputLongerThanOpenAisCapIs422() {
        post("/v2/audio/tts/sesame", "{\"input\":\"" + "a".repeat(4097) + "\"}").statusCode(422)
                .body("detail[0].loc", contains("body", "input"))
                .body("detail[0].type", equalTo("string_too_long"));
    }

    @Test
    void speechSpeedOutsideAQuarterToFourIs422() {
        post("/v2/audio/tts/sesame", "{\"input\":\"hello\",\"speed\":5}").statusCode(422)
                .body("detail[0].loc", contains("body", "speed"));
    }

    @Test
    void audioToTranscribeThatIsNotBase64Is422() {
        post("/v2/audio/asr/whisper", "{\"audio\":\"not base64!\"}").statusCode(422)
                .body("detail[0].loc", contains("body", "audio"))
                .body("detail[0].msg", containsString("base64"));
    }

    @Test
    void aDataUrlWithoutItsCommaIsNotBase64() {
        post("/v2/audio/asr/whisper", "{\"audio\":\"data:audio/wav;base64\"}").statusCode(422)
                .body("detail[0].msg", containsString("base64"));
    }

    @Test
    void base64WithoutItsPaddingIsNotAudio() {
        post("/v2/audio/asr/whisper", "{\"audio\":\"QQ\"}").statusCode(422)
                .body("detail[0].msg", containsString("base64"));
    }

    @Test
    void anAccountUploadingAudioIsRefusedASecondUploadUntilTheFirstIsAnswered() throws Exception {
        String key = Fleet.fundedKey(redis, 1_000_000).secret();
        try (Socket stalled = new Socket("127.0.0.1", RestAssured.port)) {
            // Headers and the start of a large body, then nothing: the upload is being read.
            stalled.getOutputStream().write(("POST /v2/audio/asr/whisper HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-API-Key: " + key + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n"
                    + "{\"audio\":\"").getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();

            AtomicReference<Response> second = new AtomicReference<>();
            Eventually.until(() -> {
                second.set(given().header("X-API-Key", key).contentType("application/json")
                        .body("{\"audio\":\"QUFB\"}").when().post("/v2/audio/asr/whisper"));
                return second.get().statusCode() == 503;
            }, Duration.ofSeconds(10), "the second upload refused");
            second.get().then().header("Retry-After", "1")
                    .body("error.message", containsString("already uploading"));
        }
        // The stalled client gone, its place is given back: the account's next upload is read.
        Eventually.until(() -> given().header("X-API-Key", key).contentType("application/json")
                .body("{\"audio\":\"QUFB\"}").when().post("/v2/audio/asr/whisper").statusCode() != 503,
                Duration.ofSeconds(10), "the upload's place given back");
    }

    @Test
    void aBodyOfThousandsOfUnknownFieldsIsAnsweredWithTheFirstFifty() {
        StringBuilder body = new StringBuilder("{\"prompt\":\"x\"");
        for (int i = 0; i < 5000; i++) {
            body.append(",\"k").append(i).append("\":1");
        }
        post("/v2/image/flux/generate", body.append('}').toString()).statusCode(422)
                .body("detail", hasSize(50))
                .body("detail[0].type", equalTo("extra_forbidden"));
    }

    @Test
    void aWavFileWhoseHeaderCannotBeReadIs422() {
        byte[] broken = "RIFF\0\0\0\0WAVEjunk".getBytes();
        post("/v2/audio/asr/whisper", "{\"audio\":\"" + Base64.getEncoder().encodeToString(broken) + "\"}")
                .statusCode(422)
                .body("detail[0].msg", containsString("WAV"));
    }

    @Test
    void videoSecondsOtherThanFourEightOrTwelveIs422() {
        post("/v2/video/wan-25/t2v", "{\"prompt\":\"waves\",\"seconds\":5}").statusCode(422)
                .body("detail[0].loc", contains("body", "seconds"))
                .body("detail[0].type", equalTo("literal_error"));
    }

    @Test
    void asyncFalseIs422BecauseMediaAlwaysRunsAsATask() {
        post("/v2/video/wan-25/t2v", "{\"prompt\":\"waves\",\"async\":false}").statusCode(422)
                .body("detail[0].loc", contains("body", "async"));
    }

    @Test
    void aBodyThatIsNotJsonIs422() {
        post("/v2/image/flux/generate", "{\"prompt\":").statusCode(422)
                .body("detail[0].type", equalTo("json_invalid"));
    }

    @Test
    void aGuestIsToldThatATaskNeedsAKey() {
        given().contentType("application/json").body("{\"prompt\":\"a cat\"}")
                .when().post("/v2/image/flux/generate").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
    }

    @Test
    void aChatModelCalledAtAMediaEndpointIs400NamingWhereItIsCalled() {
        post("/v2/image/test-ok/generate", "{\"prompt\":\"a cat\"}").statusCode(400)
                .body("error.code", equalTo("model_not_supported"))
                .body("error.message", containsString("/v1/chat/completions"));
    }

    @Test
    void anUnknownMediaModelIs404() {
        post("/v2/image/no-such-model/generate", "{\"prompt\":\"a cat\"}").statusCode(404)
                .body("error.code", equalTo("model_not_found"));
    }
}

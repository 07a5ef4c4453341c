package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.SelfSignedCertificate;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Given a PEM certificate and key, the gateway serves its API over TLS itself, with HTTP/2 by ALPN. */
@QuarkusTest
@WithTestResource(FakeFleet.class)
@WithTestResource(SelfSignedCertificate.class)
class TlsTest {

    @TestHTTPResource(value = "/", tls = true)
    URI https;

    @Inject
    RedisDataSource redis;

    static final String CHAT = "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    HttpResponse<String> chatOverTls(HttpClient.Version version) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedCertificate.trustingIt()).version(version)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(https.resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + Fleet.fundedKey(redis, 1_000_000).secret())
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void chatCompletionOverTlsNegotiatesHttp2() throws Exception {
        assertEquals("https", https.getScheme());
        HttpResponse<String> response = chatOverTls(HttpClient.Version.HTTP_2);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertEquals("hello from the fake worker",
                new JsonObject(response.body()).getJsonArray("choices").getJsonObject(0)
                        .getJsonObject("message").getString("content"));
    }

    @Test
    void http11ClientsAreStillServedOverTls() throws Exception {
        HttpResponse<String> response = chatOverTls(HttpClient.Version.HTTP_1_1);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    }

    @Test
    void openAiJavaSdkWorksOverTls() throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .apiKey(Fleet.fundedKey(redis, 1_000_000).secret()).baseUrl(https.resolve("/v1").toString())
                .sslSocketFactory(SelfSignedCertificate.trustingIt().getSocketFactory())
                .trustManager(SelfSignedCertificate.trustManager())
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("test-ok").addUserMessage("hi").build());
        assertEquals("hello from the fake worker", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(5, completion.usage().orElseThrow().completionTokens());
    }

    @Test
    void plainHttpStaysAvailableBesideTls() {
        String body = given().header("Authorization", "Bearer " + Fleet.fundedKey(redis, 1_000_000).secret())
                .contentType("application/json").body(CHAT).when().post("/v1/chat/completions").then()
                .statusCode(200).extract().asString();
        assertTrue(body.contains("chatcmpl-"), body);
    }
}

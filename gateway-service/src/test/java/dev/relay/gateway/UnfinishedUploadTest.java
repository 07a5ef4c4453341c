package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.LogCapture;
import dev.relay.gateway.service.Failures;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request whose body does not arrive whole. A transcription whose body stops arriving is ended once its deadline
 * (the test profile's, seconds) passes, and its place goes to the account's next upload; it alone is ended: over HTTP/2 its stream is
 * reset and the connection, which may carry other requests (a proxy's other clients' too), goes on. A request its
 * HTTP/2 client cancels mid-body is left unanswered, as one whose HTTP/1.1 client hung up: no error, no dependency's.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class UnfinishedUploadTest {

    /** HTTP/2's error code for a stream its client no longer wants (RFC 9113, 7). */
    private static final long CANCEL = 0x8;

    /** The start of a body declared far longer: then nothing more arrives. */
    private static final String BODY_START = "{\"audio\":\"";

    @Inject
    RedisDataSource redis;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aStalledUploadOverHttp2IsResetAloneAndItsConnectionGoesOn() throws Exception {
        String key = Fleet.fundedKey(redis, 1_000_000).secret();
        HttpClient client = http2Client();
        try {
            HttpClientRequest upload = client.request(new RequestOptions().setMethod(HttpMethod.POST)
                    .setHost(gateway.getHost()).setPort(gateway.getPort()).setURI("/v2/audio/asr/whisper")
                    .putHeader("X-API-Key", key).putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", "1000000"))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            upload.exceptionHandler(ended::complete);
            upload.write(BODY_START);
            HttpConnection connection = upload.connection();
            CompletableFuture<Void> closed = new CompletableFuture<>();
            connection.closeHandler(ignored -> closed.complete(null));

            assertInstanceOf(StreamResetException.class, ended.get(10, TimeUnit.SECONDS));
            // The next request goes over the same connection: it was not closed with the stream.
            HttpClientRequest next = client.request(new RequestOptions().setMethod(HttpMethod.GET)
                    .setHost(gateway.getHost()).setPort(gateway.getPort()).setURI("/v1/balance")
                    .putHeader("X-API-Key", key))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertSame(connection, next.connection());
            assertEquals(200, next.send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .statusCode());
            assertFalse(closed.isDone(), "the connection was closed with the stream");
        } finally {
            client.close();
        }
        assertTheAccountsNextUploadIsRead(key);
    }

    @Test
    void aStalledUploadOverHttp1IsEndedWithItsConnection() throws Exception {
        String key = Fleet.fundedKey(redis, 1_000_000).secret();
        try (Socket stalled = new Socket(gateway.getHost(), gateway.getPort())) {
            stalled.setSoTimeout(10_000);
            stalled.getOutputStream().write(("POST /v2/audio/asr/whisper HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-API-Key: " + key + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n"
                    + BODY_START).getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();

            assertEquals(-1, stalled.getInputStream().read(), "the connection ended without an answer");
        }
        assertTheAccountsNextUploadIsRead(key);
    }

    @Test
    void aRequestItsHttp2ClientCancelsMidBodyIsNeitherAnErrorNorADependencysFailure() throws Exception {
        String key = Fleet.fundedKey(redis, 1_000_000).secret();
        HttpClient client = http2Client();
        try (LogCapture warnings = LogCapture.warningsOf(Failures.class)) {
            HttpClientRequest image = client.request(new RequestOptions().setMethod(HttpMethod.POST)
                    .setHost(gateway.getHost()).setPort(gateway.getPort()).setURI("/v2/image/flux/generate")
                    .putHeader("X-API-Key", key).putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", "1000"))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            image.exceptionHandler(ignored -> {
                // its stream reset: expected
            });
            image.write("{\"prompt\":\"");
            // Answered once the key of the request before it was checked (the same lookups, in order): its body is
            // being read when it is cancelled.
            assertEquals(200, balance(client, key));
            image.reset(CANCEL);

            assertEquals(200, balance(client, key)); // answered after the reset was handled
            assertEquals(List.of(), warnings.lines());
        } finally {
            client.close();
        }
    }

    private HttpClient http2Client() {
        return vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    }

    private int balance(HttpClient client, String key) throws Exception {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(gateway.getHost()).setPort(gateway.getPort()).setURI("/v1/balance")
                .putHeader("X-API-Key", key))
                .compose(HttpClientRequest::send)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).statusCode();
    }

    private static void assertTheAccountsNextUploadIsRead(String key) {
        Eventually.until(() -> given().header("X-API-Key", key).contentType("application/json")
                .body("{\"audio\":\"QUFB\"}").when().post("/v2/audio/asr/whisper").statusCode() != 503,
                Duration.ofSeconds(10), "the stalled upload's place given back");
    }
}

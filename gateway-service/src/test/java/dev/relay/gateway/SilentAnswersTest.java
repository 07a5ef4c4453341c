package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.OwnMediaWorker;
import dev.relay.gateway.fleet.TaskTopics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Answers whose body falls silent after their head: media task-service stops sending mid-download, or a client stops
 * reading, and a media worker stops mid-answer. Each is cut once no byte came for its idle bound (short here), and what
 * it held given back; an answer read to its end leaves its pooled connection open.
 */
@QuarkusTest
@TestProfile(SilentAnswersTest.ShortIdleBounds.class)
@WithTestResource(FakeFleet.class)
class SilentAnswersTest {

    /** The idle bounds of this test's gateway, downloads' and media workers' alike. */
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final int SEVERAL_MIB = 6 * 1024 * 1024;

    public static class ShortIdleBounds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.gateway.media.download-idle", IDLE.toSeconds() + "s",
                    "relay.gateway.media.worker-answer-idle", IDLE.toSeconds() + "s");
        }
    }

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL gateway;

    private final Fleet.TestKey owner = Fleet.newKey(1000);
    private final String taskId = "direct:" + UUID.randomUUID();

    private String mediaPath(String name) {
        return "/v2/tasks/" + taskId + "/media/" + name;
    }

    /** A GET of the media on a socket of its own; an answer that never ends fails the test rather than hanging it. */
    private Socket request(String name) throws IOException {
        Socket client = new Socket(gateway.getHost(), gateway.getPort());
        client.setSoTimeout(10_000);
        client.getOutputStream().write(("GET " + mediaPath(name) + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                + owner.secret() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return client;
    }

    /** A GET of the media whose answer's first bytes, its head among them, were read, and nothing more. */
    private Socket begun(String name) throws IOException {
        Socket client = request(name);
        byte[] first = client.getInputStream().readNBytes(1024);
        assertTrue(new String(first, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
        return client;
    }

    @Test
    void aDownloadWhoseMediaFallSilentMidwayIsCutShortForItsClient() throws Exception {
        Fleet.mediaStored(owner.accountId(), taskId, Fleet.STALLS_HALFWAY, "video/mp4", Fleet.madeBytes(SEVERAL_MIB));

        String answer;
        try (Socket client = request(Fleet.STALLS_HALFWAY)) {
            // To the end of the connection, which the gateway closes once task-service stays silent.
            answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        int headEnd = answer.indexOf("\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer.substring(0, Math.min(answer.length(), 200)));
        assertTrue(answer.length() - headEnd - 4 < SEVERAL_MIB, "the body is cut short of its length");
    }

    @Test
    void downloadsWhoseMediaFallSilentGiveTheirPlacesToTheAccountsNext() throws Exception {
        // Small enough for the sockets' buffers: the silence is task-service's, not a client's that stopped reading.
        Fleet.mediaStored(owner.accountId(), taskId, Fleet.STALLS_HALFWAY, "video/mp4", Fleet.madeBytes(64 * 1024));
        Fleet.mediaStored(owner.accountId(), taskId, "1", "image/png", Fleet.madeBytes(1024));
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // every place of the account (max-media-downloads-per-account)
                silent.add(begun(Fleet.STALLS_HALFWAY));
            }

            Eventually.until(() -> given().header("X-API-Key", owner.secret()).when().get(mediaPath("1"))
                    .statusCode() == 200, Duration.ofSeconds(10), "a place given back");
        } finally {
            for (Socket client : silent) {
                client.close();
            }
        }
    }

    @Test
    void aDownloadWhoseClientReadsNothingIsCutAndTaskServicesAnswerClosed() throws Exception {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "video/mp4", Fleet.madeBytes(4 * SEVERAL_MIB));

        try (Socket client = begun("0")) { // open, and never read again
            Eventually.until(() -> Fleet.mediaCutShort(taskId, "0"), Duration.ofSeconds(10),
                    "task-service's answer closed");
        }
    }

    @Test
    void aMediaWorkerThatFallsSilentMidAnswerFailsTheTaskAsTimedOutUnbilled() {
        try (OwnMediaWorker worker = OwnMediaWorker.images(OwnMediaWorker::fallsSilent)) {
            TaskSubmission task = worker.publishTask(redis);

            TaskTopics.assertFailedAsTimedOutUnbilled(task);
        }
    }

    @Test
    void aWorkersAnswerReadToItsEndLeavesItsConnectionToTheNextCall() {
        try (OwnMediaWorker worker = OwnMediaWorker.images(OwnMediaWorker::oneImage)) {
            assertEquals("completed", statusOf(worker.publishTask(redis)));
            // Longer than the idle bound: one that outlived the first answer would have closed its connection.
            Eventually.pause(IDLE.multipliedBy(2));

            assertEquals("completed", statusOf(worker.publishTask(redis)));

            assertEquals(1, worker.connections.get());
        }
    }

    private static String statusOf(TaskSubmission task) {
        return TaskTopics.terminalStatus(task.taskId()).path("status").asText();
    }
}

package dev.relay.task;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.task.support.HeldDownload;
import dev.relay.task.support.Media;
import dev.relay.task.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At most {@code relay.task.media.max-downloads} media bodies are sent at once (two here): a GET past them is refused
 * with 503 and Retry-After, so that those in progress finish, and each place is given back however its download ends.
 */
@QuarkusTest
@TestProfile(MediaDownloadLimitTest.TwoPlaces.class)
class MediaDownloadLimitTest {

    public static class TwoPlaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.task.media.max-downloads", "2");
        }
    }

    /** Far more than the connection's buffers take, so that a caller that does not read holds the server mid-body. */
    private static final byte[] VIDEO = Media.random(10 << 20);

    private final List<HeldDownload> held = new ArrayList<>();
    private String account;
    private String taskId;

    @BeforeEach
    void storeAVideo() {
        account = "acct-" + UUID.randomUUID();
        taskId = Tasks.queued(account);
        Media.put(taskId, "0", account, "video/mp4", VIDEO).then().statusCode(204);
    }

    @AfterEach
    void leave() {
        held.forEach(HeldDownload::close);
    }

    @Test
    void aDownloadPastTheBoundIsRefusedWith503AndRetryAfter() {
        holdPlace();
        holdPlace();

        Media.get(taskId, "0", account).then().statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/json")
                .body("error.code", equalTo("service_unavailable"))
                .body("error.type", equalTo("server_error"));
    }

    @Test
    void downloadsInProgressAreSentWholeHoweverManyCallersAreRefused() {
        HeldDownload first = holdPlace();
        HeldDownload second = holdPlace();

        for (int i = 0; i < 20; i++) {
            Media.get(taskId, "0", account).then().statusCode(503);
        }

        assertArrayEquals(VIDEO, first.rest());
        assertArrayEquals(VIDEO, second.rest());
    }

    @Test
    void headIsAnsweredWhileEveryPlaceIsTaken() {
        holdPlace();
        holdPlace();

        Media.head(taskId, "0", account).then().statusCode(200)
                .header("Content-Length", String.valueOf(VIDEO.length));
    }

    @Test
    void aPlaceIsGivenBackWhenADownloadEnds() {
        holdPlace();
        // The other place, as soon as the previous test's downloads gave theirs back.
        await().atMost(Duration.ofSeconds(20)).until(() -> Media.get(taskId, "0", account).statusCode() == 200);

        assertEquals(200, holdPlace().status());
    }

    @Test
    void aPlaceIsGivenBackWhenTheCallerLeavesMidBody() {
        holdPlace();
        holdPlace().close();

        assertEquals(200, holdPlace().status());
    }

    @Test
    void aPlaceIsGivenBackWhenTheMediumIsNotFound() {
        holdPlace();
        await().atMost(Duration.ofSeconds(20)).until(() -> Media.get(taskId, "1", account).statusCode() == 404);

        assertEquals(200, holdPlace().status());
    }

    /** Its medium replaced under it, a download breaks off: the rest of the bytes it promised are gone. */
    @Test
    void aPlaceIsGivenBackWhenTheDownloadBreaksOff() {
        holdPlace();
        HeldDownload breaking = holdPlace();
        Media.put(taskId, "0", account, "video/mp4", Media.binary(VIDEO.length)).then().statusCode(204);

        byte[] received = breaking.rest();

        assertTrue(received.length < VIDEO.length, "the download broke off, " + received.length + " bytes sent");
        assertEquals(200, holdPlace().status());
    }

    /**
     * A download holding a place: asked for until one is free (one given back a moment ago may still be on its way
     * back), then held mid-body. Fails the test when no place frees within the wait.
     */
    private HeldDownload holdPlace() {
        AtomicReference<HeldDownload> holding = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HeldDownload download = HeldDownload.start(taskId, "0", account);
            if (download.status() == 200) {
                holding.set(download);
                return true;
            }
            download.close();
            return false;
        });
        held.add(holding.get());
        return holding.get();
    }
}

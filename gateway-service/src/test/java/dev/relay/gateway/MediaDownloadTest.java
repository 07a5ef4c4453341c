package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET|HEAD /v2/tasks/{id}/media/{name}}: a task's media relayed from task-service (the {@link FakeFleet}'s,
 * which serves them in pieces as they are read) as they arrive, never held whole by the gateway.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class MediaDownloadTest {

    private static final int SEVERAL_MIB = 6 * 1024 * 1024;

    @TestHTTPResource("/")
    URL gateway;

    private final Fleet.TestKey owner = Fleet.newKey(1000);
    private final String taskId = "direct:" + UUID.randomUUID();

    private Response download(String method, String name) {
        return given().header("X-API-Key", owner.secret()).when().request(method, mediaPath(name));
    }

    private String mediaPath(String name) {
        return "/v2/tasks/" + taskId + "/media/" + name;
    }

    /** A GET of the media sent on a socket of its own, whose answer is read off it as it comes. */
    private Socket request(String name) throws IOException {
        Socket client = new Socket(gateway.getHost(), gateway.getPort());
        client.getOutputStream().write(("GET " + mediaPath(name) + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                + owner.secret() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return client;
    }

    /**
     * A GET of the media whose answer's head was read, and nothing more: a download that runs, held up by its client,
     * until the test closes it.
     */
    private Socket downloadRunning(String name) throws IOException {
        Socket client = request(name);
        client.setSoTimeout(10_000); // an answer that never comes fails the test rather than hanging it
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = client.getInputStream().read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 200"), head.toString());
        return client;
    }

    private List<Socket> downloadsRunning(String name, int count) throws IOException {
        List<Socket> running = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            running.add(downloadRunning(name));
        }
        return running;
    }

    /** As many downloads as the gateway relays at once for one account (max-media-downloads-per-account). */
    private List<Socket> everyPlaceOfTheAccountTaken(String name) throws IOException {
        return downloadsRunning(name, 4);
    }

    private static void closeAll(List<Socket> clients) throws IOException {
        for (Socket client : clients) {
            client.close();
        }
    }

    @Test
    void mediaOfSeveralMebibytesArriveByteForByteWithTheirLengthAndType() {
        byte[] video = Fleet.madeBytes(SEVERAL_MIB);
        Fleet.mediaStored(owner.accountId(), taskId, "0", "video/mp4", video);

        Response answer = download("GET", "0");

        answer.then().statusCode(200).header("Content-Type", "video/mp4")
                .header("Content-Length", String.valueOf(SEVERAL_MIB));
        assertArrayEquals(video, answer.asByteArray());
    }

    @Test
    void mediaAreServedAsStoredNeverSniffedWithTheHeadersOfEveryAnswer() {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "image/png", Fleet.madeBytes(1024));

        download("GET", "0").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, max-age=3600")
                .header("x-request-id", notNullValue())
                .header("x-relay-overhead-ms", notNullValue());
    }

    @Test
    void headAnswersTheMediasHeadersWithoutItsBody() {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "video/mp4", Fleet.madeBytes(SEVERAL_MIB));

        Response answer = download("HEAD", "0");

        answer.then().statusCode(200).header("Content-Type", "video/mp4")
                .header("Content-Length", String.valueOf(SEVERAL_MIB))
                .header("X-Content-Type-Options", "nosniff");
        assertEquals(0, answer.asByteArray().length);
    }

    @Test
    void headAsksTaskServiceForTheHeadersOnly() {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "video/mp4", Fleet.madeBytes(1024));

        download("HEAD", "0").then().statusCode(200);

        assertEquals(List.of("HEAD"), Fleet.mediaReads(taskId, "0"));
    }

    @Test
    void mediaTaskServiceBreaksOffHalfwayReachTheClientCutShortOfTheirLength() throws Exception {
        Fleet.mediaStored(owner.accountId(), taskId, Fleet.DIES_HALFWAY, "video/mp4", Fleet.madeBytes(SEVERAL_MIB));

        String answer;
        try (Socket client = request(Fleet.DIES_HALFWAY)) {
            // Read to the end of the connection: had the answer been ended as if complete, the connection would stay
            // open for the next request and this read would time out, failing the test.
            client.setSoTimeout(10_000);
            answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        int headEnd = answer.indexOf("\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"));
        assertTrue(answer.substring(0, headEnd).toLowerCase().contains("content-length: " + SEVERAL_MIB));
        assertTrue(answer.length() - headEnd - 4 < SEVERAL_MIB, "the body is cut short of its length");
    }

    @Test
    void aClientLeavingMidDownloadClosesTaskServicesAnswer() throws Exception {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "video/mp4", Fleet.madeBytes(4 * SEVERAL_MIB));
        try (Socket client = request("0")) {
            client.setSoTimeout(10_000); // an answer that never comes fails the test rather than hanging it
            byte[] begun = client.getInputStream().readNBytes(1024); // the rest is never read
            assertTrue(new String(begun, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
        }

        Eventually.until(() -> Fleet.mediaCutShort(taskId, "0"), Duration.ofSeconds(10),
                "task-service's answer closed");
    }

    @Test
    void mediaTaskServiceDoesNotHaveAre404InTheErrorEnvelope() {
        download("GET", "7").then().statusCode(404)
                .header("Content-Type", "application/json")
                .body("error.code", equalTo("not_found"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo("No media '7' for task " + taskId));
    }

    @Test
    void mediaTaskServiceFailsToReadAre503InTheErrorEnvelope() {
        download("GET", Fleet.FAILS_TO_READ).then().statusCode(503)
                .header("Retry-After", "1")
                .body("error.code", equalTo("service_unavailable"));
    }

    @Test
    void aMediaReadThatTaskServiceFailsIsTriedOnceMore() {
        download("GET", Fleet.FAILS_TO_READ);

        assertEquals(List.of("GET", "GET"), Fleet.mediaReads(taskId, Fleet.FAILS_TO_READ));
    }

    @Test
    void anotherAccountsMediaAre404() {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "image/png", Fleet.madeBytes(1024));
        download("GET", "0").then().statusCode(200); // there for its owner

        given().header("X-API-Key", Fleet.newKey(1000).secret()).when().get(mediaPath("0")).then().statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void anAccountsDownloadBeyondThoseItHasRunningIs503WithRetryAfterWhileAnotherAccountsIsServed() throws Exception {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "video/mp4", Fleet.madeBytes(4 * SEVERAL_MIB));
        Fleet.TestKey other = Fleet.newKey(1000);
        String othersTask = "direct:" + UUID.randomUUID();
        Fleet.mediaStored(other.accountId(), othersTask, "0", "image/png", Fleet.madeBytes(1024));
        List<Socket> running = everyPlaceOfTheAccountTaken("0");
        try {
            download("GET", "0").then().statusCode(503)
                    .header("Retry-After", "1")
                    .body("error.code", equalTo("service_unavailable"))
                    .body("error.type", equalTo("server_error"));

            given().header("X-API-Key", other.secret()).when().get("/v2/tasks/" + othersTask + "/media/0").then()
                    .statusCode(200);
        } finally {
            closeAll(running);
        }
    }

    @Test
    void aDownloadWhoseClientLeftGivesItsPlaceToTheAccountsNext() throws Exception {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "video/mp4", Fleet.madeBytes(4 * SEVERAL_MIB));
        Fleet.mediaStored(owner.accountId(), taskId, "1", "image/png", Fleet.madeBytes(1024));
        List<Socket> running = everyPlaceOfTheAccountTaken("0");
        try {
            download("GET", "1").then().statusCode(503);

            running.remove(0).close(); // mid-download

            Eventually.until(() -> download("GET", "1").statusCode() == 200, Duration.ofSeconds(10),
                    "the place given back");
        } finally {
            closeAll(running);
        }
    }

    @Test
    void aDownloadTaskServiceBrokeOffGivesItsPlaceToTheAccountsNext() throws Exception {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "video/mp4", Fleet.madeBytes(4 * SEVERAL_MIB));
        Fleet.mediaStored(owner.accountId(), taskId, Fleet.DIES_HALFWAY, "video/mp4", Fleet.madeBytes(SEVERAL_MIB));
        Fleet.mediaStored(owner.accountId(), taskId, "1", "image/png", Fleet.madeBytes(1024));
        List<Socket> running = downloadsRunning("0", 3); // the fourth place is the one cut off
        try {
            try (Socket cut = request(Fleet.DIES_HALFWAY)) {
                cut.setSoTimeout(10_000);
                cut.getInputStream().readAllBytes(); // to the connection's end, short of the media's
            }

            Eventually.until(() -> download("GET", "1").statusCode() == 200, Duration.ofSeconds(10),
                    "the place given back");
        } finally {
            closeAll(running);
        }
    }

    @Test
    void headsAreAnsweredWhileTheAccountHasAllItsDownloadsRunning() throws Exception {
        Fleet.mediaStored(owner.accountId(), taskId, "0", "video/mp4", Fleet.madeBytes(4 * SEVERAL_MIB));
        List<Socket> running = everyPlaceOfTheAccountTaken("0");
        try {
            download("HEAD", "0").then().statusCode(200);
        } finally {
            closeAll(running);
        }
    }

    @Test
    void aGuestIsToldThatMediaNeedAKey() {
        given().when().get(mediaPath("0")).then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
    }
}

package dev.relay.task;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.TaskRepository;
import dev.relay.task.support.EndedRequests;
import dev.relay.task.support.HeldDownload;
import dev.relay.task.support.Media;
import dev.relay.task.support.MediaStorage;
import dev.relay.task.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A task's media: stored by PUT as raw bytes, served back to their account only, frozen once the task finished. */
@QuarkusTest
class TaskMediaTest {

    private static final byte[] PNG = Media.binary(4096);

    private static final int MIB = 1 << 20;

    @Inject
    EndedRequests requests;

    @Inject
    TaskRepository tasks;

    @Inject
    TaskConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    MediaStorage storage;

    @Test
    void uploadedMediaAreServedBackWithTheirTypeLengthAndCaching() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        Media.put(taskId, "0", account, "image/png", PNG).then().statusCode(204);

        byte[] served = Media.get(taskId, "0", account).then().statusCode(200)
                .header("Content-Type", "image/png")
                .header("Content-Length", String.valueOf(PNG.length))
                .header("Cache-Control", "private, max-age=3600")
                .extract().asByteArray();
        assertArrayEquals(PNG, served);
    }

    @Test
    void aLaterUploadUnderTheSameNameReplacesTheEarlier() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        Media.put(taskId, "0", account, "image/png", PNG).then().statusCode(204);

        Media.put(taskId, "0", account, "audio/wav", Media.binary(10)).then().statusCode(204);

        byte[] served = Media.get(taskId, "0", account).then().statusCode(200)
                .header("Content-Type", "audio/wav").extract().asByteArray();
        assertArrayEquals(Media.binary(10), served);
    }

    @Test
    void aReplacedUploadsChunksAreDeleted() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        Media.put(taskId, "0", account, "video/mp4", Media.random(2 * MIB + 1)).then().statusCode(204);
        List<Long> replaced = storage.versions(taskId);

        Media.put(taskId, "0", account, "video/mp4", Media.binary(10)).then().statusCode(204);

        assertEquals(0L, storage.chunks(replaced));
        assertEquals(List.of(10), storage.chunkLengths(taskId, "0"));
    }

    /** Each upload is stored whole in place of the one before, whichever finishes last. */
    @Test
    void concurrentUploadsUnderOneNameLeaveOneOfThemWhole() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        List<byte[]> uploads = IntStream.range(1, 5).mapToObj(i -> Media.random(i * MIB + i)).toList();

        List<Future<?>> puts;
        try (ExecutorService uploaders = Executors.newVirtualThreadPerTaskExecutor()) {
            puts = uploads.stream().<Future<?>>map(bytes -> uploaders.submit(() ->
                    Media.put(taskId, "0", account, "video/mp4", bytes).then().statusCode(204))).toList();
        }
        for (Future<?> put : puts) {
            put.get();
        }

        byte[] served = Media.get(taskId, "0", account).then().statusCode(200).extract().asByteArray();
        assertTrue(uploads.stream().anyMatch(bytes -> Arrays.equals(bytes, served)), "not one of the uploads");
        assertEquals(1, storage.versions(taskId).size());
    }

    @Test
    void mediaSeveralChunksLongAreServedBackWholeWithTheirLength() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        byte[] video = Media.random(5 * MIB + 17);

        Media.put(taskId, "0", account, "video/mp4", video).then().statusCode(204);

        byte[] served = Media.get(taskId, "0", account).then().statusCode(200)
                .header("Content-Length", String.valueOf(video.length)).extract().asByteArray();
        assertArrayEquals(video, served);
    }

    @Test
    void mediaAreStoredInChunksOfOneMebibyte() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        Media.put(taskId, "0", account, "video/mp4", Media.random(5 * MIB + 17)).then().statusCode(204);

        assertEquals(List.of(MIB, MIB, MIB, MIB, MIB, 17), storage.chunkLengths(taskId, "0"));
    }

    @Test
    void headAnswersTheTypeLengthAndCachingWithoutTheBytes() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        Media.put(taskId, "0", account, "video/mp4", Media.random(2 * MIB + 5)).then().statusCode(204);

        byte[] body = Media.head(taskId, "0", account).then().statusCode(200)
                .header("Content-Type", "video/mp4")
                .header("Content-Length", String.valueOf(2 * MIB + 5))
                .header("Cache-Control", "private, max-age=3600")
                .extract().asByteArray();
        assertEquals(0, body.length);
    }

    @Test
    void headOfAnotherAccountsMediaIsNotFound() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        Media.put(taskId, "0", account, "image/png", PNG).then().statusCode(204);

        Media.head(taskId, "0", "acct-" + UUID.randomUUID()).then().statusCode(404);
    }

    /**
     * The download is started, then the media replaced while most of the old bytes are still in the database (the
     * client reads through a small receive buffer, so the server can only be a few MiB ahead of it). What arrives is
     * the old bytes, whole or cut short with the connection: never one byte of the new ones.
     */
    @Test
    void aDownloadOfReplacedMediaGetsOnlyTheOldBytes() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        byte[] old = Media.random(10 * MIB);
        byte[] replacement = new byte[old.length];
        for (int i = 0; i < old.length; i++) {
            replacement[i] = (byte) ~old[i];
        }
        Media.put(taskId, "0", account, "video/mp4", old).then().statusCode(204);

        byte[] received;
        try (HeldDownload download = HeldDownload.start(taskId, "0", account)) {
            Media.put(taskId, "0", account, "video/mp4", replacement).then().statusCode(204);

            received = download.rest();
            assertEquals(200, download.status());
            assertTrue(download.head().toLowerCase().contains("content-length: " + old.length), download.head());
        }
        assertArrayEquals(Arrays.copyOf(old, received.length), received);
        assertArrayEquals(replacement, Media.get(taskId, "0", account).then().statusCode(200).extract().asByteArray());
    }

    /** As above, cut short; the request still ends as every other does, so that nothing waits for it. */
    @Test
    void aDownloadCutShortStillEndsItsRequest() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        byte[] old = Media.random(10 * MIB);
        Media.put(taskId, "0", account, "video/mp4", old).then().statusCode(204);

        try (HeldDownload download = HeldDownload.start(taskId, "0", account)) {
            Media.put(taskId, "0", account, "video/mp4", Media.random(old.length)).then().statusCode(204);
            assertTrue(download.rest().length < old.length, "the download was cut short");
        }

        String uri = Media.path(taskId, "0") + "?account_id=" + account;
        await().atMost(10, TimeUnit.SECONDS).until(() -> requests.ended(uri));
    }

    @Test
    void inputUploadedBeforeItsTaskExistsIsReadOnceTheTaskIsCreated() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.newTaskId();
        Media.put(taskId, "input", account, "audio/mpeg", PNG).then().statusCode(204);
        Map<String, Object> transcription = Tasks.submission(taskId, account);
        transcription.put("kind", "transcription");
        Tasks.submit(transcription).then().statusCode(201);

        assertArrayEquals(PNG, Media.get(taskId, "input", account).then().statusCode(200)
                .header("Content-Type", "audio/mpeg").extract().asByteArray());
    }

    @Test
    void mediaNeverUploadedAreNotFound() {
        String account = "acct-" + UUID.randomUUID();

        Media.get(Tasks.queued(account), "0", account).then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void anotherAccountIsNotServedTheMedia() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        Media.put(taskId, "0", account, "image/png", PNG).then().statusCode(204);

        Media.get(taskId, "0", "acct-" + UUID.randomUUID()).then().statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void uploadToAnotherAccountsTaskIsNotFoundAndStoresNothing() {
        String owner = "acct-" + UUID.randomUUID();
        String stranger = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(owner);

        Media.put(taskId, "0", stranger, "image/png", PNG).then().statusCode(404)
                .body("error.code", equalTo("task_not_found"));

        Media.get(taskId, "0", stranger).then().statusCode(404);
        Media.get(taskId, "0", owner).then().statusCode(404);
    }

    @Test
    void uploadOverAnotherAccountsInputBeforeItsTaskExistsIsNotFoundAndKeepsTheInput() {
        String owner = "acct-" + UUID.randomUUID();
        String taskId = Tasks.newTaskId();
        Media.put(taskId, "input", owner, "audio/wav", PNG).then().statusCode(204);

        Media.put(taskId, "input", "acct-" + UUID.randomUUID(), "audio/wav", Media.binary(3)).then().statusCode(404)
                .body("error.code", equalTo("task_not_found"));

        assertArrayEquals(PNG, Media.get(taskId, "input", owner).then().statusCode(200).extract().asByteArray());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void uploadToAFinishedTaskIsAConflictAndKeepsItsMedia(boolean completed) {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        Media.put(taskId, "0", account, "image/png", PNG).then().statusCode(204);
        if (completed) {
            tasks.markCompleted(taskId, "{\"data\":[{\"url\":\"/v2/tasks/" + taskId + "/media/0\"}]}");
        } else {
            tasks.markFailed(taskId, 502, "upstream_error", "The worker failed.", false);
        }

        Media.put(taskId, "0", account, "image/png", Media.binary(5)).then().statusCode(409)
                .body("error.code", equalTo("conflict"));

        assertArrayEquals(PNG, Media.get(taskId, "0", account).then().statusCode(200).extract().asByteArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Input", "in.put", "%C3%A9", "abcdefghijklmnopqrstuvwxyz0123456"})
    void nameOutsideLowerCaseLettersDigitsUnderscoreAndDashIsRefused(String name) {
        String account = "acct-" + UUID.randomUUID();

        RestAssured.given().config(Media.AS_GIVEN).urlEncodingEnabled(false).queryParam("account_id", account)
                .contentType("image/png").body(PNG).put(Media.path(Tasks.queued(account), name))
                .then().statusCode(400)
                .body("error.code", equalTo("invalid_value"))
                .body("error.param", equalTo("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct:not-a-uuid", "chat:6f1c2a9e-1b2c-4d5e-8f90-0123456789ab", "task-1"})
    void taskIdThatIsNotModeColonUuidIsRefused(String taskId) {
        Media.put(taskId, "0", "acct-" + UUID.randomUUID(), "image/png", PNG).then().statusCode(400)
                .body("error.code", equalTo("invalid_value"))
                .body("error.param", equalTo("taskId"));
    }

    @Test
    void uploadWithoutAContentTypeIsRefused() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        HttpRequest request = HttpRequest.newBuilder(uri(Tasks.queued(account), "0", account))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(PNG)).build();

        HttpResponse<String> response = http().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode());
        JsonNode error = json.readTree(response.body()).path("error");
        assertEquals("invalid_value", error.path("code").asText());
        assertEquals("Content-Type", error.path("param").asText());
    }

    /** The limit (11 MiB in tests, 64 MiB in production) is above the HTTP server's own default of 10 MiB. */
    @Test
    void mediaOfExactlyTheLimitAreStored() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        byte[] video = Media.binary(config.media().maxBytes());

        Media.put(taskId, "0", account, "video/mp4", video).then().statusCode(204);

        assertArrayEquals(video, Media.get(taskId, "0", account).then().statusCode(200).extract().asByteArray());
    }

    /** Refused on its headers, before the body is sent, even past the HTTP server's own limit. */
    @Test
    void declaredLengthOverTheLimitIsRefusedWith413InTheOpenAiEnvelope() throws IOException {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        String response;
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + Media.path(taskId, "0") + "?account_id=" + account + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Type: video/mp4\r\nContent-Length: " + (1L << 30) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.toLowerCase().contains("content-type: application/json"), response);
        JsonNode error = json.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).path("error");
        assertEquals("request_too_large", error.path("code").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
        Media.get(taskId, "0", account).then().statusCode(404);
    }

    /** A chunked body declares no length: it is counted as it is read. */
    @Test
    void streamedBodyOverTheLimitIsRefusedWith413InTheOpenAiEnvelope() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        HttpResponse<String> response = http().send(streamedOverTheLimit(taskId, account),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("request_too_large", json.readTree(response.body()).path("error").path("code").asText());
        Media.get(taskId, "0", account).then().statusCode(404);
    }

    @Test
    void anUploadRefusedPastTheLimitLeavesNothingStored() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        assertEquals(413, http().send(streamedOverTheLimit(taskId, account), HttpResponse.BodyHandlers.discarding())
                .statusCode());

        assertEquals(List.of(), storage.versions(taskId));
    }

    /** A chunked upload (it declares no length) one byte over the limit. */
    private HttpRequest streamedOverTheLimit(String taskId, String account) {
        byte[] over = new byte[config.media().maxBytes() + 1];
        return HttpRequest.newBuilder(uri(taskId, "0", account)).header("Content-Type", "video/mp4")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(over))).build();
    }

    private static URI uri(String taskId, String name, String account) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + Media.path(taskId, name) + "?account_id=" + account);
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
}

package dev.relay.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.TaskRepository;
import dev.relay.task.support.FastUploader;
import dev.relay.task.support.FastUploader.Answer;
import dev.relay.task.support.Media;
import dev.relay.task.support.MediaStorage;
import dev.relay.task.support.Tasks;
import dev.relay.task.support.TricklingUpload;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A media upload answered before its body ended (refused past the limit, or for a finished task): the answer reaches
 * an uploader still sending, as the gateway relaying a video is, and the rest of the body is discarded, for a bounded
 * time (3 s in tests), never stored.
 */
@QuarkusTest
class MediaUploadAnswerTest {

    private static final int MIB = 1 << 20;

    /** Well over the limit (11 MiB in tests): the answer comes with most of the body still to be sent. */
    private static final int FAR_OVER = 20 * MIB;

    /** A lost answer is a race: several uploads in a row make it show. */
    private static final int UPLOADS = 5;

    private static final byte[] PNG = Media.binary(4096);

    @Inject
    Vertx vertx;

    @Inject
    TaskRepository tasks;

    @Inject
    TaskConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    MediaStorage storage;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anUploadFarOverTheLimitSentAtFullSpeedGetsIts413(boolean chunked) throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        everyUploadAnswered(() -> upload(taskId, account), FAR_OVER, chunked, 413, "code", "request_too_large");
        assertEquals(List.of(), storage.versions(taskId));
    }

    /** Declared, the body is as long as the limit allows (more is a 413); chunked, it is far longer. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anUploadToAFinishedTaskSentAtFullSpeedGetsIts409AndChangesNothing(boolean chunked) throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String taskId = finishedWithMedia(account);

        everyUploadAnswered(() -> upload(taskId, account), bodyBytes(chunked), chunked, 409, "code", "conflict");
        assertArrayEquals(PNG, Media.get(taskId, "0", account).then().statusCode(200).extract().asByteArray());
        assertEquals(1, storage.versions(taskId).size());
    }

    /** Another account's task is not found, however much of the upload is still coming. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anUploadToAnotherAccountsTaskSentAtFullSpeedGetsIts404AndStoresNothing(boolean chunked) throws Exception {
        String taskId = Tasks.queued("acct-" + UUID.randomUUID());

        everyUploadAnswered(() -> upload(taskId, "acct-" + UUID.randomUUID()), bodyBytes(chunked), chunked, 404,
                "code", "task_not_found");
        assertEquals(List.of(), storage.versions(taskId));
    }

    /** An upload that names no account is refused as invalid, however much of it is still coming. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anUploadNamingNoAccountSentAtFullSpeedGetsIts400AndStoresNothing(boolean chunked) throws Exception {
        String taskId = Tasks.queued("acct-" + UUID.randomUUID());

        everyUploadAnswered(() -> Media.path(taskId, "0"), bodyBytes(chunked), chunked, 400, "param", "account_id");
        assertEquals(List.of(), storage.versions(taskId));
    }

    /** Read to its end after the answer, the upload leaves its connection to the next request. */
    @Test
    void anUploadAnsweredBeforeItsEndIsReadToItsEndAndItsConnectionKept() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String taskId = finishedWithMedia(account);

        try (FastUploader uploader = new FastUploader(vertx)) {
            FastUploader.Upload upload = uploader.put(upload(taskId, account), config.media().maxBytes(), false);
            assertEquals(409, upload.answered().status());
            upload.sentWhole();

            assertEquals(200, uploader.get(upload(taskId, account)).status());
            assertEquals(1, uploader.connections());
        }
    }

    /**
     * An uploader that never stops sending gets its answer, and its connection is closed once the discard's time is
     * up. Over the limit, it is answered on its headers, with {@code Connection: close}; for a finished task, once
     * Quarkus read the start of its body (10 KiB), which the upload sends at once.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anUploaderTricklingForeverGetsItsAnswerAndIsCutOff(boolean overTheLimit) throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String taskId = overTheLimit ? Tasks.queued(account) : finishedWithMedia(account);
        long declared = overTheLimit ? FAR_OVER : config.media().maxBytes();

        try (TricklingUpload upload = TricklingUpload.start(upload(taskId, account), declared, 16 * 1024)) {
            String received = upload.received();

            assertTrue(received.startsWith(overTheLimit ? "HTTP/1.1 413" : "HTTP/1.1 409"), received);
            upload.awaitCutOff();
        }
        assertEquals(overTheLimit ? 0 : 1, storage.versions(taskId).size());
    }

    /** A task that finished with PNG stored as its medium {@code 0}. */
    private String finishedWithMedia(String account) {
        String taskId = Tasks.queued(account);
        Media.put(taskId, "0", account, "image/png", PNG).then().statusCode(204);
        tasks.markCompleted(taskId, "{\"data\":[{\"url\":\"/v2/tasks/" + taskId + "/media/0\"}]}");
        return taskId;
    }

    /**
     * Sends {@link #UPLOADS} uploads of {@code bytes} in a row at full speed, each to a path from {@code path}, and
     * asserts each one's status and the named field of its error.
     */
    private void everyUploadAnswered(Supplier<String> path, int bytes, boolean chunked, int status, String field,
            String value) throws Exception {
        try (FastUploader uploader = new FastUploader(vertx)) {
            for (int upload = 0; upload < UPLOADS; upload++) {
                Answer answer = uploader.put(path.get(), bytes, chunked).answered();

                assertEquals(status, answer.status(), answer.body());
                assertEquals(value, error(answer).path(field).asText());
            }
        }
    }

    /** Declared, as long as the limit allows (more would be a 413); chunked, far longer. */
    private int bodyBytes(boolean chunked) {
        return chunked ? FAR_OVER : config.media().maxBytes();
    }

    private JsonNode error(Answer answer) throws Exception {
        return json.readTree(answer.body()).path("error");
    }

    private static String upload(String taskId, String account) {
        return Media.path(taskId, "0") + "?account_id=" + account;
    }
}

package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.client.TaskClient;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.UploadBreak;
import dev.relay.gateway.fleet.LogCapture;
import dev.relay.gateway.fleet.TaskTopics;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.impl.HttpClientResponseImpl;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Media tasks run by the gateway's executor against the {@link FakeFleet}'s media workers, what they made stored with
 * its fake task-service: a video piped from the worker to the store, never held, and cut off past what the store
 * keeps; other answers read into memory up to a bound, past which nothing more is read.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class MediaTaskExecutionTest {

    private static final int MIB = 1024 * 1024;
    private static final int SEVERAL_MIB = 6 * MIB;

    @Inject
    RedisDataSource redis;

    /** 16 MiB in tests (application.properties). */
    @ConfigProperty(name = "relay.gateway.media.max-stored-bytes")
    long storeLimit;

    @ConfigProperty(name = "relay.gateway.media.max-images-answer-bytes")
    long imagesLimit;

    private final String prompt = "a test of its own " + UUID.randomUUID();

    /** A task as task-service accepts it, its credit held at submission; not published yet. */
    private TaskSubmission accepted(String kind, String model, Map<String, Object> body) {
        return TaskTopics.held(redis, TaskTopics.mediaTask(kind, model, body, "res_" + UUID.randomUUID(), 5_000),
                1_000_000);
    }

    /** A task published as task-service does, its credit held at submission. */
    private TaskSubmission run(String kind, String model, Map<String, Object> body) {
        return published(accepted(kind, model, body));
    }

    private static TaskSubmission published(TaskSubmission task) {
        TaskTopics.publish(task);
        return task;
    }

    /** An 8-second video whose worker answers {@code bytes} with their length, or chunked; not published yet. */
    private TaskSubmission acceptedVideo(long bytes, boolean chunked) {
        return accepted(TaskSubmission.VIDEO, "test-video", Map.of("prompt", prompt, "seconds", "8", "size",
                "1280x720", "_bytes", bytes, "_chunked", chunked));
    }

    private TaskSubmission video(long bytes, boolean chunked) {
        return published(acceptedVideo(bytes, chunked));
    }

    /** A video of {@code bytes}, chunked, whose first uploads task-service breaks off, one for each of {@code breaks}. */
    private TaskSubmission videoWhoseUploadsBreak(long bytes, UploadBreak... breaks) {
        TaskSubmission task = acceptedVideo(bytes, true);
        Fleet.mediaUploadsBreak(task.taskId(), "0", breaks);
        return published(task);
    }

    private static HttpResponse<byte[]> kept(TaskSubmission task, String name) {
        return Fleet.mediaKept(task.accountId(), task.taskId(), name);
    }

    /** {@code count} breaks alike. */
    private static UploadBreak[] times(int count, UploadBreak planBreak) {
        return Collections.nCopies(count, planBreak).toArray(UploadBreak[]::new);
    }

    /** How each upload of the task's media {@code 0} ended at task-service, in order. */
    private static List<String> uploadEnds(TaskSubmission task) {
        return Fleet.mediaUploads(task.taskId(), "0").stream().map(upload -> upload.getString("ended")).toList();
    }

    @Test
    void aVideoOfSeveralMebibytesIsStoredByteForByte() {
        TaskSubmission task = video(SEVERAL_MIB, false);

        JsonNode completed = TaskTopics.terminalStatus(task.taskId());

        assertEquals("completed", completed.path("status").asText(), completed.toString());
        JsonNode stored = completed.path("result").path("data").path(0);
        assertEquals("/v2/tasks/" + task.taskId() + "/media/0", stored.path("url").asText());
        assertEquals(SEVERAL_MIB, stored.path("bytes").asLong());
        HttpResponse<byte[]> kept = kept(task, "0");
        assertEquals("video/mp4", kept.headers().firstValue("Content-Type").orElse(null));
        assertArrayEquals(Fleet.madeBytes(SEVERAL_MIB), kept.body());
    }

    @Test
    void aVideoIsUploadedWithTheLengthItsWorkerDeclared() {
        TaskSubmission task = video(SEVERAL_MIB, false);

        TaskTopics.terminalStatus(task.taskId());

        List<JsonObject> uploads = Fleet.mediaUploads(task.taskId(), "0");
        assertEquals(1, uploads.size(), uploads.toString());
        assertEquals(String.valueOf(SEVERAL_MIB), uploads.get(0).getString("contentLength"));
    }

    @Test
    void aVideoOfUndeclaredLengthIsUploadedChunkedAndStoredWhole() {
        TaskSubmission task = video(SEVERAL_MIB, true);

        assertEquals("completed", TaskTopics.terminalStatus(task.taskId()).path("status").asText());

        List<JsonObject> uploads = Fleet.mediaUploads(task.taskId(), "0");
        assertTrue(uploads.get(0).getBoolean("chunked"), uploads.toString());
        assertArrayEquals(Fleet.madeBytes(SEVERAL_MIB), kept(task, "0").body());
    }

    @Test
    void aVideoIsChargedTheSecondsItAskedFor() {
        TaskSubmission task = video(SEVERAL_MIB, false);

        List<JsonNode> events = UsageEvents.forRequest(task.requestId());

        assertEquals(1, events.size(), events.toString());
        assertEquals("completed", events.get(0).path("outcome").asText());
        assertEquals(8_000, events.get(0).path("mediaMillis").asLong());
        assertEquals(0, events.get(0).path("images").asLong());
    }

    @Test
    void aVideoPastWhatTheStoreKeepsFailsTheTaskAsTooLargeAndNoneOfItIsKept() {
        TaskSubmission task = video(4 * storeLimit, true);

        JsonNode failed = TaskTopics.terminalStatus(task.taskId());

        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals(422, failed.path("errorStatus").asInt());
        assertEquals("result_too_large", failed.path("errorCode").asText());
        assertEquals(404, kept(task, "0").statusCode());
    }

    @Test
    void aVideoPastWhatTheStoreKeepsIsNotReadToItsEnd() {
        video(4 * storeLimit, true);

        Eventually.until(() -> Fleet.mediaWorkerCutShort(prompt), Duration.ofSeconds(30),
                "the worker's answer cut off");
    }

    @Test
    void aVideoDeclaredLargerThanTheStoreKeepsIsRefusedBeforeAnyUpload() {
        TaskSubmission task = run(TaskSubmission.VIDEO, "test-video", Map.of("prompt", prompt, "seconds", "4",
                "_bytes", 1024, "_declared", storeLimit + 1));

        JsonNode failed = TaskTopics.terminalStatus(task.taskId());

        assertEquals("result_too_large", failed.path("errorCode").asText(), failed.toString());
        assertEquals(List.of(), Fleet.mediaUploads(task.taskId(), "0"));
    }

    /** task-service closes the upload's connection part-way through the body (0), or fails it there (500). */
    @ParameterizedTest
    @CsvSource({"0, closed", "500, answered 500"})
    void aVideoWhoseUploadTaskServiceBreaksOffIsFetchedAgainAndStoredWholeOnce(int status, String ended) {
        TaskSubmission task = videoWhoseUploadsBreak(SEVERAL_MIB, new UploadBreak(MIB, status));

        JsonNode completed = TaskTopics.terminalStatus(task.taskId());

        assertEquals("completed", completed.path("status").asText(), completed.toString());
        assertEquals(List.of(ended, "stored"), uploadEnds(task));
        assertArrayEquals(Fleet.madeBytes(SEVERAL_MIB), kept(task, "0").body());
    }

    @Test
    void aVideoWhoseEveryUploadTaskServiceCutsOffFailsTheTaskUnbilledOnceItsTriesRunOut() {
        int tries = TaskClient.RESULT_RETRIES + 1;
        // one break more than tries: a try too many would be cut off too, and counted
        TaskSubmission task = videoWhoseUploadsBreak(SEVERAL_MIB, times(tries + 1, UploadBreak.closed(MIB)));

        JsonNode failed = TaskTopics.terminalStatus(task.taskId());

        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals(Collections.nCopies(tries, "closed"), uploadEnds(task));
        UsageEvents.assertUnbilled(task);
    }

    @Test
    void aVideoTaskServiceRefusesAsTooLargePartWayFailsTheTaskAsTooLargeUnbilledAndIsNotUploadedAgain() {
        TaskSubmission task = videoWhoseUploadsBreak(SEVERAL_MIB, UploadBreak.answered(413, MIB));

        JsonNode failed = TaskTopics.terminalStatus(task.taskId());

        assertEquals(422, failed.path("errorStatus").asInt(), failed.toString());
        assertEquals("result_too_large", failed.path("errorCode").asText());
        assertEquals(List.of("answered 413"), uploadEnds(task));
        UsageEvents.assertUnbilled(task);
    }

    @Test
    void aVideoTaskServiceRefusesPartWayLeavesNoErrorInTheLog() {
        try (LogCapture errors = LogCapture.errorsOf(HttpClientResponseImpl.class)) {
            TaskSubmission task = videoWhoseUploadsBreak(SEVERAL_MIB, UploadBreak.answered(413, MIB));

            // after the upload's reset, which comes before the task's failure is published
            TaskTopics.terminalStatus(task.taskId());

            assertEquals(List.of(), errors.lines()); // a refusal is an answer, not an error with a stack
        }
    }

    @Test
    void aVideoOfATaskThatFinishedMeanwhileIsNeitherUploadedAgainNorReadOn() {
        // task-service answers 409 before it reads a byte of the body, as it refuses media for a finished task
        TaskSubmission task = videoWhoseUploadsBreak(4 * storeLimit, UploadBreak.answered(409, 0));

        JsonNode ended = TaskTopics.terminalStatus(task.taskId());

        // A replay: task-service keeps the outcome it stored, and billing the first usage event of the task.
        assertEquals("completed", ended.path("status").asText(), ended.toString());
        assertEquals(List.of("answered 409"), uploadEnds(task));
        Eventually.until(() -> Fleet.mediaWorkerCutShort(prompt), Duration.ofSeconds(30),
                "the worker's answer cut off");
    }

    @Test
    void anImageTaskServiceFailsToStoreForAWhileIsStoredOnceItTakesIt() {
        TaskSubmission task = accepted(TaskSubmission.IMAGE, "test-image", Map.of("prompt", prompt, "n", 1));
        // more failures in a row than the three tries a client's own upload gets
        Fleet.mediaUploadsBreak(task.taskId(), "0", times(4, UploadBreak.answered(503, 0)));
        published(task);

        JsonNode completed = TaskTopics.terminalStatus(task.taskId());

        assertEquals("completed", completed.path("status").asText(), completed.toString());
        List<String> ends = new ArrayList<>(Collections.nCopies(4, "answered 503"));
        ends.add("stored");
        assertEquals(ends, uploadEnds(task));
        assertArrayEquals(Fleet.madeImage(0), kept(task, "0").body());
    }

    @Test
    void imagesAreStoredEachAsItsWorkerMadeIt() {
        TaskSubmission task = run(TaskSubmission.IMAGE, "test-image", Map.of("prompt", prompt, "n", 2));

        JsonNode completed = TaskTopics.terminalStatus(task.taskId());

        JsonNode data = completed.path("result").path("data");
        assertEquals(2, data.size(), completed.toString());
        for (int i = 0; i < 2; i++) {
            assertEquals("image/png", data.path(i).path("content_type").asText());
            assertEquals(prompt + " #" + i, data.path(i).path("revised_prompt").asText());
            assertArrayEquals(Fleet.madeImage(i), kept(task, String.valueOf(i)).body());
        }
    }

    @Test
    void anImagesAnswerPastItsBoundFailsTheTaskAsTheWorkersFault() {
        TaskSubmission task = run(TaskSubmission.IMAGE, "test-image", Map.of("prompt", prompt,
                "_bytes", 4 * imagesLimit));

        JsonNode failed = TaskTopics.terminalStatus(task.taskId());

        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals(502, failed.path("errorStatus").asInt());
        assertEquals("upstream_error", failed.path("errorCode").asText());
        assertTrue(failed.path("errorMessage").asText().contains("larger than the gateway reads of images"),
                failed.toString());
    }

    @Test
    void anImagesAnswerPastItsBoundIsNotReadToItsEnd() {
        run(TaskSubmission.IMAGE, "test-image", Map.of("prompt", prompt, "_bytes", 4 * imagesLimit));

        Eventually.until(() -> Fleet.mediaWorkerCutShort(prompt), Duration.ofSeconds(30),
                "the worker's answer cut off");
    }

    @Test
    void speechIsStoredAsTheWavItsWorkerMadeAndLastsItsDuration() {
        TaskSubmission task = run(TaskSubmission.SPEECH, "test-audio", Map.of("input", prompt, "_seconds", 2));

        JsonNode completed = TaskTopics.terminalStatus(task.taskId());

        assertEquals(2.0, completed.path("result").path("data").path(0).path("duration_seconds").asDouble(),
                completed.toString());
        assertArrayEquals(Fleet.madeSpeech(2), kept(task, "0").body());
    }

    @Test
    void aTranscriptionWhoseAudioTaskServiceIsTooBusyToSendAFewTimesCompletesOnceItSendsIt() {
        TaskSubmission task = TaskTopics.mediaTask(TaskSubmission.TRANSCRIPTION, "test-audio", Map.of(
                "input_media", "input", "input_type", "audio/wav"), "res_" + UUID.randomUUID(), 5_000);
        Fleet.mediaStored(task.accountId(), task.taskId(), "input", "audio/wav", Fleet.madeSpeech(1));
        // more refusals than the read's own two tries
        Fleet.mediaReadsRefusedAsBusy(task.taskId(), "input", 3);
        TaskTopics.publish(TaskTopics.held(redis, task, 1_000_000));

        JsonNode completed = TaskTopics.terminalStatus(task.taskId());

        assertEquals("completed", completed.path("status").asText(), completed.toString());
    }

    @Test
    void aTranscriptionsAudioReachesItsWorkerAsTheFormsFileBesideItsFields() {
        byte[] audio = Fleet.madeSpeech(1);
        TaskSubmission task = TaskTopics.mediaTask(TaskSubmission.TRANSCRIPTION, "test-audio", Map.of(
                "input_media", "input", "input_type", "audio/wav", "language", "en"), "res_" + UUID.randomUUID(),
                5_000);
        Fleet.mediaStored(task.accountId(), task.taskId(), "input", "audio/wav", audio);
        TaskTopics.publish(TaskTopics.held(redis, task, 1_000_000));

        JsonNode completed = TaskTopics.terminalStatus(task.taskId());

        assertEquals("language=en model=worker-audio response_format=verbose_json file=audio.wav audio/wav "
                + Fleet.sha256(audio), completed.path("result").path("text").asText(), completed.toString());
    }
}

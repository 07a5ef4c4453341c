package dev.relay.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.client.HeldBody;
import dev.relay.gateway.client.MediaStoreRefusal;
import dev.relay.gateway.client.MediaWorkerClient;
import dev.relay.gateway.client.MediaWorkerFailure;
import dev.relay.gateway.client.PeerBusy;
import dev.relay.gateway.client.TaskClient;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.dialect.media.AudioFormats;
import dev.relay.gateway.dialect.media.ImageAnswers;
import dev.relay.gateway.messaging.UsagePublisher;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Runs an accepted media task (image, speech, transcription, video) on a worker of its source, through the worker's
 * OpenAI-compatible endpoint: routed again, failing over to the next worker while a worker could not answer (nothing
 * reaches the client before the task ends, so any attempt may be replaced). What it made is stored with task-service
 * before the task is reported completed, and its result names it by URL ({@code /v2/tasks/{id}/media/{n}}); the
 * usage event, named after the task (charged once however often it runs), counts the images and milliseconds made.
 */
@ApplicationScoped
public class MediaTaskRunner {

    private static final Logger LOG = Logger.getLogger(MediaTaskRunner.class);
    /** Workers tried in turn for one task; the route names the best first. */
    private static final int MAX_WORKERS = 3;
    private static final Duration IMAGE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SPEECH_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration TRANSCRIPTION_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration VIDEO_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration VIDEO_POLL = Duration.ofSeconds(1);
    /** Failed status polls of a video job tolerated in a row before the attempt is given up. */
    private static final int VIDEO_POLL_RETRIES = 5;
    /** The longest wait taken from task-service's {@code Retry-After} before a task's input is asked for again. */
    private static final Duration LONGEST_BUSY_WAIT = Duration.ofSeconds(5);
    /** The shortest, for a {@code Retry-After} of 0: no loop of asks. */
    private static final Duration SHORTEST_BUSY_WAIT = Duration.ofMillis(100);
    /** Bounds on what a worker's answer puts in the result, which travels in a Kafka event (1 MB). */
    private static final int MAX_PROMPT_CHARS = 4000;
    private static final int MAX_SEGMENTS = 2000;

    /** What a worker made: the result the poll shows, and what it is charged for. */
    private record Made(ObjectNode result, String workerId, long images, long mediaMillis) {
    }

    private final ChatService chat;
    private final ChatTaskRunner chatTasks;
    private final MediaWorkerClient workers;
    private final TaskClient tasks;
    private final UsagePublisher usage;
    private final UnsettledRequests unsettled;
    private final OpenGpuTasks openGpuTasks;
    private final ObjectMapper json;
    private final VideoStore videos;
    private final GatewayConfig.Media limits;

    public MediaTaskRunner(ChatService chat, ChatTaskRunner chatTasks, MediaWorkerClient workers, TaskClient tasks,
            UsagePublisher usage, UnsettledRequests unsettled, OpenGpuTasks openGpuTasks, ObjectMapper json,
            VideoStore videos, GatewayConfig config) {
        this.chat = chat;
        this.chatTasks = chatTasks;
        this.workers = workers;
        this.tasks = tasks;
        this.usage = usage;
        this.unsettled = unsettled;
        this.openGpuTasks = openGpuTasks;
        this.json = json;
        this.videos = videos;
        this.limits = config.media();
    }

    /** Completes with how the task ended, or that it was left to another replica (shutdown); never fails. */
    public Uni<TaskOutcome> run(TaskSubmission task) {
        Caller payer = new Caller(task.keyId(), task.accountId(), task.tier(), 0, List.of(), task.keyId());
        Reservation held = new Reservation(task.reservationId(), task.reservedMicro(), null);
        String source;
        try {
            source = MediaSources.of(task.kind());
        } catch (IllegalArgumentException unknownKind) {
            // From a newer producer, say: failed (its hold released) rather than stopping the executor's stream.
            return Uni.createFrom().item(chatTasks.notRun(task, payer, held, new ApiFailure(400,
                    "invalid_request_error", "invalid_request", "This gateway cannot run tasks of kind "
                            + task.kind())));
        }
        // Counted as running, so that a gateway shutting down waits for it (up to its shutdown wait) before it closes
        // the usage publisher; not started at all once shutdown began.
        if (!unsettled.startUnlessShuttingDown()) {
            return Uni.createFrom().item(TaskOutcome.leftForAnotherReplica());
        }
        return chatTasks.holdAgainIfReleased(task, held)
                .chain(() -> chat.route(payer, task.model(), task.mode()))
                .chain(decision -> {
                    chat.releaseFirst(decision); // not counted in flight: a media call is not a chat sequence
                    List<RouteCandidate> serving = decision.candidates() == null ? List.of()
                            : decision.candidates().stream().filter(c -> source.equals(c.protocol()))
                                    .limit(MAX_WORKERS).toList();
                    if (serving.isEmpty()) {
                        throw MediaSources.wrongEndpoint(task.model(), decision.source());
                    }
                    String billed = Admitted.billedModel(decision, task.model());
                    // The backstop: whatever call is stuck, the task ends by its deadline and gives its media slot
                    // (and its Kafka record) back; the call it cancels lets its worker's request go.
                    Duration deadline = limits.taskDeadline();
                    Uni<Made> done = attempt(task, serving, 0, Instant.now().plus(deadline))
                            .ifNoItem().after(deadline).failWith(() -> new MediaWorkerFailure(504,
                                    "The task did not finish within its time", true, true));
                    return done.map(made -> {
                        if (unsettled.workersClosing()) {
                            // Done after the shutdown wait ended: its usage event could be lost with the publisher,
                            // and the work given away. Left instead for another replica, which runs and charges it.
                            LOG.infof("task %s done after the shutdown wait: left for another replica", task.taskId());
                            return TaskOutcome.leftForAnotherReplica();
                        }
                        UsageMeter.forTask(usage, task.taskId(), ChatTaskRunner.requestIdOf(task), payer, billed,
                                task.mode(), held).finishMedia("completed", made.workerId(), made.images(),
                                made.mediaMillis());
                        return TaskOutcome.completed(made.result());
                    });
                })
                .onFailure().recoverWithItem(failure -> {
                    if (unsettled.shuttingDown()) {
                        // Cut off by this gateway's shutdown: the task stays in Kafka for another replica, which
                        // charges it under the task's one event id; the hold stays until then.
                        LOG.infof("task %s cut off by shutdown: left for another replica", task.taskId());
                        return TaskOutcome.leftForAnotherReplica();
                    }
                    return chatTasks.notRun(task, payer, held, answer(failure));
                })
                .onTermination().invoke(unsettled::settled);
    }

    /**
     * The task on worker {@code i} of the route, and on the next while a worker could not answer, until
     * {@code deadline}.
     */
    private Uni<Made> attempt(TaskSubmission task, List<RouteCandidate> serving, int i, Instant deadline) {
        RouteCandidate worker = serving.get(i);
        return runOn(task, worker, deadline).onFailure(failure -> failure instanceof MediaWorkerFailure refused
                && refused.retryable() && i + 1 < serving.size() && !unsettled.shuttingDown()
                && Instant.now().isBefore(deadline))
                .recoverWithUni(failure -> {
                    LOG.infof("task %s: worker %s failed (%s); trying the next", task.taskId(), worker.workerId(),
                            failure.getMessage());
                    return attempt(task, serving, i + 1, deadline);
                });
    }

    private Uni<Made> runOn(TaskSubmission task, RouteCandidate worker, Instant deadline) {
        ObjectNode body = json.valueToTree(task.body());
        body.put("model", worker.model());
        return switch (task.kind()) {
            case TaskSubmission.IMAGE -> images(task, worker, body);
            case TaskSubmission.SPEECH -> speech(task, worker, body);
            case TaskSubmission.TRANSCRIPTION -> transcription(task, worker, body, deadline);
            case TaskSubmission.VIDEO -> video(task, worker, body, deadline);
            default -> Uni.createFrom().failure(new IllegalArgumentException("not a media task: " + task.kind()));
        };
    }

    private Uni<Made> images(TaskSubmission task, RouteCandidate worker, ObjectNode body) {
        int asked = body.path("n").asInt(1);
        return workers.post(worker.baseUrl() + "/v1/images/generations", body, IMAGE_TIMEOUT,
                limits.maxImagesAnswerBytes(), "images").map(answer -> decoded(answer, asked)).chain(images -> {
            List<MediaWorkerClient.Media> typed = images.stream()
                    .map(image -> new MediaWorkerClient.Media(image.bytes(), imageType(image.bytes()))).toList();
            return store(task, typed).map(stored -> {
                ObjectNode result = result(task, "image.generation");
                ArrayNode data = result.putArray("data");
                for (int i = 0; i < stored.size(); i++) {
                    ObjectNode item = stored.get(i);
                    data.add(item);
                    String prompt = capped(images.get(i).revisedPrompt(), MAX_PROMPT_CHARS);
                    if (prompt != null) {
                        item.put("revised_prompt", prompt);
                    }
                }
                result.putObject("usage").put("images", stored.size());
                return new Made(result, worker.workerId(), stored.size(), 0);
            });
        });
    }

    /** The images of a worker's answer, decoded as it is read: one at least, {@code asked} at most. */
    private List<ImageAnswers.Image> decoded(HeldBody answer, int asked) {
        try {
            List<ImageAnswers.Image> images = ImageAnswers.read(json.getFactory(), answer.stream(), asked);
            if (!images.isEmpty()) {
                return images;
            }
        } catch (IOException unreadable) {
            // answered below
        }
        throw unreadable("images");
    }

    private Uni<Made> speech(TaskSubmission task, RouteCandidate worker, ObjectNode body) {
        return workers.post(worker.baseUrl() + "/v1/audio/speech", body, SPEECH_TIMEOUT,
                limits.maxSpeechAnswerBytes(), "speech").map(HeldBody::bytes).chain(audio -> {
            OptionalLong millis = AudioFormats.wavMillis(audio);
            if (millis.isEmpty()) {
                throw unreadable("audio");
            }
            return store(task, List.of(new MediaWorkerClient.Media(audio, AudioFormats.WAV)))
                    .map(stored -> timed(task, "audio.speech", stored.get(0), millis.getAsLong(), worker));
        });
    }

    private Uni<Made> transcription(TaskSubmission task, RouteCandidate worker, ObjectNode body, Instant deadline) {
        String inputName = body.path("input_media").asText("input");
        String inputType = body.path("input_type").asText("application/octet-stream");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", worker.model());
        fields.put("response_format", "verbose_json");
        for (String optional : List.of("language", "prompt")) {
            if (body.path(optional).isTextual()) {
                fields.put(optional, body.get(optional).asText());
            }
        }
        return input(task, inputName, deadline).chain(input -> {
            if (input.isEmpty()) {
                throw new ApiFailure(410, "invalid_request_error", "input_gone",
                        "The audio to transcribe is no longer stored; submit it again");
            }
            byte[] audio = input.get().bytes();
            return workers.postForm(worker.baseUrl() + "/v1/audio/transcriptions", fields, audio, inputType,
                    TRANSCRIPTION_TIMEOUT).map(answer -> {
                        if (!answer.path("text").isTextual()) {
                            throw unreadable("transcription");
                        }
                        long millis = transcribedMillis(answer, audio);
                        ObjectNode result = result(task, "audio.transcription");
                        result.put("text", answer.get("text").asText());
                        if (answer.path("language").isTextual()) {
                            result.put("language", answer.get("language").asText());
                        }
                        result.put("duration_seconds", seconds(millis));
                        result.set("segments", segments(answer.path("segments")));
                        result.putObject("usage").put("seconds", seconds(millis));
                        return new Made(result, worker.workerId(), 0, millis);
                    });
        });
    }

    /**
     * The task's stored input, read whole. While task-service is too busy sending media to send it (503 with
     * {@code Retry-After}, as under many downloads), it is asked again once the wait it names passed (0.1 to 5 s),
     * until the task's deadline: a busy store is no reason to fail the task.
     */
    private Uni<Optional<MediaWorkerClient.Media>> input(TaskSubmission task, String name, Instant deadline) {
        return Uni.createFrom().deferred(() -> tasks.readWholeMedia(task.accountId(), task.taskId(), name))
                .onFailure(PeerBusy.class).retry().when(refusals -> refusals.onItem().transformToUniAndConcatenate(
                        refused -> {
                            Duration asked = ((PeerBusy) refused).retryAfter();
                            Duration wait = asked.compareTo(LONGEST_BUSY_WAIT) > 0 ? LONGEST_BUSY_WAIT
                                    : asked.compareTo(SHORTEST_BUSY_WAIT) < 0 ? SHORTEST_BUSY_WAIT : asked;
                            if (Instant.now().plus(wait).isAfter(deadline)) {
                                return Uni.createFrom().failure(refused);
                            }
                            return Uni.createFrom().item(refused).onItem().delayIt().by(wait);
                        }));
    }

    /**
     * OpenAI's Videos API: the job is created, polled until it is done, and its content piped to task-service (never
     * held: {@link VideoStore}); the worker is then asked to let it go, whatever the outcome (a job given up keeps no
     * GPU busy for nothing). Charged the seconds asked for, which the hold was made for: its bytes are not needed.
     */
    private Uni<Made> video(TaskSubmission task, RouteCandidate worker, ObjectNode body, Instant deadline) {
        String jobs = worker.baseUrl() + "/v1/videos";
        return workers.postJson(jobs, body, VIDEO_CALL_TIMEOUT).chain(job -> {
            String id = job.path("id").asText("");
            if (!id.matches("[A-Za-z0-9_-]{1,128}")) {
                throw unreadable("video job");
            }
            String url = jobs + "/" + id;
            return finished(url, deadline)
                    .chain(() -> videos.store(task, "0", url + "/content", deadline))
                    .map(bytes -> timed(task, "video.generation",
                            entry(task, 0, "video/mp4", bytes).put("size", body.path("size").asText()),
                            Long.parseLong(body.path("seconds").asText("4")) * 1000, worker))
                    .onTermination().invoke(() -> workers.delete(url));
        });
    }

    /** The result of a task that made one medium lasting {@code millis}, charged for those seconds. */
    private Made timed(TaskSubmission task, String object, ObjectNode medium, long millis, RouteCandidate worker) {
        ObjectNode result = result(task, object);
        result.putArray("data").add(medium.put("duration_seconds", seconds(millis)));
        result.putObject("usage").put("seconds", seconds(millis));
        return new Made(result, worker.workerId(), 0, millis);
    }

    /**
     * Polls a video job every {@link #VIDEO_POLL} until it completed (a few failed polls in a row are tolerated); its
     * failure, or the task's deadline, fails the attempt. Repeated, not recursive: half an hour of polls must not
     * nest.
     */
    private Uni<Void> finished(String url, Instant deadline) {
        Uni<JsonNode> poll = Uni.createFrom().deferred(() -> workers.getJson(url, VIDEO_CALL_TIMEOUT))
                .onFailure(MediaWorkerFailure.class).retry().withBackOff(VIDEO_POLL).atMost(VIDEO_POLL_RETRIES);
        return Multi.createBy().repeating().uni(() -> poll).withDelay(VIDEO_POLL)
                .whilst(job -> !done(job, deadline))
                .collect().last()
                .invoke(job -> {
                    if ("failed".equals(job.path("status").asText())) {
                        throw new MediaWorkerFailure(502, "The worker failed the video: "
                                + job.path("error").path("message").asText("no reason given"), true, false);
                    }
                    if (!"completed".equals(job.path("status").asText())) {
                        throw new MediaWorkerFailure(504, "The worker did not finish the video in time", true, true);
                    }
                })
                .replaceWithVoid();
    }

    /** A video job's poll that ends the polling: completed, failed, or the deadline passed. */
    private static boolean done(JsonNode job, Instant deadline) {
        String status = job.path("status").asText("");
        return "completed".equals(status) || "failed".equals(status) || Instant.now().isAfter(deadline);
    }

    /**
     * Stores each media item as {@code 0}, {@code 1}... with task-service, in turn; each becomes the result's entry
     * for it (URL, type, size). A task that already finished (run again after its outcome was stored) stores nothing
     * more, and its outcome is ignored as a replay.
     */
    private Uni<List<ObjectNode>> store(TaskSubmission task, List<MediaWorkerClient.Media> items) {
        List<ObjectNode> stored = new ArrayList<>();
        return Multi.createFrom().range(0, items.size())
                .onItem().transformToUniAndConcatenate(i -> tasks.storeResult(task.accountId(), task.taskId(),
                        Integer.toString(i), items.get(i).bytes(), items.get(i).contentType()).map(ignored -> {
                            stored.add(entry(task, i, items.get(i).contentType(), items.get(i).bytes().length));
                            return i;
                        }))
                .collect().asList().map(ignored -> stored);
    }

    /** The result's entry for a stored medium: where it is served, its type and size. */
    private ObjectNode entry(TaskSubmission task, int name, String contentType, long bytes) {
        return json.createObjectNode()
                .put("url", "/v2/tasks/" + task.taskId() + "/media/" + name)
                .put("content_type", contentType)
                .put("bytes", bytes);
    }

    private ObjectNode result(TaskSubmission task, String object) {
        ObjectNode result = json.createObjectNode()
                .put("object", object)
                .put("created", Instant.now().getEpochSecond())
                .put("model", task.model())
                .put("task_id", task.taskId())
                .put("mode", task.mode());
        String address = openGpuTasks.address(task.mode(), task.taskId());
        if (address != null) {
            result.put("task_address", address);
        }
        return result;
    }

    /**
     * A WAV's own duration, as its hold was worked out (a worker reading less of a WAV than it holds, say only a short
     * first data chunk, does not make the rest free); for other audio the worker's (verbose_json's seconds); else
     * 128 kbit/s, a common speech rate.
     */
    private static long transcribedMillis(JsonNode answer, byte[] audio) {
        OptionalLong wav = AudioFormats.wavMillis(audio);
        if (wav.isPresent()) {
            return wav.getAsLong();
        }
        if (answer.path("duration").isNumber() && answer.get("duration").asDouble() >= 0) {
            // Less a hair: 4.03 s is 4030.0000000000005 ms in floating point, not 4031.
            return (long) Math.ceil(answer.get("duration").asDouble() * 1000 - 1e-6);
        }
        return audio.length * 8L / 128;
    }

    /** A transcription's segments as OpenAI's verbose_json has them, and nothing else a worker may add. */
    private ArrayNode segments(JsonNode given) {
        ArrayNode segments = json.createArrayNode();
        for (JsonNode segment : given) {
            if (segments.size() == MAX_SEGMENTS) {
                break;
            }
            segments.addObject().put("id", segment.path("id").asInt(segments.size()))
                    .put("start", segment.path("start").asDouble())
                    .put("end", segment.path("end").asDouble())
                    .put("text", capped(segment.path("text").asText(""), MAX_PROMPT_CHARS));
        }
        return segments;
    }

    private static String capped(String text, int chars) {
        return text == null || text.length() <= chars ? text : text.substring(0, chars);
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    private static String imageType(byte[] image) {
        if (image.length > 8 && (image[0] & 0xFF) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            return "image/png";
        }
        if (image.length > 3 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8) {
            return "image/jpeg";
        }
        if (image.length > 12 && image[8] == 'W' && image[9] == 'E' && image[10] == 'B' && image[11] == 'P') {
            return "image/webp";
        }
        throw unreadable("images");
    }

    private static MediaWorkerFailure unreadable(String what) {
        return new MediaWorkerFailure(502, "The worker answered " + what + " that could not be read", true, false);
    }

    /**
     * A worker's refusal as the task's answer; a worker that could not answer, or answered more than is read, as 502
     * or 504.
     */
    private static Throwable answer(Throwable failure) {
        if (failure instanceof MediaStoreRefusal refused) {
            // What the worker made cannot be kept (over task-service's limit): asking again would make it again.
            return new ApiFailure(refused.status() == 413 ? 422 : 502, "invalid_request_error", "result_too_large",
                    refused.getMessage() + "; ask for less (fewer images, shorter audio or video)");
        }
        if (!(failure instanceof MediaWorkerFailure worker)) {
            return failure;
        }
        if (!worker.retryable() && worker.status() < 500) {
            return new ApiFailure(worker.status(), "invalid_request_error", "invalid_request", worker.getMessage());
        }
        return worker.timedOut() ? ApiFailure.upstreamTimeout() : ApiFailure.upstream(worker.getMessage());
    }
}

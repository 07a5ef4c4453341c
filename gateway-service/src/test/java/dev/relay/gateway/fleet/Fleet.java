package dev.relay.gateway.fleet;

import dev.relay.contracts.RedisKeys;
import dev.relay.contracts.internal.TaskSubmission;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test-side handle on the {@link FakeFleet}: keys in the fake auth-service, balances in the real Redis. */
public final class Fleet {

    /** A prompt containing this is answered by the healthy OpenAI worker after a second, not at once. */
    public static final String TAKES_A_SECOND = "[take a second]";

    /** A prompt containing this the Ollama worker refuses with a 400 whose error is {@link #OLLAMA_REFUSAL}. */
    public static final String REFUSED_BY_OLLAMA = "[refuse this]";
    /** A prompt containing this the healthy OpenAI worker answers saying it counted a trillion tokens of each kind. */
    public static final String COUNTS_A_TRILLION = "[count a trillion]";
    /** A request carrying this (as its {@code user}) is taken by the fake task-service after a second. */
    public static final String SLOW_TO_QUEUE = "slow-to-queue";

    /** A media of this name the fake task-service serves up to half its length, then closes the connection. */
    public static final String DIES_HALFWAY = "dies-halfway";
    /** A media of this name the fake task-service serves up to half its length, then sends nothing more, ever. */
    public static final String STALLS_HALFWAY = "stalls-halfway";
    /** A media of this name the fake task-service fails to read (500), however often it is asked. */
    public static final String FAILS_TO_READ = "fails-to-read";

    /** In a prompt to the trickle worker: it streams without counts, as a worker that only counts at the end. */
    public static final String NO_RUNNING_COUNTS = "[no running counts]";
    public static final String OLLAMA_REFUSAL = FakeWorkers.OLLAMA_REFUSAL;
    /** What the healthy vLLM worker's {@code /tokenize} answers, whatever it is asked to count. */
    public static final int TOKENIZED_COUNT = FakeWorkers.TOKENIZED_COUNT;

    /** The prompt length the trickle worker (test-trickle, a vLLM worker) reports with its usage on every chunk. */
    public static final int TRICKLE_PROMPT_TOKENS = FakeWorkers.TRICKLE_PROMPT_TOKENS;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Fleet() {
    }

    /** A fresh account with one key, on a tier without limits of its own. */
    public static TestKey newKey(int rpmLimit) {
        return keyOnTier("acct-" + UUID.randomUUID(), "standard", rpmLimit);
    }

    /** A new key of {@code accountId} (new or not) on {@code tier}. */
    public static TestKey keyOnTier(String accountId, String tier, int rpmLimit) {
        return key(accountId, tier, rpmLimit, List.of());
    }

    /** A new key, of a new account, restricted to {@code models} (auth's {@code allowed_models}). */
    public static TestKey newKeyFor(List<String> models) {
        return key("acct-" + UUID.randomUUID(), "standard", 1000, models);
    }

    /** A new funded key restricted to {@code models} (auth's {@code allowed_models}). */
    public static TestKey fundedKeyFor(RedisDataSource redis, List<String> models) {
        return funded(redis, newKeyFor(models), 1_000_000);
    }

    private static TestKey key(String accountId, String tier, int rpmLimit, List<String> allowedModels) {
        String secret = "relay_sk_" + UUID.randomUUID().toString().replace("-", "") + "Zq";
        TestKey key = new TestKey(secret, "key-" + UUID.randomUUID(), accountId);
        call("PUT", "/_stub/keys/" + sha256(secret), new JsonObject().put("keyId", key.keyId())
                .put("accountId", key.accountId()).put("tier", tier).put("rpmLimit", rpmLimit)
                .put("allowedModels", new JsonArray(allowedModels)).put("revoked", false).encode());
        return key;
    }

    public static TestKey fundedKey(RedisDataSource redis, long balanceMicro) {
        return funded(redis, newKey(1000), balanceMicro);
    }

    private static TestKey funded(RedisDataSource redis, TestKey key, long balanceMicro) {
        redis.value(String.class).set(RedisKeys.balance(key.accountId()), Long.toString(balanceMicro));
        return key;
    }

    /** A key whose lookup fails at auth-service (500), as when auth is in trouble. */
    public static TestKey keyAuthCannotLookUp() {
        String secret = "relay_sk_" + UUID.randomUUID().toString().replace("-", "") + "Br";
        call("PUT", "/_stub/keys/" + sha256(secret), new JsonObject().put("_broken", true).encode());
        return new TestKey(secret, null, null);
    }

    /** auth-service forgets the key, as after a revocation. */
    public static void forget(TestKey key) {
        call("DELETE", "/_stub/keys/" + sha256(key.secret()), null);
    }

    public static JsonObject lastBodySeenBy(String worker) {
        return new JsonObject(call("GET", "/_stub/workers/" + worker + "/body", null));
    }

    public static int callsSeenBy(String worker) {
        return Integer.parseInt(call("GET", "/_stub/workers/" + worker + "/calls", null).trim());
    }

    /** What the gateway submitted to task-service for a task. */
    public static JsonObject taskSubmitted(String taskId) {
        return new JsonObject(call("GET", "/_stub/tasks/" + taskId, null));
    }

    /** task-service has stored the task with this status (as when its executor's status event arrived). */
    public static void taskStored(TaskSubmission task, String status) {
        call("PUT", "/_stub/tasks/" + task.taskId(), new JsonObject().put("taskId", task.taskId())
                .put("accountId", task.accountId()).put("mode", task.mode()).put("model", task.model())
                .put("_status", status).encode());
    }

    /** How many times the gateway asked task-service about a task. */
    public static int taskLookups(String taskId) {
        return Integer.parseInt(call("GET", "/_stub/tasks/" + taskId + "/lookups", null).trim());
    }

    /** task-service keeps media for the task of {@code accountId}, as an executor stores what the task made. */
    public static void mediaStored(String accountId, String taskId, String name, String contentType, byte[] bytes) {
        int status = send(request("/internal/tasks/" + taskId + "/media/" + name + "?account_id=" + accountId)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", contentType).build())
                .statusCode();
        if (status != 204) {
            throw new IllegalStateException("the fake task-service answered " + status + " to stored media");
        }
    }

    /** The methods task-service was asked for a task's media with, in order ({@code GET}, {@code HEAD}). */
    public static List<String> mediaReads(String taskId, String name) {
        return new JsonArray(call("GET", "/_stub/media/" + taskId + "/" + name + "/reads", null)).stream()
                .map(String.class::cast).toList();
    }

    /**
     * task-service refuses the next {@code times} GETs of a task's media as too busy sending media (503 with
     * {@code Retry-After: 1}), as it does while it sends as many as it may at once.
     */
    public static void mediaReadsRefusedAsBusy(String taskId, String name, int times) {
        call("PUT", "/_stub/media/" + taskId + "/" + name + "/busy/" + times, null);
    }

    /** Whether an answer of task-service with this media was closed before it was sent whole. */
    public static boolean mediaCutShort(String taskId, String name) {
        return Boolean.parseBoolean(call("GET", "/_stub/media/" + taskId + "/" + name + "/cut", null).trim());
    }

    /**
     * The router routes {@code model} to a worker of the test's own at {@code baseUrl}, speaking {@code protocol}
     * (a media source: {@code image}, {@code audio}, {@code video}), and to no other.
     */
    public static void routedToOwnWorker(String model, String baseUrl, String protocol) {
        call("PUT", "/_stub/routes/" + model, new JsonObject().put("workerId", "own-" + model).put("baseUrl", baseUrl)
                .put("protocol", protocol).encode());
    }

    /** How many route requests the router got for a model. */
    public static int routesAskedFor(String model) {
        return Integer.parseInt(call("GET", "/_stub/routes/" + model, null).trim());
    }

    /** Makes the router's routing snapshot, which the gateway's mirror polls, fail (true) or answer again. */
    public static void routingSnapshotFails(boolean fails) {
        call("PUT", "/_stub/routing/down/" + fails, null);
    }

    /** The load signals the gateway sent the router about one worker, oldest first. */
    public static JsonArray signalsFor(String workerId) {
        return new JsonArray(call("GET", "/_stub/signals/" + workerId, null));
    }

    /** How many load signals of this kind and outcome the gateway sent the router about a worker. */
    public static long signalCount(String workerId, String kind, boolean ok) {
        return signalsFor(workerId).stream().map(JsonObject.class::cast)
                .filter(s -> kind.equals(s.getString("kind")) && s.getBoolean("ok") == ok).count();
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code length} bytes that look random, the same for the same length: what fake media workers make. */
    public static byte[] madeBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** The {@code index}th image the fake image worker makes: a PNG signature and some bytes of its own. */
    public static byte[] madeImage(int index) {
        byte[] png = madeBytes(1000 + index);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
        return png;
    }

    /** The speech the fake audio worker makes: {@code seconds} of 16 kHz 16-bit mono silence, as a WAV. */
    public static byte[] madeSpeech(int seconds) {
        return wav(16_000, 1, seconds * 16_000, false);
    }

    /** A PCM WAV file: {@code channels} of 16-bit samples at {@code rate}, {@code frames} of them, with an extra chunk. */
    public static byte[] wav(int rate, int channels, int frames, boolean listChunk) {
        int data = frames * channels * 2;
        int extra = listChunk ? 8 + 5 + 1 : 0; // an odd-sized chunk, padded
        ByteBuffer b = ByteBuffer.allocate(12 + 24 + extra + 8 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        if (listChunk) {
            b.put("LIST".getBytes()).putInt(5).put(new byte[6]);
        }
        b.put("data".getBytes()).putInt(data);
        return b.array();
    }

    /** Whether an answer of a fake media worker, for the task with this prompt, was closed before it was sent whole. */
    public static boolean mediaWorkerCutShort(String prompt) {
        return Boolean.parseBoolean(call("GET", "/_stub/media-workers/cut?prompt="
                + java.net.URLEncoder.encode(prompt, StandardCharsets.UTF_8), null).trim());
    }

    /**
     * Every upload of a task's media that reached task-service, ended or not: its Content-Length ({@code
     * contentLength}), or {@code chunked}, and how it {@code ended} if it did: {@code stored}, or broken off as
     * {@link #mediaUploadsBreak} had it, {@code closed} or {@code answered <status>}.
     */
    public static List<JsonObject> mediaUploads(String taskId, String name) {
        return new JsonArray(call("GET", "/_stub/media/" + taskId + "/" + name + "/uploads", null)).stream()
                .map(JsonObject.class::cast).toList();
    }

    /**
     * How the fake task-service breaks off an upload once it has read {@code afterBytes} of its body: its connection
     * closed unanswered, or {@code status} answered at once, the rest of the body unread.
     */
    public record UploadBreak(long afterBytes, int status) {

        public static UploadBreak closed(long afterBytes) {
            return new UploadBreak(afterBytes, 0);
        }

        public static UploadBreak answered(int status, long afterBytes) {
            return new UploadBreak(afterBytes, status);
        }
    }

    /** task-service breaks off the next uploads of a task's media, one for each of {@code breaks}; it stores later ones. */
    public static void mediaUploadsBreak(String taskId, String name, UploadBreak... breaks) {
        JsonArray planned = new JsonArray();
        for (UploadBreak planBreak : breaks) {
            planned.add(new JsonObject().put("afterBytes", planBreak.afterBytes()).put("status", planBreak.status()));
        }
        call("PUT", "/_stub/media/" + taskId + "/" + name + "/breaks", planned.encode());
    }

    /** The media task-service keeps for the task, as its owner reads them: 200 with them, or 404. */
    public static HttpResponse<byte[]> mediaKept(String accountId, String taskId, String name) {
        try {
            return HTTP.send(request("/internal/tasks/" + taskId + "/media/" + name + "?account_id=" + accountId)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("fake fleet unreachable", e);
        }
    }

    private static String call(String method, String path, String body) {
        return send(request(path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build()).body();
    }

    private static HttpRequest.Builder request(String path) {
        String base = ConfigProvider.getConfig().getValue("relay.gateway.auth-url", String.class);
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("fake fleet unreachable", e);
        }
    }

    public record TestKey(String secret, String keyId, String accountId) {
    }
}

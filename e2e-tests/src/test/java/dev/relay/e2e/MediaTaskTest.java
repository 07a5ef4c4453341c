package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Image, speech, transcription and video tasks through the real fleet: the gateway admits and queues them, a gateway
 * runs them on the simulated media workers (sim-5, sim-6, sim-7), task-service keeps what they made, and billing
 * charges exactly the images and seconds made, at the models' prices.
 */
class MediaTaskTest {

    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
    }

    @Test
    void imagesAreMadeStoredAndChargedPerImage() throws IOException {
        Account account = Account.funded(fleet, 5_000_000);

        JsonPath task = finished(account, submit(account, "/v2/image/flux/generate",
                Map.of("prompt", "a lighthouse at dawn", "n", 2, "size", "256x192")));

        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals("image.generation", task.getString("result.object"));
        assertEquals(2, task.getList("result.data").size());
        for (int i = 0; i < 2; i++) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                    media(account, task.getString("result.data[" + i + "].url"), "image/png")));
            assertEquals(256, image.getWidth());
            assertEquals(192, image.getHeight());
        }
        long perImage = Prices.of(fleet, "flux").perImageMicro();
        awaitBalance(account, 5_000_000 - 2 * perImage);
    }

    @Test
    void speechIsAWavFileChargedPerSecondItLasts() {
        Account account = Account.funded(fleet, 5_000_000);

        JsonPath task = finished(account, submit(account, "/v2/audio/tts/sesame",
                Map.of("input", "Relay turns text into speech on a simulated GPU worker.", "voice", "alloy")));

        assertEquals("completed", task.getString("status"), task.prettify());
        byte[] wav = media(account, task.getString("result.data[0].url"), "audio/wav");
        long millis = wavMillis(wav);
        assertTrue(millis > 0);
        assertEquals(millis / 1000.0, task.getDouble("result.data[0].duration_seconds"), 0.0005);
        long perSecond = Prices.of(fleet, "sesame").perSecondMicro();
        awaitBalance(account, 5_000_000 - ceilDiv(millis * perSecond, 1000));
    }

    @Test
    void audioIsTranscribedAndChargedForTheSecondsItLasts() {
        Account account = Account.funded(fleet, 5_000_000);
        byte[] threeSeconds = wav(16_000, 48_000);

        JsonPath task = finished(account, submit(account, "/v2/audio/asr/whisper",
                Map.of("audio", Base64.getEncoder().encodeToString(threeSeconds), "language", "en")));

        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals("audio.transcription", task.getString("result.object"));
        assertFalse(task.getString("result.text").isBlank());
        assertEquals(3.0, task.getDouble("result.duration_seconds"), 0.0005);
        long perSecond = Prices.of(fleet, "whisper").perSecondMicro();
        awaitBalance(account, 5_000_000 - 3 * perSecond);
    }

    @Test
    void aVideoIsMadeAsAnMp4AndChargedForItsSeconds() {
        Account account = Account.funded(fleet, 5_000_000);

        JsonPath task = finished(account, submit(account, "/v2/video/wan-25/t2v",
                Map.of("prompt", "waves on a beach", "seconds", 4, "size", "1280x720")));

        assertEquals("completed", task.getString("status"), task.prettify());
        byte[] mp4 = media(account, task.getString("result.data[0].url"), "video/mp4");
        assertEquals("ftyp", new String(mp4, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(4.0, task.getDouble("result.usage.seconds"), 0.0);
        awaitBalance(account, 5_000_000 - 4 * Prices.of(fleet, "wan-25").perSecondMicro());
    }

    @Test
    void aTasksMediaIsNotServedToAnotherAccount() {
        Account owner = Account.funded(fleet, 5_000_000);
        Account other = Account.funded(fleet, 5_000_000);
        JsonPath task = finished(owner, submit(owner, "/v2/image/flux/generate",
                Map.of("prompt", "a red square", "size", "64x64")));

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + other.key())
                .get(task.getString("result.data[0].url")).then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void aMediaRequestTheBalanceCannotCoverIs402AndCostsNothing() {
        Account poor = Account.funded(fleet, 10);

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + poor.key())
                .contentType("application/json").body(Map.of("prompt", "a cat"))
                .post("/v2/image/flux/generate").then().statusCode(402)
                .body("error.code", equalTo("insufficient_credits"));
        // Topped up for the fence's paid request: an image queued and made after all would be charged before it.
        poor.credit(1_000_000);
        poor.assertBalanceStays(1_000_010);
    }

    @Test
    void aMediaModelCalledForChatIs400NamingItsEndpoint() {
        Account account = Account.funded(fleet, 1_000_000);

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .contentType("application/json")
                .body(Map.of("model", "flux", "messages", List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.code", equalTo("model_not_supported"))
                .body("error.message", org.hamcrest.Matchers.containsString("/v2/image/flux/generate"));
        account.assertBalanceStays(1_000_000);
    }

    @Test
    void aMediaRequestForOpengpuModeIs400ModeNotSupportedAndCostsNothing() {
        // No opengpu worker serves flux: the answer must not depend on that (the router would say "not in that mode").
        Account account = Account.funded(fleet, 1_000_000);

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .contentType("application/json").body(Map.of("prompt", "a cat", "mode", "opengpu"))
                .post("/v2/image/flux/generate").then().statusCode(400)
                .body("error.code", equalTo("mode_not_supported"))
                .body("error.param", equalTo("mode"));
        account.assertBalanceStays(1_000_000);
    }

    @Test
    void mediaModelsAreListedForOpenAiClientsButNotAmongOllamasChatModels() {
        Account account = Account.funded(fleet, 1_000_000);

        List<String> openAi = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .get("/v1/models").then().statusCode(200).extract().jsonPath().getList("data.id");
        List<String> ollama = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .get("/v2/ollama/api/tags").then().statusCode(200).extract().jsonPath().getList("models.name");

        // Catalog ids: mode.source.model.
        assertTrue(openAi.contains("direct.image.flux") && openAi.contains("direct.audio.whisper"), openAi.toString());
        assertFalse(ollama.contains("flux") || ollama.contains("wan-25"), ollama.toString());
        assertTrue(ollama.contains("gpt-oss:20b"), ollama.toString());
    }

    private static String submit(Account account, String path, Map<String, Object> body) {
        return given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .contentType("application/json").body(body).post(path)
                .then().statusCode(202)
                .body("task_id", matchesPattern("direct:[0-9a-f-]{36}"))
                .body("status", equalTo("queued"))
                .extract().path("task_id");
    }

    private static JsonPath finished(Account account, String taskId) {
        AtomicReference<JsonPath> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonPath task = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                    .get("/v2/tasks/" + taskId + "?wait=20").then().statusCode(200).extract().jsonPath();
            last.set(task);
            return !List.of("queued", "running").contains(task.getString("status"));
        });
        return last.get();
    }

    private static byte[] media(Account account, String url, String type) {
        Response response = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key()).get(url);
        response.then().statusCode(200).header("Content-Type", type);
        return response.asByteArray();
    }

    private static void awaitBalance(Account account, long expected) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(expected, account.balanceMicro()));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** A mono 16-bit PCM WAV of {@code frames} samples of a tone at {@code rate}. */
    private static byte[] wav(int rate, int frames) {
        ByteBuffer b = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(frames * 2);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) (3000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return b.array();
    }

    /** The duration a WAV's own header gives: its data chunk's size over its byte rate. */
    private static long wavMillis(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        long byteRate = 0;
        int at = 12;
        while (at + 8 <= wav.length) {
            String id = new String(wav, at, 4, StandardCharsets.US_ASCII);
            int size = b.getInt(at + 4);
            if (id.equals("fmt ")) {
                byteRate = b.getInt(at + 16);
            } else if (id.equals("data")) {
                return ceilDiv(Math.min(size, wav.length - at - 8) * 1000L, byteRate);
            }
            at += 8 + size + (size & 1);
        }
        throw new AssertionError("no data chunk");
    }
}

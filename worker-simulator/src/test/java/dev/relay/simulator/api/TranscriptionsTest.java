package dev.relay.simulator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(MediaProfiles.Audio.class)
class TranscriptionsTest {

    private static RequestSpecification upload(byte[] file, String filename) {
        return given().multiPart("file", filename, file, "application/octet-stream").multiPart("model", "whisper");
    }

    private static Response transcribe(RequestSpecification request) {
        return request.post("/v1/audio/transcriptions");
    }

    @Test
    void verboseJsonGivesTheUploadedWavsDurationWithSegmentsCoveringIt() throws Exception {
        byte[] wav = Audio.wav(4.0, 16_000, 1);

        JsonPath answer = transcribe(upload(wav, "speech.wav").multiPart("response_format", "verbose_json")
                .multiPart("language", "de")).then().statusCode(200).contentType("application/json")
                .body("task", equalTo("transcribe")).body("language", equalTo("german"))
                .body("text", not(emptyString())).extract().jsonPath();

        assertEquals(4.0, answer.getDouble("duration"), 1e-9);
        List<Float> ends = answer.getList("segments.end", Float.class);
        assertEquals(4.0, ends.get(ends.size() - 1), 1e-6);
        assertEquals(0.0, answer.getDouble("segments[0].start"));
        assertEquals(10, answer.getString("text").split(" ").length, "2.5 words a second");
    }

    @Test
    void stereoWavPlaysForItsFramesNotItsBytes() throws Exception {
        byte[] wav = Audio.wav(2.0, 44_100, 2);

        transcribe(upload(wav, "stereo.wav").multiPart("response_format", "verbose_json")).then().statusCode(200)
                .body("duration", equalTo(2.0f));
    }

    @Test
    void jsonIsTheDefaultWithTheTextAndTheBilledSeconds() throws Exception {
        transcribe(upload(Audio.wav(2.5, 16_000, 1), "a.wav")).then().statusCode(200)
                .body("text", not(emptyString())).body("usage.type", equalTo("duration"))
                .body("usage.seconds", equalTo(3)).body("segments", equalTo(null));
    }

    @Test
    void textFormatIsPlainText() throws Exception {
        String text = transcribe(upload(Audio.wav(2.0, 16_000, 1), "a.wav").multiPart("response_format", "text"))
                .then().statusCode(200).contentType("text/plain").extract().asString();

        assertEquals(5, text.split(" ").length);
    }

    @Test
    void sameAudioGivesTheSameText() throws Exception {
        byte[] wav = Audio.wav(3.0, 16_000, 1);

        assertEquals(transcribe(upload(wav, "a.wav")).jsonPath().getString("text"),
                transcribe(upload(wav, "a.wav")).jsonPath().getString("text"));
    }

    @Test
    void otherAudioIsTimedBySizeAt128Kbits() {
        byte[] mp3 = new byte[48_000]; // three seconds at 16 000 bytes a second
        new Random(1).nextBytes(mp3);

        transcribe(upload(mp3, "a.mp3").multiPart("response_format", "verbose_json")).then().statusCode(200)
                .body("duration", equalTo(3.0f));
    }

    @Test
    void brokenWavIs400NamingTheFile() throws Exception {
        byte[] wav = Audio.wav(1.0, 16_000, 1);
        wav[28] ^= 0x55; // byte rate no longer matches the format

        transcribe(upload(wav, "a.wav")).then().statusCode(400).body("error.param", equalTo("file"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void fileOver25MegabytesIs413() throws Exception {
        // The JDK's client: RestAssured takes seconds to encode a 25 MB part.
        byte[] head = ("--b0undary\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n"
                + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.mp3\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\n--b0undary--\r\n".getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/v1/audio/transcriptions"))
                .header("content-type", "multipart/form-data; boundary=b0undary")
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(new byte[25 * 1024 * 1024 + 1]),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();

        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newHttpClient()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        }

        assertEquals(413, response.statusCode());
        JsonPath error = new JsonPath(response.body());
        assertEquals("invalid_request_error", error.getString("error.type"));
        assertEquals("file", error.getString("error.param"));
    }

    @Test
    void missingFileIs400() {
        transcribe(given().multiPart("model", "whisper")).then().statusCode(400).body("error.param", equalTo("file"))
                .body("error.code", equalTo("missing_required_parameter"));
    }

    @Test
    void unknownResponseFormatIs400() throws Exception {
        transcribe(upload(Audio.wav(1.0, 16_000, 1), "a.wav").multiPart("response_format", "srtx")).then()
                .statusCode(400).body("error.param", equalTo("response_format"));
    }

    @Test
    void languageThatIsNotAnIsoCodeIs400() throws Exception {
        transcribe(upload(Audio.wav(1.0, 16_000, 1), "a.wav").multiPart("language", "German")).then()
                .statusCode(400).body("error.param", equalTo("language"));
    }

    @Test
    void jsonBodyIs400() {
        given().contentType("application/json").body("{\"model\":\"whisper\"}").post("/v1/audio/transcriptions")
                .then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void textToSpeechModelCannotTranscribe() throws Exception {
        transcribe(given().multiPart("file", "a.wav", Audio.wav(1.0, 16_000, 1)).multiPart("model", "sesame"))
                .then().statusCode(400).body("error.code", equalTo("model_not_supported"));
    }

    @Test
    void unknownModelIs404ModelNotFound() throws Exception {
        transcribe(given().multiPart("file", "a.wav", Audio.wav(1.0, 16_000, 1)).multiPart("model", "whisper-1"))
                .then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void metricsListBothAudioModels() {
        String text = Metrics.scrape();

        assertFalse(text.contains("kv_cache"), "no KV cache on a media worker");
        assertEquals(0.0, Metrics.value("vllm:num_requests_waiting", "whisper"));
        assertEquals(0.0, Metrics.value("vllm:num_requests_waiting", "sesame"));
    }
}

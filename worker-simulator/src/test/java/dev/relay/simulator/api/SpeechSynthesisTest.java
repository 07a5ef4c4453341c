package dev.relay.simulator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(MediaProfiles.Audio.class)
class SpeechSynthesisTest {

    /** 45 characters: three seconds of speech at speed 1. */
    private static final String INPUT = "The quick brown fox jumps over the lazy dog!!";

    private static Response speak(String fields) {
        return given().contentType("application/json").body("{\"model\":\"sesame\"," + fields + "}")
                .post("/v1/audio/speech");
    }

    @Test
    void answersAMonoPcm16Wav24kHzLastingFifteenCharactersASecond() throws Exception {
        byte[] wav = speak("\"input\":\"" + INPUT + "\",\"voice\":\"nova\"").then().statusCode(200)
                .contentType("audio/wav").extract().asByteArray();

        try (AudioInputStream audio = Audio.read(wav)) {
            AudioFormat format = audio.getFormat();
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, format.getEncoding());
            assertEquals(24_000f, format.getSampleRate());
            assertEquals(16, format.getSampleSizeInBits());
            assertEquals(1, format.getChannels());
            assertEquals(3.0, Audio.seconds(audio), 1e-6);
        }
    }

    @Test
    void speedShortensTheSpeech() throws Exception {
        byte[] wav = speak("\"input\":\"" + INPUT + "\",\"speed\":2.0").then().statusCode(200).extract().asByteArray();

        try (AudioInputStream audio = Audio.read(wav)) {
            assertEquals(1.5, Audio.seconds(audio), 1e-6);
        }
    }

    @Test
    void shortInputStillLastsHalfASecond() throws Exception {
        byte[] wav = speak("\"input\":\"Hi\"").then().statusCode(200).extract().asByteArray();

        try (AudioInputStream audio = Audio.read(wav)) {
            assertEquals(0.5, Audio.seconds(audio), 1e-6);
        }
    }

    @Test
    void soundIsAQuietToneNotSilence() throws Exception {
        byte[] wav = speak("\"input\":\"" + INPUT + "\"").then().statusCode(200).extract().asByteArray();

        int peak = 0;
        for (int i = 44; i + 1 < wav.length; i += 2) {
            peak = Math.max(peak, Math.abs((short) ((wav[i] & 0xFF) | wav[i + 1] << 8)));
        }
        assertTrue(peak > 100 && peak < 8_000, "peak " + peak);
    }

    @Test
    void sameInputAndVoiceSoundTheSame() {
        String fields = "\"input\":\"" + INPUT + "\",\"voice\":\"echo\"";

        assertArrayEquals(speak(fields).asByteArray(), speak(fields).asByteArray());
    }

    @Test
    void pcmIsTheBareSamples() {
        byte[] pcm = speak("\"input\":\"" + INPUT + "\",\"response_format\":\"pcm\"").then().statusCode(200)
                .contentType("audio/pcm").extract().asByteArray();

        assertEquals(3 * 24_000 * 2, pcm.length);
    }

    @Test
    void otherFormatIs400UnsupportedFormat() {
        speak("\"input\":\"hi\",\"response_format\":\"mp3\"").then().statusCode(400)
                .body("error.param", equalTo("response_format"))
                .body("error.message", startsWith("unsupported format"));
    }

    @Test
    void speedOutOfRangeIs400() {
        speak("\"input\":\"hi\",\"speed\":4.5").then().statusCode(400).body("error.param", equalTo("speed"));
    }

    @Test
    void inputOverFourThousandNinetySixCharactersIs400() {
        speak("\"input\":\"" + "a".repeat(4097) + "\"").then().statusCode(400).body("error.param", equalTo("input"));
    }

    @Test
    void missingInputIs400() {
        speak("\"voice\":\"alloy\"").then().statusCode(400).body("error.code", equalTo("missing_required_parameter"));
    }

    @Test
    void speechToTextModelCannotSpeak() {
        given().contentType("application/json").body("{\"model\":\"whisper\",\"input\":\"hi\"}")
                .post("/v1/audio/speech").then().statusCode(400).body("error.code", equalTo("model_not_supported"));
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        given().contentType("application/json").body("{\"model\":\"tts-1\",\"input\":\"hi\"}").post("/v1/audio/speech")
                .then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void imageEndpointIs404OnAnAudioWorker() {
        given().contentType("application/json").body("{\"model\":\"sesame\",\"prompt\":\"x\"}")
                .post("/v1/images/generations").then().statusCode(404).body("error.code", equalTo("unknown_url"));
    }
}

package dev.relay.simulator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(MediaProfiles.Image.class)
class ImageGenerationsTest {

    private static Response generate(String body) {
        return given().contentType("application/json").body(body).post("/v1/images/generations");
    }

    private static byte[] picture(JsonPath answer, int index) {
        return Base64.getDecoder().decode(answer.getString("data[" + index + "].b64_json"));
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void generatesNPngsOfTheRequestedSize() throws Exception {
        JsonPath answer = generate("{\"model\":\"flux\",\"prompt\":\"a lighthouse at dusk\",\"n\":2,"
                + "\"size\":\"512x256\"}").then().statusCode(200).contentType("application/json")
                .body("created", notNullValue())
                .body("data.revised_prompt", equalTo(List.of("a lighthouse at dusk", "a lighthouse at dusk")))
                .body("usage.images", equalTo(2))
                .extract().jsonPath();

        for (int i = 0; i < 2; i++) {
            BufferedImage image = decode(picture(answer, i));
            assertEquals(512, image.getWidth());
            assertEquals(256, image.getHeight());
        }
        assertFalse(Arrays.equals(picture(answer, 0), picture(answer, 1)), "each picture differs");
    }

    @Test
    void defaultIsOnePictureOf1024Square() throws Exception {
        JsonPath answer = generate("{\"model\":\"qwen-image\",\"prompt\":\"a cat\",\"future_field\":true}")
                .then().statusCode(200).body("data.size()", equalTo(1)).extract().jsonPath();

        BufferedImage image = decode(picture(answer, 0));
        assertEquals(1024, image.getWidth());
        assertEquals(1024, image.getHeight());
    }

    @Test
    void samePromptAndSeedGiveTheSamePicture() {
        String body = "{\"model\":\"flux\",\"prompt\":\"a red fox\",\"seed\":7,\"size\":\"64x64\"}";

        assertArrayEquals(picture(generate(body).jsonPath(), 0), picture(generate(body).jsonPath(), 0));
    }

    @Test
    void sizeOffTheGridIs400NamingSize() {
        for (String size : List.of("1000x1001", "32x32", "4096x1024", "large")) {
            generate("{\"model\":\"flux\",\"prompt\":\"x\",\"size\":\"" + size + "\"}").then().statusCode(400)
                    .body("error.param", equalTo("size")).body("error.type", equalTo("invalid_request_error"));
        }
    }

    @Test
    void nOutsideOneToTenIs400() {
        generate("{\"model\":\"flux\",\"prompt\":\"x\",\"n\":11}").then().statusCode(400)
                .body("error.param", equalTo("n"));
    }

    @Test
    void urlResponseFormatIs400BecauseTheWorkerHostsNothing() {
        generate("{\"model\":\"flux\",\"prompt\":\"x\",\"response_format\":\"url\"}").then().statusCode(400)
                .body("error.param", equalTo("response_format"));
    }

    @Test
    void missingPromptIs400() {
        generate("{\"model\":\"flux\"}").then().statusCode(400)
                .body("error.code", equalTo("missing_required_parameter")).body("error.param", equalTo("prompt"));
    }

    @Test
    void malformedJsonIs400() {
        generate("{\"model\":").then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        generate("{\"model\":\"dall-e-3\",\"prompt\":\"x\"}").then().statusCode(404)
                .body("error.code", equalTo("model_not_found")).body("error.param", equalTo("model"));
    }

    @Test
    void speechEndpointIs404OnAnImageWorker() {
        given().contentType("application/json").body("{\"model\":\"flux\",\"input\":\"hi\"}").post("/v1/audio/speech")
                .then().statusCode(404).body("error.code", equalTo("unknown_url")).body("error.param", nullValue());
    }

    @Test
    void chatCompletionsIs404OnAnImageWorker() {
        given().contentType("application/json").body(Chats.body("flux", "")).post("/v1/chat/completions")
                .then().statusCode(404).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void modelsListsTheImageModelsAndHealthIs200() {
        given().get("/v1/models").then().statusCode(200).body("data.id", equalTo(List.of("flux", "qwen-image")));
        given().get("/health").then().statusCode(200);
    }

    @Test
    void failBeforeFaultIs500InTheEnvelope() {
        given().contentType("application/json").header("x-sim-fault", "fail-before")
                .body("{\"model\":\"flux\",\"prompt\":\"x\"}").post("/v1/images/generations")
                .then().statusCode(500).body("error.type", equalTo("server_error"));
    }

    @Test
    void failAfterFaultDropsTheConnectionWithoutAnAnswer() throws Exception {
        List<String> lines;
        String body = "{\"model\":\"flux\",\"prompt\":\"x\",\"size\":\"64x64\"}";
        try (RawHttp client = RawHttp.post("/v1/images/generations", body, "x-sim-fault: fail-after:0")) {
            lines = client.readToEnd();
        }

        assertEquals(List.of(), lines);
    }

    @Test
    void metricsExposeRunningAndWaitingPerModel() {
        String text = Metrics.scrape();

        for (String series : List.of("vllm:num_requests_running", "vllm:num_requests_waiting")) {
            for (String model : List.of("flux", "qwen-image")) {
                String sample = series + "{engine=\"0\",model_name=\"" + model + "\"} ";
                assertTrue(text.contains(sample), sample);
            }
        }
    }
}

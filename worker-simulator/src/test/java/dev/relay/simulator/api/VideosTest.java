package dev.relay.simulator.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.simulator.media.IsoBoxes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(MediaProfiles.Video.class)
class VideosTest {

    /** Videos this test made: deleted after it, so that none is still on the GPU when the next test counts. */
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteCreatedVideos() {
        created.forEach(id -> given().delete("/v1/videos/" + id));
    }

    private Response create(String fields) {
        return created(given().contentType("application/json")
                .body("{\"model\":\"wan-25\",\"prompt\":\"a calm sea\"" + fields + "}").post("/v1/videos"));
    }

    private Response created(Response response) {
        if (response.statusCode() == 200) {
            created.add(response.path("id"));
        }
        return response;
    }

    private String createdId(String fields) {
        return create(fields).then().statusCode(200).extract().path("id");
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                given().get("/v1/videos/" + id).then().statusCode(200).body("status", equalTo(status)));
    }

    @Test
    void createAnswersAQueuedVideoObject() {
        create(",\"seconds\":\"8\",\"size\":\"720x1280\"").then().statusCode(200)
                .body("id", startsWith("video_")).body("object", equalTo("video")).body("model", equalTo("wan-25"))
                .body("status", equalTo("queued")).body("progress", equalTo(0)).body("created_at", notNullValue())
                .body("completed_at", nullValue()).body("seconds", equalTo("8")).body("size", equalTo("720x1280"))
                .body("error", nullValue());
    }

    @Test
    void defaultsAreFourSecondsAt1280x720() {
        create("").then().statusCode(200).body("seconds", equalTo("4")).body("size", equalTo("1280x720"));
    }

    @Test
    void videoCompletesAndItsContentIsAnMp4OfThatDuration() {
        String id = createdId(",\"seconds\":4");

        awaitStatus(id, "completed");
        given().get("/v1/videos/" + id).then().body("progress", equalTo(100)).body("completed_at", notNullValue())
                .body("expires_at", notNullValue());
        byte[] mp4 = given().get("/v1/videos/" + id + "/content").then().statusCode(200).contentType("video/mp4")
                .extract().asByteArray();

        assertEquals(List.of("ftyp", "moov", "mdat"), IsoBoxes.parse(mp4).children().stream().map(IsoBoxes.Box::type)
                .toList());
        assertEquals(4.0, IsoBoxes.movieSeconds(mp4));
    }

    @Test
    void longVideoIsSeenInProgressAndCountsAsRunning() {
        String id = createdId(",\"seconds\":\"12\"");

        given().get("/v1/videos/" + id).then().body("status", equalTo("in_progress"));
        assertEquals(1.0, Metrics.value("vllm:num_requests_running", "wan-25"));
        given().delete("/v1/videos/" + id).then().statusCode(200);
        assertEquals(0.0, Metrics.value("vllm:num_requests_running", "wan-25"));
    }

    @Test
    void contentBeforeCompletionIs400() {
        String id = createdId(",\"seconds\":\"12\"");

        given().get("/v1/videos/" + id + "/content").then().statusCode(400)
                .body("error.code", equalTo("video_not_ready"));
    }

    @Test
    void deletedVideoIsGone() {
        String id = createdId("");

        given().delete("/v1/videos/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("object", equalTo("video.deleted")).body("deleted", equalTo(true));
        given().get("/v1/videos/" + id).then().statusCode(404).body("error.code", equalTo("not_found"));
    }

    @Test
    void unknownVideoIs404NotFound() {
        given().get("/v1/videos/video_nope/content").then().statusCode(404).body("error.code", equalTo("not_found"));
    }

    @Test
    void multipartCreateAsTheSdksSendIt() {
        created(given().multiPart("model", "wan-25").multiPart("prompt", "a calm sea").multiPart("seconds", "8")
                .post("/v1/videos")).then().statusCode(200).body("seconds", equalTo("8"));
    }

    @Test
    void secondsOtherThanFourEightOrTwelveIs400() {
        create(",\"seconds\":\"5\"").then().statusCode(400).body("error.param", equalTo("seconds"));
    }

    @Test
    void unsupportedSizeIs400() {
        create(",\"size\":\"1920x1080\"").then().statusCode(400).body("error.param", equalTo("size"));
    }

    @Test
    void missingPromptIs400() {
        given().contentType("application/json").body("{\"model\":\"wan-25\"}").post("/v1/videos").then()
                .statusCode(400).body("error.param", equalTo("prompt"));
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        given().contentType("application/json").body("{\"model\":\"sora-2\",\"prompt\":\"x\"}").post("/v1/videos")
                .then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void failAfterFaultMakesTheVideoFailPartWay() {
        String id = created(given().contentType("application/json").header("x-sim-fault", "fail-after:40")
                .body("{\"model\":\"wan-25\",\"prompt\":\"x\"}").post("/v1/videos")).then().statusCode(200)
                .extract().path("id");

        awaitStatus(id, "failed");
        given().get("/v1/videos/" + id).then().body("progress", equalTo(40))
                .body("error.code", equalTo("internal_error"));
    }

    @Test
    void failBeforeFaultIs500() {
        given().header("x-sim-fault", "fail-before").get("/v1/videos/video_x").then().statusCode(500)
                .body("error.type", equalTo("server_error"));
    }

    @Test
    void chatCompletionsIs404OnAVideoWorker() {
        given().contentType("application/json").body(Chats.body("wan-25", "")).post("/v1/chat/completions")
                .then().statusCode(404).body("error.code", equalTo("unknown_url"));
    }
}

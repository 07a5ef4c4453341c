package dev.relay.router.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.internal.RouteDecision;
import dev.relay.contracts.internal.RouteRequest;
import dev.relay.routing.RegistrySnapshot;
import dev.relay.routing.RouteDecider;
import dev.relay.routing.registry.WorkerRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeWorkers.class)
class RoutingTest {

    @Inject
    ObjectMapper json;

    static ValidatableResponse route(String model, String mode) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("model", model, "mode", mode, "prefixHashes", new long[] {1L, 2L}, "promptTokensEstimate", 10))
                .when().post("/internal/route").then();
    }

    @Test
    void unknownModelIsNotFound() {
        route("nobody/serves-" + UUID.randomUUID(), "auto").statusCode(404)
                .body("error.code", equalTo("model_not_found"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("model"));
    }

    @Test
    void staticWorkersFromConfigurationAreRegistered() {
        given().when().get("/internal/workers/fake-ollama").then().statusCode(200)
                .body("protocol", equalTo("ollama"))
                .body("mode", equalTo("direct"))
                .body("models", contains("test/ollama-model:7b"))
                .body("capacity", equalTo(8))
                .body("origin", equalTo("STATIC"));
    }

    @Test
    void plainModelIdRoutesToTheWorkerServingIt() {
        route("test/metrics-model", "auto").statusCode(200)
                .body("resolvedModel", equalTo("test/metrics-model"))
                .body("mode", equalTo("direct"))
                .body("source", equalTo("vllm"))
                .body("candidates.workerId", contains("fake-metrics"))
                .body("candidates[0].model", equalTo("test/metrics-model"))
                .body("candidates[0].protocol", equalTo("vllm"));
    }

    @Test
    void routingSnapshotLetsAGatewayRouteAsTheRouterDoes() throws Exception {
        String body = given().when().get("/internal/routing").then().statusCode(200).extract().asString();
        RegistrySnapshot snapshot = json.readValue(body, RegistrySnapshot.class); // as a gateway reads it
        WorkerRegistry mirror = new WorkerRegistry();
        mirror.follow(snapshot.workers(), Instant.now(), Duration.ofSeconds(10));
        RouteDecider gateway = snapshot.policy().assemble(mirror, Runnable::run).decider();

        RouteDecision decision = gateway.route(new RouteRequest("quick", "auto", null, List.of(), 10));

        assertEquals("test/auto-model", decision.resolvedModel()); // the router's configured alias came along
        assertEquals(route("quick", "auto").statusCode(200).extract().path("candidates[0].workerId"),
                decision.candidates().get(0).workerId());
    }

    @Test
    void configuredAliasResolvesToItsModel() {
        route("quick", "auto").statusCode(200).body("resolvedModel", equalTo("test/auto-model"));
    }

    @Test
    void defaultSmartAliasResolvesToDeepSeek() {
        route("smart", "auto").statusCode(200).body("resolvedModel", equalTo("deepseek-ai/DeepSeek-V3.1"));
    }

    @Test
    void fullModeSourceModelNameSelectsThatMode() {
        route("opengpu.vllm.test/auto-model", "auto").statusCode(200)
                .body("mode", equalTo("opengpu"))
                .body("source", equalTo("vllm"))
                .body("resolvedModel", equalTo("test/auto-model"))
                .body("candidates.workerId", contains("fake-opengpu"));
    }

    @Test
    void modelIdWithColonKeepsItAfterThePrefixes() {
        route("direct.ollama.test/ollama-model:7b", "auto").statusCode(200)
                .body("resolvedModel", equalTo("test/ollama-model:7b"))
                .body("candidates.workerId", contains("fake-ollama"));
    }

    @Test
    void modelNameWithSurroundingWhitespaceOrANulIsNotFound() {
        route("test/metrics-model ", "auto").statusCode(404).body("error.code", equalTo("model_not_found"));
        route("test/metrics-model\u0000", "auto").statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void modelCalledWithOllamasLatestTagIsTheUntaggedModel() {
        route("test/metrics-model:latest", "auto").statusCode(200)
                .body("resolvedModel", equalTo("test/metrics-model"))
                .body("candidates.workerId", contains("fake-metrics"));
    }

    @Test
    void sourceThatDoesNotServeTheModelIsNotFound() {
        route("direct.ollama.test/auto-model", "auto").statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void autoModePrefersDirectWorkersOverOpenGpu() {
        route("test/auto-model", "auto").statusCode(200)
                .body("mode", equalTo("direct"))
                .body("candidates.workerId", contains("fake-direct"));
    }

    @Test
    void autoModeFallsBackToOpenGpuWhenNoDirectWorkerServes() {
        route("test/opengpu-only", "auto").statusCode(200)
                .body("mode", equalTo("opengpu"))
                .body("candidates.workerId", contains("fake-opengpu"));
    }

    @Test
    void modelNoWorkerServesInTheAskedModeIsABadRequestNamingTheMode() {
        route("test/opengpu-only", "direct").statusCode(400)
                .body("error.code", equalTo("model_not_available_in_mode"))
                .body("error.param", equalTo("mode"))
                .body("error.message", containsString("direct mode"));
    }

    @Test
    void modeContradictingTheModeTheModelNameCarriesIsABadRequest() {
        route("opengpu.vllm.test/auto-model", "direct").statusCode(400)
                .body("error.code", equalTo("mode_conflict"))
                .body("error.param", equalTo("mode"));
        route("opengpu.vllm.test/auto-model", "opengpu").statusCode(200).body("mode", equalTo("opengpu"));
    }

    @Test
    void promptLongerThanEveryWorkersContextWindowIsRefused() {
        Map<String, Object> tooLong = Map.of("model", "test/metrics-model", "promptTokensEstimate",
                FakeWorkers.MAX_MODEL_LEN + 1);

        // The window is known once the worker's model list (max_model_len) has been read after startup.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().contentType(ContentType.JSON).body(tooLong).when().post("/internal/route").then()
                        .statusCode(400)
                        .body("error.code", equalTo("context_length_exceeded"))
                        .body("error.type", equalTo("invalid_request_error"))
                        .body("error.param", equalTo("messages"))
                        .body("error.message", containsString(String.valueOf(FakeWorkers.MAX_MODEL_LEN))));
    }

    @Test
    void unknownModeIsABadRequest() {
        route("test/auto-model", "fastest").statusCode(400).body("error.param", equalTo("mode"));
    }

    @Test
    void missingModelIsABadRequest() {
        given().contentType(ContentType.JSON).body(Map.of("mode", "auto")).when().post("/internal/route")
                .then().statusCode(400).body("error.param", equalTo("model"));
    }

    @Test
    void reportsForAnUnknownWorkerAreNotFound() {
        given().contentType(ContentType.JSON).body("{}").when().post("/internal/workers/nope-" + UUID.randomUUID() + "/started")
                .then().statusCode(404);
    }

    @Test
    void refusalsCarryExactlyMessageTypeParamAndCode() {
        Map<String, Object> error = given().contentType(ContentType.JSON).body("{not json")
                .when().post("/internal/workers/fake-spare/finished")
                .then().statusCode(400).extract().jsonPath().getMap("error");

        assertEquals(Set.of("message", "type", "param", "code"), error.keySet());
        assertEquals("invalid_request_error", error.get("type"));
        assertNull(error.get("param"));
    }

    @Test
    void theChosenWorkerIsRememberedForThePromptsPrefixBlocks() {
        int before = given().when().get("/internal/workers/fake-metrics").then().extract().path("signals.prefixBlocks");
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        long[] fresh = {random.nextLong(), random.nextLong(), random.nextLong()};

        given().contentType(ContentType.JSON).body(Map.of("model", "test/metrics-model", "prefixHashes", fresh))
                .when().post("/internal/route").then().statusCode(200);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/internal/workers/fake-metrics").then().body("signals.prefixBlocks", equalTo(before + 3)));
    }
}

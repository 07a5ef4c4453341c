package dev.relay.router.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeWorkers.class)
class WorkerSignalsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static String baseUrl(String workerId) {
        return ConfigProvider.getConfig().getValue("relay.router.workers." + workerId + ".base-url", String.class);
    }

    static Map<String, Object> worker(String id) {
        return given().when().get("/internal/workers/" + id).then().statusCode(200).extract().jsonPath().getMap("");
    }

    static void setHealth(String workerId, int status) {
        given().when().post(baseUrl(workerId) + "/control/health?status=" + status).then().statusCode(204);
    }

    static void finished(String workerId, boolean ok) {
        given().contentType(ContentType.JSON).body(Map.of("ok", ok, "ttft_ms", 12, "duration_ms", 340))
                .when().post("/internal/workers/" + workerId + "/finished").then().statusCode(204);
    }

    @Test
    void workerIsEjectedAfterConsecutiveFailedRequestsAndReadmittedAfterASuccessfulProbe() {
        for (int i = 0; i < 3; i++) {
            given().when().post("/internal/workers/fake-flaky/started").then().statusCode(204);
            finished("fake-flaky", false);
        }

        given().when().get("/internal/workers/fake-flaky").then()
                .body("health", equalTo("ejected"))
                .body("ejectionReason", equalTo("3 consecutive failed requests"));
        RoutingTest.route("test/flaky-model", "auto").statusCode(503).body("error.code", equalTo("no_worker_available"));
        given().when().get("/q/metrics").then().body(containsString("relay_router_worker_ejections_total{worker=\"fake-flaky\"}"));

        await().atMost(PATIENCE).untilAsserted(() ->
                given().when().get("/internal/workers/fake-flaky").then().body("health", equalTo("healthy")));
        RoutingTest.route("test/flaky-model", "auto").statusCode(200);
    }

    @Test
    void workerFailingItsProbesIsEjectedUntilItAnswersAgain() {
        setHealth("fake-spare", 503);
        try {
            await().atMost(PATIENCE).untilAsserted(() -> given().when().get("/internal/workers/fake-spare").then()
                    .body("health", equalTo("ejected"))
                    .body("lastProbeError", equalTo("HTTP 503 from /health")));
            given().when().get("/q/health/ready").then().body("checks.find { it.name == 'gpu-workers' }.data.fake-spare",
                    equalTo("active/ejected"));
        } finally {
            setHealth("fake-spare", 200);
        }
        await().atMost(PATIENCE).untilAsserted(() ->
                given().when().get("/internal/workers/fake-spare").then().body("health", equalTo("healthy")));
    }

    @Test
    void loadSignalsAreScrapedFromTheWorkersPrometheusMetrics() {
        String text = """
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{model_name="test/metrics-model"} 3
                vllm:num_requests_running{model_name="other"} 2
                vllm:num_requests_waiting{model_name="test/metrics-model"} 3
                vllm:kv_cache_usage_perc{model_name="test/metrics-model"} 0.42
                """;
        given().body(text).when().post(baseUrl("fake-metrics") + "/control/metrics").then().statusCode(204);

        await().atMost(PATIENCE).untilAsserted(() -> given().when().get("/internal/workers/fake-metrics").then()
                .body("signals.running", equalTo(5))
                .body("signals.waiting", equalTo(3))
                .body("signals.kvUsage", equalTo(0.42f))
                .body("signals.metricsAvailable", equalTo(true)));
    }

    @Test
    void ollamaWorkerIsProbedOnItsTagListAndFallsBackToInFlightCounts() {
        await().atMost(PATIENCE).untilAsserted(() -> given().when().get("/internal/workers/fake-ollama").then()
                .body("lastProbeAt", notNullValue())
                .body("lastProbeError", nullValue())
                .body("health", equalTo("healthy"))
                .body("signals.metricsAvailable", equalTo(false)));
    }

    @Test
    void gatewayReportsFeedInFlightAndLatencyAverages() {
        int before = given().when().get("/internal/workers/fake-direct").then().extract().path("signals.inFlight");
        given().when().post("/internal/workers/fake-direct/started").then().statusCode(204);
        given().when().get("/internal/workers/fake-direct").then().body("signals.inFlight", equalTo(before + 1));

        finished("fake-direct", true);

        given().when().get("/internal/workers/fake-direct").then()
                .body("signals.inFlight", equalTo(before))
                .body("signals.latencyEwmaMs", equalTo(340.0f))
                .body("signals.ttftEwmaMs", equalTo(12.0f));
    }

    @Test
    void catalogListsModelsWithContextWindowOwnerAndHealthyWorkers() {
        await().atMost(PATIENCE).untilAsserted(() -> given().when().get("/internal/models").then().statusCode(200)
                .body("find { it.id == 'direct.vllm.test/metrics-model' }.contextWindow", equalTo(FakeWorkers.MAX_MODEL_LEN))
                .body("find { it.id == 'direct.vllm.test/metrics-model' }.ownedBy", equalTo("test"))
                .body("find { it.id == 'direct.vllm.test/metrics-model' }.healthyWorkers", equalTo(1))
                .body("find { it.id == 'direct.vllm.test/metrics-model' }.mode", equalTo("direct"))
                .body("find { it.id == 'direct.vllm.test/metrics-model' }.source", equalTo("vllm"))
                .body("find { it.id == 'direct.ollama.test/ollama-model:7b' }.contextWindow", equalTo(32768))
                .body("find { it.id == 'direct.vllm.deepseek-ai/DeepSeek-V3.1' }.ownedBy", equalTo("deepseek-ai"))
                .body("id", hasItem("opengpu.vllm.test/opengpu-only")));
    }

    @Test
    void aliasesAreListed() {
        given().when().get("/internal/aliases").then().statusCode(200)
                .body("smart", equalTo("deepseek-ai/DeepSeek-V3.1"))
                .body("fast", equalTo("Qwen/Qwen3-Coder"))
                .body("cheap", equalTo("gpt-oss:20b"))
                .body("quick", equalTo("test/auto-model"));
    }

    @Test
    void malformedFinishedReportIsABadRequest() {
        given().contentType(ContentType.JSON).body("{not json").when().post("/internal/workers/fake-direct/finished")
                .then().statusCode(400).body("error.code", equalTo("invalid_report"));
    }
}

package dev.relay.simulator.api;

import static dev.relay.simulator.api.Chats.OTHER_MODEL;
import static dev.relay.simulator.api.Chats.body;
import static dev.relay.simulator.api.Chats.chat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsTest {

    @Test
    void exposesVllmSeriesWithModelNameLabels() {
        String text = RestAssured.given().get("/metrics").then().statusCode(200)
                .header("content-type", startsWith("text/plain; version=0.0.4")).extract().asString();

        for (String series : new String[] {"vllm:num_requests_running", "vllm:num_requests_waiting",
            "vllm:kv_cache_usage_perc", "vllm:prefix_cache_queries_total", "vllm:prefix_cache_hits_total",
            "vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:time_to_first_token_seconds_count"}) {
            assertTrue(text.contains(series + "{engine=\"0\",model_name=\"" + Chats.MODEL + "\"}"), series);
        }
        assertTrue(text.contains("# TYPE vllm:time_to_first_token_seconds histogram"));
        assertTrue(text.contains("vllm:time_to_first_token_seconds_bucket{engine=\"0\",model_name=\"" + Chats.MODEL
                + "\",le=\"+Inf\"}"));
    }

    @Test
    void tokenCountersAndTtftMoveByTheServedRequest() {
        double prompt = Metrics.value("vllm:prompt_tokens_total", OTHER_MODEL);
        double generated = Metrics.value("vllm:generation_tokens_total", OTHER_MODEL);
        double ttftCount = Metrics.value("vllm:time_to_first_token_seconds_count", OTHER_MODEL);

        JsonPath usage = chat(body(OTHER_MODEL, "\"max_tokens\":7,")).then().statusCode(200).extract().jsonPath();

        assertEquals(prompt + usage.getInt("usage.prompt_tokens"), Metrics.value("vllm:prompt_tokens_total", OTHER_MODEL));
        assertEquals(generated + 7, Metrics.value("vllm:generation_tokens_total", OTHER_MODEL));
        assertEquals(ttftCount + 1, Metrics.value("vllm:time_to_first_token_seconds_count", OTHER_MODEL));
    }

    @Test
    void repeatedSystemPromptCountsPrefixCacheHits() {
        String system = "You are a careful assistant. ".repeat(40) + Chats.uniquePrompt();
        String request = "{\"model\":\"" + OTHER_MODEL + "\",\"max_tokens\":2,\"messages\":[{\"role\":\"system\",\"content\":\""
                + system + "\"},{\"role\":\"user\",\"content\":\"%s\"}]}";
        chat(request.formatted("first")).then().statusCode(200);
        double hits = Metrics.value("vllm:prefix_cache_hits_total", OTHER_MODEL);
        double queries = Metrics.value("vllm:prefix_cache_queries_total", OTHER_MODEL);

        int prompt = chat(request.formatted("second")).then().statusCode(200).extract().path("usage.prompt_tokens");

        double newHits = Metrics.value("vllm:prefix_cache_hits_total", OTHER_MODEL) - hits;
        assertEquals(prompt, Metrics.value("vllm:prefix_cache_queries_total", OTHER_MODEL) - queries);
        assertTrue(newHits >= prompt - 32 && newHits < prompt, "hit " + newHits + " of " + prompt + " prompt tokens");
    }

    @Test
    void runningRequestsAndKvUseRiseUnderLoadAndFallWhenTheClientHangsUp() throws Exception {
        String longStream = body(OTHER_MODEL, "\"stream\":true,\"max_tokens\":30000,\"ignore_eos\":true,");
        try (RawHttp client = RawHttp.post("/v1/chat/completions", longStream)) {
            assertTrue(client.readUntil("\"content\":\"" ), "the stream started");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertEquals(1.0, Metrics.value("vllm:num_requests_running", OTHER_MODEL));
                assertTrue(Metrics.value("vllm:kv_cache_usage_perc", OTHER_MODEL) > 0.2);
            });
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals(0.0, Metrics.value("vllm:num_requests_running", OTHER_MODEL));
            assertEquals(0.0, Metrics.value("vllm:kv_cache_usage_perc", OTHER_MODEL));
        });
    }
}

package dev.relay.simulator.api;

import static dev.relay.simulator.api.Chats.MODEL;
import static dev.relay.simulator.api.Chats.body;
import static dev.relay.simulator.api.Chats.json;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FaultInjectionTest {

    @Test
    void failBeforeAnswers500AtOnce() {
        json().header("x-sim-fault", "fail-before").body(body(MODEL, "")).post("/v1/chat/completions")
                .then().statusCode(500).body("error.code", equalTo(500));
    }

    @Test
    void failBeforeOnOllamaIsAnOllamaError() {
        json().header("x-sim-fault", "fail-before").body(body(MODEL, "")).post("/api/chat")
                .then().statusCode(500).body("error", equalTo("injected failure (x-sim-fault: fail-before)"));
    }

    @Test
    void failAfterSendsThatManyContentChunksThenDropsWithoutDoneOrTerminatingChunk() throws Exception {
        List<String> lines;
        try (RawHttp client = RawHttp.post("/v1/chat/completions", body(MODEL, "\"stream\":true,\"max_tokens\":50,"),
                "x-sim-fault: fail-after:3")) {
            lines = client.readToEnd();
        }

        assertTrue(lines.get(0).startsWith("HTTP/1.1 200"));
        assertEquals(3, lines.stream().filter(l -> l.startsWith("data: ") && l.contains("\"content\":\"")
                && !l.contains("\"role\"")).count());
        assertTrue(lines.stream().noneMatch(l -> l.contains("[DONE]") || l.contains("finish_reason\":\"")));
        assertFalse(lines.contains("0"), "no terminating zero-length chunk");
    }

    @Test
    void failAfterOnOllamaDropsTheNdjsonStreamBeforeDone() throws Exception {
        List<String> lines;
        try (RawHttp client = RawHttp.post("/api/chat", body(MODEL, "\"options\":{\"num_predict\":50},"),
                "x-sim-fault: fail-after:2")) {
            lines = client.readToEnd();
        }

        assertEquals(2, lines.stream().filter(l -> l.startsWith("{\"model\"")).count());
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"done\":true")));
    }

    @Test
    void slowStillAnswersInFull() {
        json().header("x-sim-fault", "slow:50").body(body(MODEL, "\"max_tokens\":3,")).post("/v1/chat/completions")
                .then().statusCode(200).body("usage.completion_tokens", equalTo(3));
    }

    @Test
    void unknownFaultIs400() {
        json().header("x-sim-fault", "explode").body(body(MODEL, "")).post("/v1/chat/completions")
                .then().statusCode(400).body("error.message", org.hamcrest.Matchers.containsString("x-sim-fault"));
    }
}

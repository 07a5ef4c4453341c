package dev.relay.simulator.api;

import static dev.relay.simulator.api.Chats.MODEL;
import static dev.relay.simulator.api.Chats.body;
import static dev.relay.simulator.api.Chats.chat;
import static dev.relay.simulator.api.Chats.sseData;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.simulator.service.OutputPlanner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenAiChatTest {

    @Test
    void nonStreamingAnswerIsAChatCompletionWithConsistentUsage() {
        JsonPath answer = chat(body(MODEL, "")).then().statusCode(200)
                .body("id", startsWith("chatcmpl-"))
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo(MODEL))
                .body("created", greaterThan(0))
                .body("choices", hasSize(1))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .extract().jsonPath();
        int prompt = answer.getInt("usage.prompt_tokens");
        int completion = answer.getInt("usage.completion_tokens");
        assertTrue(prompt > 0);
        assertTrue(completion >= 16 && completion <= 64, "default length " + completion);
        assertEquals(prompt + completion, answer.getInt("usage.total_tokens"));
        assertFalse(answer.getString("choices[0].message.content").isBlank());
    }

    @Test
    void sameRequestGetsTheSameAnswerAndCounts() {
        String request = body(MODEL, "\"seed\":7,");
        JsonPath first = chat(request).then().statusCode(200).extract().jsonPath();
        JsonPath second = chat(request).then().statusCode(200).extract().jsonPath();

        assertEquals(first.getString("choices[0].message.content"), second.getString("choices[0].message.content"));
        assertEquals(first.getMap("usage"), second.getMap("usage"));
    }

    @Test
    void maxTokensAboveTheNaturalLengthIsOnlyACap() {
        chat(body(MODEL, "\"max_tokens\":4096,")).then().statusCode(200)
                .body("usage.completion_tokens", lessThanOrEqualTo(OutputPlanner.MAX_DEFAULT_TOKENS))
                .body("choices[0].finish_reason", equalTo("stop"));
    }

    @Test
    void ignoreEosGeneratesExactlyMaxTokens() {
        chat(body(MODEL, "\"max_tokens\":200,\"ignore_eos\":true,")).then().statusCode(200)
                .body("usage.completion_tokens", equalTo(200))
                .body("choices[0].finish_reason", equalTo("length"));
    }

    @Test
    void maxTokensBelowTheNaturalLengthCutsItAndFinishReasonIsLength() {
        chat(body(MODEL, "\"max_tokens\":5,")).then().statusCode(200)
                .body("usage.completion_tokens", equalTo(5))
                .body("choices[0].finish_reason", equalTo("length"));
        chat(body(MODEL, "\"max_completion_tokens\":3,")).then().statusCode(200)
                .body("usage.completion_tokens", equalTo(3));
    }

    @Test
    void stopSequenceCutsTheAnswerBeforeItAndIsTheStopReason() {
        String conversation = "\"messages\":[{\"role\":\"user\",\"content\":\"" + Chats.uniquePrompt() + "\"}]}";
        String request = "{\"model\":\"" + MODEL + "\",\"max_tokens\":40,";
        String full = chat(request + conversation).then().statusCode(200).extract().path("choices[0].message.content");
        String stop = full.substring(full.indexOf(' ', 5), full.indexOf(' ', 5) + 3);

        String cut = chat(request + "\"stop\":[\"" + stop + "\"]," + conversation)
                .then().statusCode(200).body("choices[0].finish_reason", equalTo("stop"))
                .body("choices[0].stop_reason", equalTo(stop)) // vLLM names the sequence that stopped it
                .extract().path("choices[0].message.content");
        assertEquals(full.substring(0, full.indexOf(stop)), cut);
    }

    @Test
    void severalChoicesWithNAreAnsweredTogether() {
        JsonPath answer = chat(body(MODEL, "\"n\":3,\"max_tokens\":4,")).then().statusCode(200)
                .body("choices", hasSize(3))
                .body("choices.index", equalTo(List.of(0, 1, 2)))
                .extract().jsonPath();
        assertEquals(12, answer.getInt("usage.completion_tokens"));
    }

    @Test
    void streamSendsRoleThenOneTokenPerChunkThenFinishUsageAndDone() {
        String stream = chat(body(MODEL, "\"stream\":true,\"max_tokens\":6,\"stream_options\":{\"include_usage\":true},"))
                .then().statusCode(200).header("content-type", startsWith("text/event-stream"))
                .extract().asString();
        List<String> data = sseData(stream);

        assertEquals("[DONE]", data.get(data.size() - 1));
        JsonPath first = JsonPath.from(data.get(0));
        assertEquals("chat.completion.chunk", first.getString("object"));
        assertEquals("assistant", first.getString("choices[0].delta.role"));
        List<String> tokens = data.subList(1, 7).stream()
                .map(d -> JsonPath.from(d).getString("choices[0].delta.content")).toList();
        tokens.forEach(token -> assertFalse(token.isEmpty()));
        assertEquals("length", JsonPath.from(data.get(7)).getString("choices[0].finish_reason"));
        JsonPath usage = JsonPath.from(data.get(8));
        assertTrue(usage.getList("choices").isEmpty());
        assertEquals(6, usage.getInt("usage.completion_tokens"));
        assertEquals(10, data.size());
        assertTrue(data.stream().limit(9).allMatch(d -> JsonPath.from(d).getString("id").equals(first.getString("id"))));
    }

    @Test
    void continuousUsageStatsPutTheCountsSoFarOnEveryChunk() {
        List<String> data = sseData(chat(body(MODEL, "\"stream\":true,\"max_tokens\":4,"
                + "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true},"))
                .then().statusCode(200).extract().asString());

        List<JsonPath> chunks = data.subList(0, data.size() - 1).stream().map(JsonPath::from).toList();
        int prompt = chunks.get(chunks.size() - 1).getInt("usage.prompt_tokens");
        assertTrue(prompt > 0);
        chunks.forEach(chunk -> assertEquals(prompt, chunk.getInt("usage.prompt_tokens")));
        assertEquals(0, chunks.get(0).getInt("usage.completion_tokens")); // the role chunk, before any token
        assertEquals(List.of(1, 2, 3, 4), chunks.subList(1, 5).stream()
                .map(chunk -> chunk.getInt("usage.completion_tokens")).toList());
        assertEquals(4, chunks.get(chunks.size() - 1).getInt("usage.completion_tokens"));
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        List<String> data = sseData(chat(body(MODEL, "\"stream\":true,\"max_tokens\":3,")).then().statusCode(200)
                .extract().asString());

        assertEquals("[DONE]", data.get(data.size() - 1));
        assertTrue(data.stream().noneMatch(d -> d.contains("\"usage\"")));
    }

    @Test
    void toolsAnswerWithACallOfTheChosenFunction() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"q\":{\"type\":\"string\"}}}}},{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}}}}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},";
        JsonPath answer = chat(body(MODEL, tools)).then().statusCode(200)
                .body("choices[0].finish_reason", equalTo("tool_calls"))
                .body("choices[0].message.content", nullValue())
                .body("choices[0].message.tool_calls[0].type", equalTo("function"))
                .body("choices[0].message.tool_calls[0].id", startsWith("call_"))
                .body("choices[0].message.tool_calls[0].function.name", equalTo("get_weather"))
                .extract().jsonPath();
        JsonPath arguments = JsonPath.from(answer.getString("choices[0].message.tool_calls[0].function.arguments"));
        assertTrue(arguments.getString("city") != null && !arguments.getString("city").isBlank());
        assertTrue(arguments.get("days") instanceof Integer);
    }

    @Test
    void toolChoiceNoneAnswersInText() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}],\"tool_choice\":\"none\",";
        chat(body(MODEL, tools)).then().statusCode(200)
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("choices[0].message.tool_calls", nullValue());
    }

    @Test
    void streamedToolCallNamesTheFunctionFirstThenStreamsArguments() {
        String tools = "\"stream\":true,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}}],";
        List<String> data = sseData(chat(body(MODEL, tools)).then().statusCode(200).extract().asString());

        JsonPath opening = JsonPath.from(data.get(1));
        assertEquals("lookup", opening.getString("choices[0].delta.tool_calls[0].function.name"));
        StringBuilder arguments = new StringBuilder();
        data.stream().filter(d -> d.contains("tool_calls")).forEach(d ->
                arguments.append(JsonPath.from(d).getString("choices[0].delta.tool_calls[0].function.arguments")));
        assertTrue(JsonPath.from(arguments.toString()).getString("q") != null);
        assertTrue(data.stream().anyMatch(d -> d.contains("\"finish_reason\":\"tool_calls\"")));
    }

    @Test
    void unknownModelIs404InTheOpenAiEnvelope() {
        chat(body("no/such-model", "")).then().statusCode(404)
                .body("error.message", startsWith("The model `no/such-model` does not exist"))
                .body("error.type", equalTo("NotFoundError"))
                .body("error.code", equalTo(404));
    }

    @Test
    void malformedJsonIs400InTheOpenAiEnvelope() {
        chat("{\"model\": ").then().statusCode(400)
                .body("error.type", equalTo("BadRequestError"))
                .body("error.code", equalTo(400))
                .body("error.message", startsWith("the request body is not valid JSON"));
    }

    @Test
    void missingMessagesIs400() {
        chat("{\"model\":\"" + MODEL + "\"}").then().statusCode(400)
                .body("error.message", startsWith("messages is required"));
    }

    @Test
    void requestBeyondTheContextWindowIs400() {
        chat(body(MODEL, "\"max_tokens\":40000,")).then().statusCode(400)
                .body("error.message", startsWith("This model's maximum context length is 32768 tokens"));
    }
}

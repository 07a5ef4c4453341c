package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class AnthropicDialectTest {

    static final String PATH = "/v2/anthropic/v1/messages";

    @Inject
    RedisDataSource redis;

    RequestSpecification client(String requestId) {
        return given().header("x-api-key", Fleet.fundedKey(redis, 1_000_000).secret()).header("x-request-id", requestId)
                .header("anthropic-version", "2023-06-01").contentType("application/json");
    }

    static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":64,\"stream\":" + stream + ",\"system\":\"be brief\","
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"say hello\"}]}]}";
    }

    /** A streamed answer (status 200) as text. */
    String streamed(String body) {
        return client(UUID.randomUUID().toString()).body(body).when().post(PATH).then().statusCode(200).extract()
                .asString();
    }

    @Test
    void fieldsOfTheWrongTypeAre400sNamingThem() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        Map.of("\"max_tokens\":64,\"system\":5,", "system",
                "\"max_tokens\":64,\"stop_sequences\":\"x\",", "stop_sequences",
                "\"max_tokens\":64,\"stop_sequences\":[\"x\",1],", "stop_sequences",
                "\"max_tokens\":\"5\",", "max_tokens",
                "\"max_tokens\":64,\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}],"
                        + "\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":\"yes\"},",
                "tool_choice.disable_parallel_tool_use").forEach((fields, named) ->
                client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\"," + fields + messages + "}")
                        .when().post(PATH).then().statusCode(400)
                        .body("type", equalTo("error"))
                        .body("error.type", equalTo("invalid_request_error"))
                        .body("error.message", startsWith(named + ": Input should be")));
    }

    @Test
    void aCompressedBodyIsA415OfTheInvalidRequestType() {
        client(UUID.randomUUID().toString()).header("Content-Encoding", "gzip").body(body("test-ok", false))
                .when().post(PATH).then().statusCode(415)
                .body("type", equalTo("error"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void moreStopSequencesThanWorkersTakeAreA400NamingStopSequences() {
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\",\"max_tokens\":64,"
                        + "\"stop_sequences\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", startsWith("stop_sequences: at most 4"));
    }

    @Test
    void topKReachesTheWorker() {
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\",\"max_tokens\":64,\"top_k\":7,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").when().post(PATH).then().statusCode(200);
        assertEquals(7, Fleet.lastBodySeenBy("ok").getInteger("top_k"));
    }

    @Test
    void anOllamaWorkersRefusalKeepsItsReason() {
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ollama\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + Fleet.REFUSED_BY_OLLAMA + "\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("type", equalTo("error"))
                .body("error.message", equalTo(Fleet.OLLAMA_REFUSAL));
    }

    @Test
    void aStopSequenceThatEndedTheAnswerIsItsStopReason() {
        String body = "{\"model\":\"test-ok\",\"max_tokens\":64,\"stop_sequences\":[\" fake\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        client(UUID.randomUUID().toString()).body(body).when().post(PATH).then().statusCode(200)
                .body("content[0].text", equalTo("hello from the"))
                .body("stop_reason", equalTo("stop_sequence"))
                .body("stop_sequence", equalTo(" fake"));

        String streamed = streamed(body.replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertTrue(streamed.contains("\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\" fake\""), streamed);
    }

    @Test
    void aMessageWithTheSystemRoleIs400() {
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error.message", equalTo("messages: role must be 'user' or 'assistant'"));
    }

    @Test
    void messageIsAnsweredInTheAnthropicShapeAndMetered() {
        String requestId = UUID.randomUUID().toString();
        client(requestId).body(body("test-ok", false)).when().post(PATH).then().statusCode(200)
                .body("type", equalTo("message"))
                .body("id", startsWith("msg_"))
                .body("role", equalTo("assistant"))
                .body("content[0].type", equalTo("text"))
                .body("content[0].text", equalTo("hello from the fake worker"))
                .body("stop_reason", equalTo("end_turn"))
                .body("usage.input_tokens", equalTo(7))
                .body("usage.output_tokens", equalTo(5));
        var sent = Fleet.lastBodySeenBy("ok");
        assertEquals("system", sent.getJsonArray("messages").getJsonObject(0).getString("role"));
        assertEquals(64, sent.getInteger("max_tokens"));
        assertEquals(5, UsageEvents.forRequest(requestId).get(0).path("completionTokens").asLong());
    }

    @Test
    void streamFollowsTheAnthropicEventSequence() {
        String text = streamed(body("test-ok", true));
        Matcher events = Pattern.compile("(?m)^event: (\\w+)$").matcher(text);
        List<String> names = events.results().map(m -> m.group(1)).distinct().toList();
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), names);
        assertTrue(text.contains("\"text_delta\""), text);
        assertTrue(text.contains("\"output_tokens\":5"), text);
    }

    @Test
    void aStreamsMessageStartCountsThePromptAsTheWorkerReportsIt() {
        String text = streamed(body("test-ok", true));
        String start = text.lines().filter(line -> line.contains("\"type\":\"message_start\"")).findFirst()
                .orElseThrow(() -> new AssertionError(text));
        assertTrue(start.contains("\"input_tokens\":7"), start);
    }

    @Test
    void aStreamWhoseWorkerCountsThePromptOnlyAtTheEndStartsWithRelaysEstimateAndEndsWithTheCount() {
        String text = streamed(body("test-ollama", true));
        String start = text.lines().filter(line -> line.contains("\"type\":\"message_start\"")).findFirst()
                .orElseThrow(() -> new AssertionError(text));
        String delta = text.lines().filter(line -> line.contains("\"type\":\"message_delta\"")).findFirst()
                .orElseThrow(() -> new AssertionError(text));
        // "system\nbe brief\nuser\nsay hello\n" at about four characters a token, 4 a message: not 0.
        assertTrue(start.contains("\"input_tokens\":16"), start);
        assertTrue(delta.contains("\"input_tokens\":9"), delta); // the Ollama worker's prompt_eval_count
    }

    @Test
    void midStreamFailureIsAnErrorEventNotAMessageStop() {
        String text = streamed(body("test-midfail", true));
        assertTrue(text.contains("event: error"), text);
        assertFalse(text.contains("message_stop"), text);
    }

    @Test
    void aWorkerDyingAfterAChunkWithoutContentFailsOverAsNothingWasWritten() {
        String text = streamed(body("test-rolefail", true));
        assertTrue(text.contains("\"text\":\"hello\""), text);
        assertTrue(text.contains("event: message_stop"), text);
        assertFalse(text.contains("event: error"), text);
    }

    static final String WEATHER_TOOL = "{\"name\":\"get_weather\",\"description\":\"Weather of a city\","
            + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}";

    static String withTools(boolean stream) {
        return "{\"model\":\"test-ok\",\"max_tokens\":64,\"stream\":" + stream + ",\"tools\":[" + WEATHER_TOOL + "],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"weather in Paris?\"}]}";
    }

    @Test
    void toolsReachTheWorkerAsOpenAiFunctions() {
        client(UUID.randomUUID().toString()).body(withTools(false)).when().post(PATH).then().statusCode(200);
        JsonObject function = Fleet.lastBodySeenBy("ok").getJsonArray("tools").getJsonObject(0);
        assertEquals("function", function.getString("type"));
        assertEquals("get_weather", function.getJsonObject("function").getString("name"));
        assertEquals("Weather of a city", function.getJsonObject("function").getString("description"));
        assertEquals("string", function.getJsonObject("function").getJsonObject("parameters")
                .getJsonObject("properties").getJsonObject("city").getString("type"));
    }

    @Test
    void toolChoiceBecomesOpenAisToolChoice() {
        Map<String, Object> expected = Map.of(
                "{\"type\":\"auto\"}", "auto",
                "{\"type\":\"any\"}", "required",
                "{\"type\":\"none\"}", "none",
                "{\"type\":\"tool\",\"name\":\"get_weather\"}",
                new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "get_weather")));
        expected.forEach((anthropic, openAi) -> {
            client(UUID.randomUUID().toString()).body(withTools(false).replace("\"tools\":", "\"tool_choice\":" + anthropic
                    + ",\"tools\":")).when().post(PATH).then().statusCode(200);
            assertEquals(openAi, Fleet.lastBodySeenBy("ok").getValue("tool_choice"), anthropic);
        });
    }

    @Test
    void toolUseAndToolResultHistoryBecomesToolCallsAndToolMessages() {
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\",\"max_tokens\":64,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me look.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"18 C\"},"
                + "{\"type\":\"text\",\"text\":\"and tomorrow?\"}]}]}").when().post(PATH).then().statusCode(200);
        JsonArray messages = Fleet.lastBodySeenBy("ok").getJsonArray("messages");
        JsonObject assistant = messages.getJsonObject(1);
        assertEquals("Let me look.", assistant.getString("content"));
        JsonObject call = assistant.getJsonArray("tool_calls").getJsonObject(0);
        assertEquals("toolu_1", call.getString("id"));
        assertEquals("get_weather", call.getJsonObject("function").getString("name"));
        assertEquals(new JsonObject().put("city", "Paris"), new JsonObject(call.getJsonObject("function").getString("arguments")));
        assertEquals(new JsonObject().put("role", "tool").put("tool_call_id", "toolu_1").put("content", "18 C"),
                messages.getJsonObject(2));
        assertEquals(new JsonObject().put("role", "user").put("content", "and tomorrow?"), messages.getJsonObject(3));
    }

    @Test
    void anImageAToolReturnedReachesTheWorkerInTheUserMessageAfterTheToolsText() {
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\",\"max_tokens\":64,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"what is on screen?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_2\","
                + "\"name\":\"screenshot\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"screenshot taken\"},{\"type\":\"image\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}]}]}]}")
                .when().post(PATH).then().statusCode(200);
        JsonArray messages = Fleet.lastBodySeenBy("ok").getJsonArray("messages");
        assertEquals(new JsonObject().put("role", "tool").put("tool_call_id", "toolu_2").put("content", "screenshot taken"),
                messages.getJsonObject(2));
        JsonObject user = messages.getJsonObject(3);
        assertEquals("user", user.getString("role"));
        assertEquals("data:image/png;base64,iVBORw0KGgo=",
                user.getJsonArray("content").getJsonObject(0).getJsonObject("image_url").getString("url"));
    }

    @Test
    void aToolResultWithABlockOtherThanTextOrImageIsA400NamingIt() {
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\",\"max_tokens\":64,\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_3\","
                + "\"content\":[{\"type\":\"document\",\"source\":{}}]}]}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error.message", startsWith("tool_result content: only text and image blocks"));
    }

    @Test
    void base64ImagesReachTheWorkerAsDataUrls() {
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\",\"max_tokens\":64,\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is this?\"},{\"type\":\"image\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}]}]}")
                .when().post(PATH).then().statusCode(200);
        JsonArray content = Fleet.lastBodySeenBy("ok").getJsonArray("messages").getJsonObject(0).getJsonArray("content");
        assertEquals("what is this?", content.getJsonObject(0).getString("text"));
        assertEquals("data:image/png;base64,iVBORw0KGgo=",
                content.getJsonObject(1).getJsonObject("image_url").getString("url"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"image/png|not base64!|base64", "image/bmp|iVBORw0KGgo=|media_type"})
    void aBase64ImageThatIsNotOneAnthropicTakesIsRefusedInItsShape(String mediaType, String data, String named) {
        int asked = Fleet.callsSeenBy("ok");
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\",\"max_tokens\":64,\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"" + mediaType + "\",\"data\":\"" + data + "\"}}]}]}")
                .when().post(PATH).then().statusCode(400)
                .body("type", equalTo("error"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString(named));
        assertEquals(asked, Fleet.callsSeenBy("ok"));
    }

    @Test
    void aContentBlockTheGatewayCannotCarryIsRefusedNotDropped() {
        client(UUID.randomUUID().toString()).body("{\"model\":\"test-ok\",\"max_tokens\":64,\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"text\","
                + "\"media_type\":\"text/plain\",\"data\":\"x\"}}]}]}").when().post(PATH).then().statusCode(400)
                .body("type", equalTo("error"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("document"));
    }

    @Test
    void aToolCallIsAToolUseBlockWithItsInputAsAnObject() {
        client(UUID.randomUUID().toString()).body(withTools(false)).when().post(PATH).then().statusCode(200)
                .body("content.size()", equalTo(1))
                .body("content[0].type", equalTo("tool_use"))
                .body("content[0].id", equalTo("call_fake1"))
                .body("content[0].name", equalTo("get_weather"))
                .body("content[0].input.city", equalTo("Paris"))
                .body("stop_reason", equalTo("tool_use"));
    }

    @Test
    void aStreamedToolCallIsAToolUseBlockWhoseInputArrivesAsInputJsonDeltas() {
        List<JsonObject> events = streamed(withTools(true)).lines().filter(l -> l.startsWith("data: "))
                .map(l -> new JsonObject(l.substring(6))).toList();
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop"),
                events.stream().map(e -> e.getString("type")).toList());
        JsonObject start = events.get(1);
        assertEquals(0, start.getInteger("index"));
        assertEquals(new JsonObject().put("type", "tool_use").put("id", "call_fake1").put("name", "get_weather")
                .put("input", new JsonObject()), start.getJsonObject("content_block"));
        String input = events.subList(2, 4).stream().map(e -> {
            assertEquals("input_json_delta", e.getJsonObject("delta").getString("type"));
            return e.getJsonObject("delta").getString("partial_json");
        }).reduce("", String::concat);
        assertEquals(new JsonObject().put("city", "Paris"), new JsonObject(input));
        assertEquals("tool_use", events.get(5).getJsonObject("delta").getString("stop_reason"));
    }

    @Test
    void textThenAToolCallAreTwoBlocksOneClosedBeforeTheNextOpens() {
        List<JsonObject> events = streamed(withTools(true).replace("test-ok", "test-chatty")).lines()
                .filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6))).toList();

        List<String> blocks = events.stream().filter(e -> e.getString("type").startsWith("content_block"))
                .map(e -> e.getString("type") + "@" + e.getInteger("index")).toList();
        assertEquals(List.of("content_block_start@0", "content_block_delta@0", "content_block_stop@0",
                "content_block_start@1", "content_block_delta@1", "content_block_delta@1", "content_block_stop@1"),
                blocks);
        assertEquals("text", events.get(1).getJsonObject("content_block").getString("type"));
        assertEquals("tool_use", events.get(4).getJsonObject("content_block").getString("type"));
    }

    @Test
    void parallelCallsWhoseFragmentsInterleaveAreEachOneWholeBlock() {
        List<JsonObject> events = streamed(withTools(true).replace("test-ok", "test-parallel")).lines()
                .filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6))).toList();

        // Each block's events come together: start, deltas, stop, and nothing for it after its stop.
        List<String> blocks = events.stream().filter(e -> e.getString("type").startsWith("content_block"))
                .map(e -> e.getString("type").substring("content_block_".length()) + "@" + e.getInteger("index"))
                .toList();
        assertEquals(List.of("start@0", "delta@0", "delta@0", "stop@0", "start@1", "delta@1", "stop@1"), blocks);
        Map<Integer, StringBuilder> inputs = new TreeMap<>();
        events.stream().filter(e -> "content_block_delta".equals(e.getString("type"))).forEach(e -> inputs
                .computeIfAbsent(e.getInteger("index"), i -> new StringBuilder())
                .append(e.getJsonObject("delta").getString("partial_json")));
        assertEquals("{\"city\":\"Paris\"}", inputs.get(0).toString());
        assertEquals("{\"city\":\"Rome\"}", inputs.get(1).toString());
        List<String> ids = events.stream().filter(e -> "content_block_start".equals(e.getString("type")))
                .map(e -> e.getJsonObject("content_block").getString("id")).toList();
        assertEquals(List.of("call_fake1", "call_fake2"), ids);
    }

    @Test
    void errorsUseTheAnthropicShape() {
        given().header("x-api-key", "relay_sk_wrong00000000000000000000000000").contentType("application/json")
                .body(body("test-ok", false)).when().post(PATH).then().statusCode(401)
                .body("type", equalTo("error"))
                .body("error.type", equalTo("authentication_error"));
        client(UUID.randomUUID().toString()).body(body("no-such-model", false)).when().post(PATH).then()
                .statusCode(404).body("error.type", equalTo("not_found_error"));
    }

    @Test
    void aParameterOutOfRangeIsAnInvalidRequestNamingIt() {
        client(UUID.randomUUID().toString())
                .body("{\"model\":\"test-ok\",\"max_tokens\":8,\"temperature\":7,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("temperature"));
    }

    @Test
    void relaysModeFieldIsReadAndCheckedAsOnTheOpenAiPaths() {
        client(UUID.randomUUID().toString())
                .body("{\"model\":\"test-ok\",\"max_tokens\":8,\"mode\":\"fastest\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("mode"));
    }

    @Test
    void malformedContentBlocksAre400sAsAnthropicAnswersThem() {
        for (String content : new String[] {
                "[{\"type\":\"text\",\"text\":5}]",
                "[{\"cache_control\":{}}]",
                "[{\"text\":\"a block without its type\"}]",
                "[{\"type\":\"tool_result\",\"content\":\"20 C\"}]",
                "[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":20}]",
                "[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":5}}]",
                "[{\"type\":\"image\",\"source\":{\"type\":\"url\"}}]"}) {
            client(UUID.randomUUID().toString())
                    .body("{\"model\":\"test-ok\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":"
                            + content + "}]}")
                    .when().post(PATH).then().statusCode(400)
                    .body("type", equalTo("error")).body("error.type", equalTo("invalid_request_error"));
        }
        client(UUID.randomUUID().toString())
                .body("{\"model\":\"test-ok\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                        + "\"name\":\"get_weather\",\"input\":\"Paris\"}]}]}")
                .when().post(PATH).then().statusCode(400).body("error.message", containsString("input"));
        client(UUID.randomUUID().toString())
                .body("{\"model\":\"test-ok\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":[{"
                        + "\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"20 C\",\"is_error\":\"yes\"}]}]}")
                .when().post(PATH).then().statusCode(400).body("error.message", containsString("is_error"));
    }

    @Test
    void anEmptyAnswerGivenBackAsHistoryIsTakenNotRefused() {
        // What Relay answers when a worker says nothing (a reasoning model out of tokens): a client puts it back as is.
        client(UUID.randomUUID().toString())
                .body("{\"model\":\"test-ok\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"\"}]},"
                        + "{\"role\":\"assistant\",\"content\":[]},{\"role\":\"user\",\"content\":\"again\"}]}")
                .when().post(PATH).then().statusCode(200).body("type", equalTo("message"));
    }

    @Test
    void missingMaxTokensIsAnInvalidRequest() {
        client(UUID.randomUUID().toString())
                .body("{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post(PATH).then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
    }
}

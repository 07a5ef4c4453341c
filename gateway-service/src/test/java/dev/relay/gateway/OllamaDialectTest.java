package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class OllamaDialectTest {

    static final String PATH = "/v2/ollama/api/chat";
    static final String GENERATE = "/v2/ollama/api/generate";

    @Inject
    RedisDataSource redis;

    RequestSpecification client() {
        return given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json");
    }

    static String body(String model, String stream) {
        return "{\"model\":\"" + model + "\"," + stream + "\"options\":{\"num_predict\":20,\"temperature\":0.2},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}";
    }

    @Test
    void showDescribesACatalogModelWithItsContextWindowAsNumCtx() {
        client().body("{\"model\":\"test-ok\"}").when().post("/v2/ollama/api/show").then().statusCode(200)
                .body("parameters", equalTo("num_ctx 8192"))
                .body("capabilities", equalTo(List.of("completion", "tools")))
                .body("details.family", equalTo(""));
    }

    @Test
    void showTakesTheModelByItsOlderNameField() {
        client().body("{\"name\":\"test-ok\"}").when().post("/v2/ollama/api/show").then().statusCode(200)
                .body("parameters", equalTo("num_ctx 8192"));
    }

    @Test
    void showOfAnUnknownModelIsA404InOllamasShape() {
        client().body("{\"model\":\"no-such-model\"}").when().post("/v2/ollama/api/show").then().statusCode(404)
                .body("error", containsString("no-such-model"));
    }

    @Test
    void showWithoutAModelIsA400InOllamasShape() {
        client().body("{}").when().post("/v2/ollama/api/show").then().statusCode(400)
                .body("error", containsString("model is required"));
    }

    @Test
    void psListsTheModelsAHealthyWorkerServes() {
        client().when().get("/v2/ollama/api/ps").then().statusCode(200)
                .body("models.name", equalTo(List.of("test-ok")))
                .body("models[0].size_vram", equalTo(0));
    }

    @Test
    void versionNamesTheOllamaReleaseWhoseApiIsSpoken() {
        given().when().get("/v2/ollama/api/version").then().statusCode(200)
                .body("version", matchesPattern("\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void nonStreamingAnswerIsOneOllamaObject() {
        client().body(body("test-ok", "\"stream\":false,")).when().post(PATH).then().statusCode(200)
                .body("message.content", equalTo("hello from the fake worker"))
                .body("done", equalTo(true))
                .body("prompt_eval_count", equalTo(7))
                .body("eval_count", equalTo(5));
        assertEquals(20, Fleet.lastBodySeenBy("ok").getInteger("max_tokens"));
    }

    @Test
    void streamsNdjsonByDefaultEndingWithTheCounts() {
        String text = client().body(body("test-ok", "")).when().post(PATH).then().statusCode(200).extract().asString();
        List<JsonObject> lines = text.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        assertEquals("hello", lines.get(0).getJsonObject("message").getString("content"));
        JsonObject last = lines.get(lines.size() - 1);
        assertTrue(last.getBoolean("done"));
        assertEquals(5, last.getInteger("eval_count"));
        assertTrue(lines.subList(0, lines.size() - 1).stream().noneMatch(l -> l.getBoolean("done")));
    }

    @Test
    void theLastLineCarriesOllamasDurationsThatAddUp() {
        String text = client().body(body("test-ok", "")).when().post(PATH).then().statusCode(200).extract().asString();
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        JsonObject last = new JsonObject(lines.get(lines.size() - 1));
        long total = last.getLong("total_duration");
        assertTrue(total > 0, last.encode());
        assertEquals(0, last.getLong("load_duration"));
        assertTrue(last.getLong("eval_duration") > 0, last.encode());
        assertEquals(total, last.getLong("prompt_eval_duration") + last.getLong("eval_duration"), last.encode());
    }

    @Test
    void midStreamFailureEndsWithAnErrorLine() {
        String text = client().body(body("test-midfail", "")).when().post(PATH).then().statusCode(200)
                .extract().asString();
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.get(lines.size() - 1).contains("\"error\""), text);
        assertFalse(text.contains("\"done\":true"), text);
    }

    @Test
    void numPredictMinusOneMeansNoLimitOfTheClientsSoTheModelsDefaultApplies() {
        for (int unlimited : new int[] {-1, -2}) {
            client().body("{\"model\":\"test-ok\",\"stream\":false,\"options\":{\"num_predict\":" + unlimited + "},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                    .when().post(PATH).then().statusCode(200).body("done", equalTo(true));
            assertEquals(100, Fleet.lastBodySeenBy("ok").getInteger("max_tokens")); // test-ok's defaultMaxTokens
        }
    }

    @Test
    void fieldsOfTheWrongTypeAre400sNamingThem() {
        Map.of("\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]", "stream must be",
                "\"options\":[1],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]", "options must be",
                "\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"images\":\"abc\"}]", "messages: images",
                "\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]", "messages: role").forEach((fields, said) ->
                client().body("{\"model\":\"test-ok\"," + fields + "}").when().post(PATH).then().statusCode(400)
                        .body("error", startsWith(said)));
    }

    @Test
    void numPredictAboveTheLimitIsRefusedNamingNumPredictNotMaxTokens() {
        client().body("{\"model\":\"test-ok\",\"options\":{\"num_predict\":200000},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error", equalTo("options.num_predict must be at most 128000"));
    }

    @Test
    void aMissingModelIsSaidToBeRequired() {
        client().body("{\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error", equalTo("model: Field required"));
    }

    @Test
    void anOptionOutOfRangeIsA400NamingIt() {
        client().body("{\"model\":\"test-ok\",\"options\":{\"temperature\":7},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error", containsString("temperature"));
    }

    @Test
    void aTopKOptionThatIsNoWholeNumberIsA400NamingItAndNoWorkerIsAsked() {
        int asked = Fleet.callsSeenBy("ollama");
        client().body("{\"model\":\"test-ollama\",\"stream\":false,\"options\":{\"top_k\":\"many\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error", equalTo("top_k: Input should be a valid integer"));
        assertEquals(asked, Fleet.callsSeenBy("ollama"));
    }

    @Test
    void relaysModeFieldIsReadAndCheckedAsOnTheOpenAiPaths() {
        client().body("{\"model\":\"test-ok\",\"mode\":\"fastest\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error", containsString("mode"));
    }

    @Test
    void numPredictZeroIsRefusedNamingNumPredict() {
        client().body("{\"model\":\"test-ok\",\"options\":{\"num_predict\":0},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error", containsString("num_predict"))
                .body("error", not(containsString("max_tokens")));
    }

    @Test
    void aWorkerDyingAfterAChunkWithoutContentFailsOverAsNothingWasWritten() {
        String text = client().body(body("test-rolefail", "")).when().post(PATH).then().statusCode(200)
                .extract().asString();
        List<JsonObject> lines = text.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        assertEquals("hello", lines.get(0).getJsonObject("message").getString("content"));
        assertTrue(lines.get(lines.size() - 1).getBoolean("done"), text);
    }

    static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}";

    static String withTools(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"tools\":[" + WEATHER_TOOL + "],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"weather in Paris?\"}]}";
    }

    @Test
    void toolsReachTheWorkerAsTheClientSentThem() {
        client().body(withTools("test-ok", false)).when().post(PATH).then().statusCode(200);
        assertEquals(new JsonArray().add(new JsonObject(WEATHER_TOOL)), Fleet.lastBodySeenBy("ok").getJsonArray("tools"));
    }

    @Test
    void formatBecomesResponseFormat() {
        String schema = "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}}}";
        client().body(body("test-ok", "\"stream\":false,\"format\":\"json\",")).when().post(PATH).then().statusCode(200);
        assertEquals(new JsonObject().put("type", "json_object"), Fleet.lastBodySeenBy("ok").getJsonObject("response_format"));
        client().body(body("test-ok", "\"stream\":false,\"format\":" + schema + ",")).when().post(PATH).then().statusCode(200);
        JsonObject format = Fleet.lastBodySeenBy("ok").getJsonObject("response_format");
        assertEquals("json_schema", format.getString("type"));
        assertEquals(new JsonObject(schema), format.getJsonObject("json_schema").getJsonObject("schema"));
    }

    @Test
    void toolCallsAndToolAnswersInTheHistoryTakeOpenAisShapeWithMatchingIds() {
        client().body("{\"model\":\"test-ok\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Paris\"}}}]},{\"role\":\"tool\",\"tool_name\":\"get_weather\",\"content\":\"18 C\"}]}")
                .when().post(PATH).then().statusCode(200);
        JsonArray messages = Fleet.lastBodySeenBy("ok").getJsonArray("messages");
        JsonObject call = messages.getJsonObject(1).getJsonArray("tool_calls").getJsonObject(0);
        assertEquals("function", call.getString("type"));
        assertEquals(new JsonObject().put("city", "Paris"), new JsonObject(call.getJsonObject("function").getString("arguments")));
        assertEquals(call.getString("id"), messages.getJsonObject(2).getString("tool_call_id"));
        assertEquals("18 C", messages.getJsonObject(2).getString("content"));
    }

    @Test
    void aWorkersToolCallIsAnOllamaToolCallWithArgumentsAsAnObject() {
        client().body(withTools("test-ok", false)).when().post(PATH).then().statusCode(200)
                .body("message.tool_calls[0].function.name", equalTo("get_weather"))
                .body("message.tool_calls[0].function.arguments.city", equalTo("Paris"))
                .body("done", equalTo(true));
    }

    @Test
    void aStreamedToolCallArrivesWholeInTheLineBeforeTheLast() {
        String text = client().body(withTools("test-ok", true)).when().post(PATH).then().statusCode(200)
                .extract().asString();
        List<JsonObject> lines = text.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        assertEquals(2, lines.size(), text);
        JsonObject function = lines.get(0).getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0)
                .getJsonObject("function");
        assertEquals("get_weather", function.getString("name"));
        assertEquals(new JsonObject().put("city", "Paris"), function.getJsonObject("arguments"));
        assertTrue(lines.get(1).getBoolean("done"));
    }

    @Test
    void parallelCallsWhoseFragmentsInterleaveArriveAsTwoWholeCalls() {
        String text = client().body(withTools("test-parallel", true)).when().post(PATH).then().statusCode(200)
                .extract().asString();

        JsonArray calls = text.lines().filter(l -> !l.isBlank()).map(JsonObject::new).findFirst().orElseThrow()
                .getJsonObject("message").getJsonArray("tool_calls");
        assertEquals(2, calls.size(), text);
        assertEquals(new JsonObject().put("city", "Paris"),
                calls.getJsonObject(0).getJsonObject("function").getJsonObject("arguments"), text);
        assertEquals(new JsonObject().put("city", "Rome"),
                calls.getJsonObject(1).getJsonObject("function").getJsonObject("arguments"), text);
    }

    @Test
    void aToolCallOfAWorkerThatDiedBeforeAnythingWasSentIsNotMergedIntoTheNextWorkersCall() {
        String text = client().body(withTools("test-toolfail-failover", true)).when().post(PATH).then().statusCode(200)
                .extract().asString();

        List<JsonObject> lines = text.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        JsonArray calls = lines.get(0).getJsonObject("message").getJsonArray("tool_calls");
        assertEquals(1, calls.size(), text);
        assertEquals(new JsonObject().put("city", "Paris"),
                calls.getJsonObject(0).getJsonObject("function").getJsonObject("arguments"), text);
        assertEquals(5, lines.get(lines.size() - 1).getInteger("eval_count"), "the counts of the worker that answered");
    }

    @Test
    void anOllamaWorkerGetsToolsAndHistoryInItsShapeAndItsCallsReachOpenAiClientsWithIds() {
        given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                .body("{\"model\":\"test-ollama\",\"tools\":[" + WEATHER_TOOL + "],\"messages\":["
                        + "{\"role\":\"user\",\"content\":\"weather?\"},{\"role\":\"assistant\",\"content\":null,"
                        + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}]},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"20 C\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].finish_reason", equalTo("tool_calls"))
                .body("choices[0].message.content", nullValue()) // only calls: null, as OpenAI answers, not ""
                .body("choices[0].message.tool_calls[0].id", startsWith("call_"))
                .body("choices[0].message.tool_calls[0].function.name", equalTo("get_weather"))
                .body("choices[0].message.tool_calls[0].function.arguments", equalTo("{\"city\":\"Paris\"}"));
        JsonObject sent = Fleet.lastBodySeenBy("ollama");
        assertEquals(new JsonArray().add(new JsonObject(WEATHER_TOOL)), sent.getJsonArray("tools"));
        JsonArray messages = sent.getJsonArray("messages");
        assertEquals(new JsonObject().put("city", "Rome"), messages.getJsonObject(1).getJsonArray("tool_calls")
                .getJsonObject(0).getJsonObject("function").getJsonObject("arguments"));
        assertEquals("get_weather", messages.getJsonObject(2).getString("tool_name"));
    }

    @Test
    void anOpenAiClientsStopStringDeveloperMessageAndTopKReachAnOllamaWorkerAsOllamaTakesThem() {
        given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                .body("{\"model\":\"test-ollama\",\"stop\":\"zz\",\"top_k\":5,\"messages\":["
                        + "{\"role\":\"developer\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        JsonObject sent = Fleet.lastBodySeenBy("ollama");
        assertEquals(new JsonArray().add("zz"), sent.getJsonObject("options").getJsonArray("stop"));
        assertEquals(5, sent.getJsonObject("options").getInteger("top_k"));
        assertEquals("system", sent.getJsonArray("messages").getJsonObject(0).getString("role"));
    }

    @Test
    void toolChoiceNoneReachesAnOllamaWorkerAsNoTools() {
        given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                .body("{\"model\":\"test-ollama\",\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"none\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        assertFalse(Fleet.lastBodySeenBy("ollama").containsKey("tools"));
    }

    @Test
    void aToolChoiceForcingACallIsRefusedForOllamaWorkersNamingItAndNoWorkerIsAsked() {
        int asked = Fleet.callsSeenBy("ollama");
        for (String choice : new String[] {"\"required\"",
                "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"}) {
            given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                    .body("{\"model\":\"test-ollama\",\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":" + choice
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}")
                    .when().post("/v1/chat/completions").then().statusCode(400)
                    .body("error.param", equalTo("tool_choice"));
        }
        assertEquals(asked, Fleet.callsSeenBy("ollama"));
    }

    @Test
    void logprobsAreRefusedForOllamaWorkersNamingThemAndNoWorkerIsAsked() {
        int asked = Fleet.callsSeenBy("ollama");
        given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                .body("{\"model\":\"test-ollama\",\"logprobs\":true,\"top_logprobs\":3,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("logprobs"));
        assertEquals(asked, Fleet.callsSeenBy("ollama"));
    }

    /** A chat message's images, or a generate prompt's. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            PATH + "|\"messages\":[{\"role\":\"user\",\"content\":\"what is this?\",\"images\":[\"/9j/4AAQSkZJRg==\"]}]",
            GENERATE + "|\"prompt\":\"what is this?\",\"images\":[\"/9j/4AAQSkZJRg==\"]"})
    void anOllamaClientsImagesReachAnOpenAiWorkerAsDataUrlsOfTheirType(String path, String fields) {
        client().body("{\"model\":\"test-ok\",\"stream\":false," + fields + "}").when().post(path).then()
                .statusCode(200);

        JsonArray content = Fleet.lastBodySeenBy("ok").getJsonArray("messages").getJsonObject(0).getJsonArray("content");
        assertEquals("what is this?", content.getJsonObject(0).getString("text"));
        assertEquals("data:image/jpeg;base64,/9j/4AAQSkZJRg==",
                content.getJsonObject(1).getJsonObject("image_url").getString("url"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            PATH + "|\"messages\":[{\"role\":\"user\",\"content\":\"what?\",\"images\":[\"data:image/png;base64,AA==\"]}]",
            GENERATE + "|\"prompt\":\"what?\",\"images\":[\"not base64!\"]"})
    void anImageThatIsNotBase64Is400InTheOllamaShapeAndNoWorkerIsAsked(String path, String fields) {
        int asked = Fleet.callsSeenBy("ok");
        client().body("{\"model\":\"test-ok\",\"stream\":false," + fields + "}").when().post(path).then()
                .statusCode(400).body("error", containsString("base64"));
        assertEquals(asked, Fleet.callsSeenBy("ok"));
    }

    @Test
    void anOpenAiClientsInlineImageReachesAnOllamaWorkerAsBase64() {
        given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                .body("{\"model\":\"test-ollama\",\"messages\":[{\"role\":\"user\",\"content\":["
                        + "{\"type\":\"text\",\"text\":\"what is this?\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);

        JsonObject message = Fleet.lastBodySeenBy("ollama").getJsonArray("messages").getJsonObject(0);
        assertEquals("what is this?", message.getString("content"));
        assertEquals(new JsonArray().add("iVBORw0KGgo="), message.getJsonArray("images"));
    }

    @Test
    void anImageByUrlForAModelOnlyOllamaWorkersServeIs400NamingMessagesAndNoWorkerIsAsked() {
        int asked = Fleet.callsSeenBy("ollama");
        given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                .body("{\"model\":\"test-ollama\",\"messages\":[{\"role\":\"user\",\"content\":["
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}")
                .when().post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("messages"))
                .body("error.message", containsString("inline"));
        assertEquals(asked, Fleet.callsSeenBy("ollama"));
    }

    @Test
    void errorsUseTheOllamaShape() {
        client().body(body("no-such-model", "\"stream\":false,")).when().post(PATH).then().statusCode(404)
                .body("error", equalTo("The model 'no-such-model' does not exist"));
        client().body("{oops").when().post(PATH).then().statusCode(400).body("error", equalTo("The request body is not valid JSON"));
    }

    @Test
    void generateAsksTheSystemTextAndPromptAsAOneTurnChatAndAnswersInResponse() {
        client().body("{\"model\":\"test-ok\",\"stream\":false,\"system\":\"be brief\",\"prompt\":\"say hello\","
                + "\"options\":{\"num_predict\":20}}").when().post(GENERATE).then().statusCode(200)
                .body("response", equalTo("hello from the fake worker"))
                .body("message", nullValue())
                .body("done", equalTo(true))
                .body("done_reason", equalTo("stop"))
                .body("eval_count", equalTo(5));

        JsonObject sent = Fleet.lastBodySeenBy("ok");
        assertEquals(new JsonArray().add(new JsonObject().put("role", "system").put("content", "be brief"))
                .add(new JsonObject().put("role", "user").put("content", "say hello")), sent.getJsonArray("messages"));
        assertEquals(20, sent.getInteger("max_tokens"));
    }

    @Test
    void generateStreamsNdjsonResponsePartsEndingWithTheCounts() {
        String text = client().body("{\"model\":\"test-ok\",\"prompt\":\"say hello\"}").when().post(GENERATE)
                .then().statusCode(200).contentType(startsWith("application/x-ndjson")).extract().asString();
        List<JsonObject> lines = text.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        assertEquals("hello", lines.get(0).getString("response"));
        JsonObject last = lines.get(lines.size() - 1);
        assertTrue(last.getBoolean("done"));
        assertEquals(5, last.getInteger("eval_count"));
        assertTrue(lines.stream().noneMatch(l -> l.containsKey("message")), text);
    }

    @Test
    void generateRefusesWhatAChatWorkerCannotDoNamingTheFieldAndNoWorkerIsAsked() {
        int asked = Fleet.callsSeenBy("ok");
        Map.of("\"prompt\":\"def f(\",\"suffix\":\"return x\"", "suffix (fill-in-the-middle) is not supported",
                "\"prompt\":\"hi\",\"raw\":true", "raw is not supported",
                "\"prompt\":\"hi\",\"raw\":\"yes\"", "raw must be true or false",
                "\"prompt\":\"hi\",\"context\":[1,2,3]", "context is not supported",
                "\"prompt\":\"hi\",\"template\":\"{{ .Prompt }}\"", "template is not supported",
                "\"prompt\":\"\"", "prompt must be a non-empty string",
                "\"prompt\":[\"hi\"]", "prompt must be a non-empty string",
                "\"prompt\":\"hi\",\"system\":7", "system must be a string",
                "\"prompt\":\"hi\",\"images\":\"abc\"", "images must be").forEach((fields, said) ->
                client().body("{\"model\":\"test-ok\"," + fields + "}").when().post(GENERATE).then().statusCode(400)
                        .body("error", startsWith(said)));
        assertEquals(asked, Fleet.callsSeenBy("ok"));
    }

    @Test
    void generateTakesTheEmptyDefaultsClientsSend() {
        client().body("{\"model\":\"test-ok\",\"stream\":false,\"prompt\":\"hi\",\"suffix\":\"\",\"context\":[],"
                + "\"raw\":false,\"template\":null,\"images\":[],\"keep_alive\":\"5m\"}")
                .when().post(GENERATE).then().statusCode(200).body("done", equalTo(true));
    }
}

package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class StrictOpenAiTest {

    static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @Inject
    RedisDataSource redis;

    ValidatableResponse post(String path, String body) {
        return given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                .body(body).when().post(path).then();
    }

    ValidatableResponse v2(String fields) {
        return post("/v2/openai/v1/chat/completions", "{\"model\":\"test-ok\"," + fields + MESSAGES + "}");
    }

    @Test
    void validRequestIsServedOnBothV2Paths() {
        v2("\"temperature\":0.5,\"mode\":\"direct\",").statusCode(200).body("object", equalTo("chat.completion"));
        post("/v2/vllm/v1/chat/completions", "{\"model\":\"test-ok\"," + MESSAGES + "}").statusCode(200);
    }

    @Test
    void temperatureAboveTwoIs422AtItsLocation() {
        v2("\"temperature\":2.5,").statusCode(422)
                .body("detail", hasSize(1))
                .body("detail[0].loc", contains("body", "temperature"))
                .body("detail[0].type", equalTo("less_than_equal"));
    }

    @Test
    void violationsAreAlsoSummarisedInTheOpenAiErrorEnvelopeForSdks() {
        v2("\"temperature\":2.5,\"frobnicate\":true,").statusCode(422)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("validation_error"))
                .body("error.message", allOf(containsString("body.temperature: "), containsString("body.frobnicate: ")));
    }

    @Test
    void unknownFieldIsRejectedOnV2() {
        v2("\"frobnicate\":true,").statusCode(422)
                .body("detail[0].loc", contains("body", "frobnicate"))
                .body("detail[0].type", equalTo("extra_forbidden"));
    }

    @Test
    void everyViolationIsReported() {
        v2("\"n\":11,\"top_p\":-0.1,\"max_tokens\":0,").statusCode(422).body("detail", hasSize(3));
    }

    @Test
    void topLogprobsNeedsLogprobs() {
        v2("\"top_logprobs\":3,").statusCode(422).body("detail[0].loc", contains("body", "top_logprobs"));
        v2("\"top_logprobs\":3,\"logprobs\":true,").statusCode(200);
    }

    @Test
    void moreThanFourStopSequencesIs422() {
        v2("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"],").statusCode(422).body("detail[0].type", equalTo("too_long"));
    }

    @Test
    void streamWithAsyncIs422() {
        v2("\"stream\":true,\"async\":true,").statusCode(422).body("detail[0].type", equalTo("value_error"));
    }

    @Test
    void unknownModeIs422() {
        v2("\"mode\":\"fastest\",").statusCode(422).body("detail[0].type", equalTo("enum"));
    }

    @Test
    void aModeThatIsNoStringIs422StringType() {
        v2("\"mode\":123,").statusCode(422).body("detail[0].type", equalTo("string_type"));
    }

    @Test
    void aToolChoiceNamingAFunctionNotAmongToolsIsRefusedBeforeAnyWorkerIsAsked() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}],";
        int asked = Fleet.callsSeenBy("ok");
        v2(tools + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}},")
                .statusCode(422)
                .body("detail[0].loc", contains("body", "tool_choice"))
                .body("detail[0].type", equalTo("value_error"));
        v2("\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}},").statusCode(422);
        assertEquals(asked, Fleet.callsSeenBy("ok"));
        // Naming a function among them, the same request is served.
        v2(tools + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},")
                .statusCode(200);
    }

    @Test
    void toolChoiceAndResponseFormatTakeOnlyOpenAisValues() {
        v2("\"tool_choice\":\"sometimes\",").statusCode(422)
                .body("detail[0].loc", contains("body", "tool_choice")).body("detail[0].type", equalTo("enum"));
        v2("\"tool_choice\":{\"type\":\"function\"},").statusCode(422)
                .body("detail[0].loc", contains("body", "tool_choice"));
        v2("\"response_format\":{\"type\":\"yaml\"},").statusCode(422)
                .body("detail[0].loc", contains("body", "response_format"));
        v2("\"tool_choice\":\"none\",\"response_format\":{\"type\":\"json_object\"},").statusCode(200);
    }

    @Test
    void streamOptionsIncludeUsageMustBeABooleanWhileOtherOptionsPass() {
        v2("\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"},").statusCode(422)
                .body("detail[0].loc", contains("body", "stream_options")).body("detail[0].type", equalTo("bool_type"));
        v2("\"stream\":true,\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":false},")
                .statusCode(200);
    }

    @Test
    void aWholeNumberWrittenAsAFloatIsTakenAsTheIntegerItIs() {
        v2("\"max_completion_tokens\":4.0,\"n\":1.0,").statusCode(200).body("object", equalTo("chat.completion"));
        var sent = Fleet.lastBodySeenBy("ok");
        assertEquals(4, sent.getValue("max_completion_tokens"), "the worker gets an integer: " + sent);
        assertEquals(1, sent.getValue("n"));
        post("/v1/chat/completions", "{\"model\":\"test-ok\",\"max_tokens\":4.0," + MESSAGES + "}").statusCode(200);
        assertEquals(4, Fleet.lastBodySeenBy("ok").getValue("max_tokens"));
    }

    @Test
    void aNumberWithAFractionWhereAnIntegerBelongsIs422() {
        v2("\"max_completion_tokens\":4.5,").statusCode(422)
                .body("detail[0].type", equalTo("int_from_float"))
                .body("detail[0].loc", contains("body", "max_completion_tokens"));
    }

    @Test
    void wrongTypeIs422() {
        v2("\"max_completion_tokens\":\"many\",").statusCode(422).body("detail[0].type", equalTo("int_type"));
    }

    @Test
    void missingMessagesIs422() {
        post("/v2/openai/v1/chat/completions", "{\"model\":\"test-ok\"}").statusCode(422)
                .body("detail[0].loc", contains("body", "messages"))
                .body("detail[0].type", equalTo("missing"));
    }

    @Test
    void emptyMessagesAreA422NotA400() {
        post("/v2/openai/v1/chat/completions", "{\"model\":\"test-ok\",\"messages\":[]}").statusCode(422)
                .body("detail[0].loc", contains("body", "messages"))
                .body("detail[0].type", equalTo("too_short"));
    }

    @Test
    void aMessageWithoutARoleIs422AtThatMessage() {
        post("/v2/openai/v1/chat/completions",
                "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"content\":\"x\"}]}")
                .statusCode(422)
                .body("detail[0].loc", contains("body", "messages", 1, "role"))
                .body("detail[0].type", equalTo("missing"));
    }

    @Test
    void aBlankModelIs422() {
        post("/v2/openai/v1/chat/completions", "{\"model\":\" \"," + MESSAGES + "}").statusCode(422)
                .body("detail[0].loc", contains("body", "model"))
                .body("detail[0].type", equalTo("string_too_short"));
    }

    @Test
    void moreThan2048MessagesIs422() {
        String many = ",{\"role\":\"user\",\"content\":\"\"}".repeat(2048);
        post("/v2/openai/v1/chat/completions", "{\"model\":\"test-ok\"," + MESSAGES.replace("}]", "}" + many + "]") + "}")
                .statusCode(422)
                .body("detail[0].loc", contains("body", "messages"))
                .body("detail[0].type", equalTo("too_long"));
    }

    @Test
    void malformedJsonIs422() {
        post("/v2/openai/v1/chat/completions", "{\"model\":").statusCode(422)
                .body("detail[0].type", equalTo("json_invalid"));
    }

    @Test
    void bodyThatIsJsonButNotAnObjectIs422AsFastApiSaysIt() {
        post("/v2/openai/v1/chat/completions", "[1,2]").statusCode(422)
                .body("detail[0].loc", contains("body"))
                .body("detail[0].type", equalTo("model_attributes_type"));
    }

    @Test
    void emptyBodyIs422Missing() {
        post("/v2/openai/v1/chat/completions", "").statusCode(422)
                .body("detail[0].loc", contains("body"))
                .body("detail[0].type", equalTo("missing"));
    }

    @Test
    void aMessageThatIsNotAnObjectIs422AtItsIndex() {
        post("/v2/openai/v1/chat/completions", "{\"model\":\"test-ok\",\"messages\":[\"hi\"]}").statusCode(422)
                .body("detail[0].loc", contains("body", "messages", 0))
                .body("detail[0].type", equalTo("dict_type"));
    }

    @Test
    void aContentPartWithoutATypeIs422AtThatPart() {
        post("/v2/openai/v1/chat/completions",
                "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}")
                .statusCode(422)
                .body("detail[0].loc", contains("body", "messages", 0, "content", 0));
    }

    @Test
    void aSeedBeyondALongIs422NamingTheBoundItPassed() {
        v2("\"seed\":99999999999999999999999,").statusCode(422)
                .body("detail[0].type", equalTo("less_than_equal"));
        v2("\"seed\":-99999999999999999999999,").statusCode(422)
                .body("detail[0].type", equalTo("greater_than_equal"));
    }
}

package dev.relay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.models.Model;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK (com.openai:openai-java) against the real fleet. */
class OpenAiJavaSdkTest {

    private static final String MODEL = "Qwen/Qwen3-Coder";
    private static Fleet fleet;
    private static Account account;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
        account = Account.funded(fleet, 5_000_000);
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(fleet.baseUrl + "/v1")
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    private static ChatCompletionCreateParams.Builder hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").maxCompletionTokens(5);
    }

    @Test
    void chatCompletionParsesIntoTheSdkTypes() {
        ChatCompletion completion = client(account.key()).chat().completions().create(hello(MODEL).build());

        assertTrue(completion.id().startsWith("chatcmpl-"));
        assertFalse(completion.choices().get(0).message().content().orElse("").isEmpty());
        assertEquals(5, completion.usage().orElseThrow().completionTokens());
    }

    @Test
    void streamedChatCompletionDeliversDeltas() {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream =
                client(account.key()).chat().completions().createStreaming(hello(MODEL).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(
                    choice -> choice.delta().content().ifPresent(text::append)));
        }
        assertFalse(text.isEmpty());
    }

    @Test
    void wrongKeyRaisesUnauthorizedException() {
        assertThrows(UnauthorizedException.class, () -> client("relay_sk_0000000000000000000000000000000000000000")
                .chat().completions().create(hello(MODEL).build()));
    }

    @Test
    void unknownModelRaisesNotFoundException() {
        assertThrows(NotFoundException.class,
                () -> client(account.key()).chat().completions().create(hello("no-such/model").build()));
    }

    @Test
    void aRequiredToolComesBackAsAToolCall() {
        ChatCompletion completion = client(account.key()).chat().completions().create(hello(MODEL)
                .maxCompletionTokens(64)
                .addFunctionTool(FunctionDefinition.builder().name("get_weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(
                                        Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                .build());

        ChatCompletionMessageToolCall call = completion.choices().get(0).message().toolCalls().orElseThrow().get(0);
        assertEquals("get_weather", call.asFunction().function().name());
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, completion.choices().get(0).finishReason());
    }

    @Test
    void modelListingIncludesTheSimulatedModels() {
        List<String> ids = client(account.key()).models().list().autoPager().stream().map(Model::id).toList();

        assertTrue(ids.stream().anyMatch(id -> id.endsWith(MODEL)), ids.toString());
    }

    @Test
    void anOutOfRangeParameterRaisesBadRequestException() {
        assertThrows(BadRequestException.class,
                () -> client(account.key()).chat().completions().create(hello(MODEL).temperature(7.0).build()));
    }

    @Test
    void anEmptyBalanceRaisesA402() {
        UnexpectedStatusCodeException refused = assertThrows(UnexpectedStatusCodeException.class,
                () -> client(Account.create(fleet, 0, 1000).key()).chat().completions().create(hello(MODEL).build()));
        assertEquals(402, refused.statusCode());
    }

    @Test
    void goingOverTheKeysRateLimitRaisesRateLimitException() {
        OpenAIClient limited = client(Account.create(fleet, 5_000_000, 1).key());
        limited.chat().completions().create(hello(MODEL).build());

        assertThrows(RateLimitException.class, () -> limited.chat().completions().create(hello(MODEL).build()));
    }
}

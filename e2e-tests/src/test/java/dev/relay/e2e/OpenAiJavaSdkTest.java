package dev.relay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
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
}

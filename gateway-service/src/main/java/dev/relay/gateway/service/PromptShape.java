package dev.relay.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway knows about a prompt before any worker sees it: token counts and prefix-block hashes.
 *
 * <p>Tokenisation is deliberately simple: the prompt is rendered as {@code role\ncontent\n} per message (text parts
 * of multi-part content joined by a space) and split on whitespace. That count, {@code tokenEstimate}, is below what
 * a real tokenizer makes of nearly any text, which is what refusing a prompt as too long needs. Every full block of {@code blockTokens} tokens gets a 64-bit FNV-1a hash chained from the previous
 * block's hash, so equal hashes at position i mean equal prompts up to the end of block i (prefix-cache affinity).
 *
 * <p>{@code tokenBound} is what reservations use: an upper bound of what any worker can count, so that the worst
 * case really is the worst case. A byte-level tokenizer never makes more tokens than the text has UTF-8 bytes, and a
 * chat template adds at most {@value #TEMPLATE_TOKENS_PER_MESSAGE} tokens per message and
 * {@value #TEMPLATE_TOKENS} for the assistant header; tool definitions count with their JSON, and an image
 * {@value #IMAGE_TOKENS} tokens, the most a vision model we know makes of one (Qwen2-VL at its largest size). The
 * bound also caps what a worker may say it counted: the reservation bounds the charge.
 *
 * <p>{@code tokenGuess} is what a prompt is billed at when its worker never said how many tokens it counted (a client
 * that left before an Ollama worker's last line, or before a non-streamed answer): about
 * {@value #CHARACTERS_PER_TOKEN} characters a token, as BPE tokenizers make of English (earlier tool calls' JSON
 * included), a few tokens of chat template a message and {@value #GUESSED_IMAGE_TOKENS} an image; never below
 * {@code tokenEstimate}. A whitespace count alone billed a prompt without spaces as two tokens,
 * whatever its length.
 */
public record PromptShape(int tokenEstimate, int tokenGuess, int tokenBound, List<Long> prefixHashes) {

    static final int CHARACTERS_PER_TOKEN = 4;
    static final int GUESSED_TEMPLATE_TOKENS_PER_MESSAGE = 4;
    /** Gemma 3 makes 256 tokens of any image, LLaVA 1.5 576, Qwen2-VL 4 to 16,384 by its size: a low, common one. */
    static final int GUESSED_IMAGE_TOKENS = 256;

    static final int TEMPLATE_TOKENS_PER_MESSAGE = 24;
    static final int TEMPLATE_TOKENS = 24;
    static final int IMAGE_TOKENS = 16_384;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    public static PromptShape of(JsonNode messages, JsonNode tools, int blockTokens, int maxBlocks) {
        String rendered = render(messages);
        String[] tokens = rendered.trim().split("\\s+");
        int count = tokens.length == 1 && tokens[0].isEmpty() ? 0 : tokens.length;
        List<Long> hashes = new ArrayList<>();
        long previous = FNV_OFFSET;
        for (int block = 0; block < maxBlocks && (block + 1) * blockTokens <= count; block++) {
            long hash = previous;
            for (int i = block * blockTokens; i < (block + 1) * blockTokens; i++) {
                hash = fnv(hash, tokens[i]);
                hash = fnv(hash, " ");
            }
            hashes.add(hash);
            previous = hash;
        }
        int messageCount = messages == null ? 0 : messages.size();
        String toolText = tools == null || tools.isNull() ? "" : tools.toString();
        long bound = rendered.getBytes(StandardCharsets.UTF_8).length + TEMPLATE_TOKENS
                + TEMPLATE_TOKENS_PER_MESSAGE * messageCount + toolText.getBytes(StandardCharsets.UTF_8).length;
        long callCharacters = 0;
        long images = 0;
        for (JsonNode message : messages == null ? List.<JsonNode>of() : messages) {
            if (message.has("tool_calls")) {
                bound += message.get("tool_calls").toString().getBytes(StandardCharsets.UTF_8).length;
                // What a chat template renders of a call: its name and arguments, not the JSON around them.
                for (JsonNode call : message.get("tool_calls")) {
                    JsonNode function = call.path("function");
                    callCharacters += function.path("name").asText("").length()
                            + function.path("arguments").asText("").length();
                }
            }
            for (JsonNode part : message.path("content")) {
                if ("image_url".equals(part.path("type").asText())) {
                    images++;
                }
            }
        }
        bound += images * IMAGE_TOKENS;
        long guess = Math.max(count, (rendered.length() + toolText.length() + callCharacters + CHARACTERS_PER_TOKEN - 1)
                / CHARACTERS_PER_TOKEN + GUESSED_TEMPLATE_TOKENS_PER_MESSAGE * messageCount
                + GUESSED_IMAGE_TOKENS * images);
        // Counted in a long and held there: a body of many small images must not wrap the bound round to a negative.
        int held = (int) Math.min(Integer.MAX_VALUE, bound);
        return new PromptShape(count, (int) Math.min(guess, held), held, List.copyOf(hashes));
    }

    static String render(JsonNode messages) {
        StringBuilder out = new StringBuilder();
        if (messages == null || !messages.isArray()) {
            return "";
        }
        for (JsonNode message : messages) {
            out.append(message.path("role").asText("")).append('\n');
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                out.append(content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    if (part.path("text").isTextual()) {
                        out.append(part.path("text").asText()).append(' ');
                    }
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static long fnv(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** Tokens a piece of generated text counts for, by the same whitespace rule. */
    public static int countTokens(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        return text.trim().split("\\s+").length;
    }
}

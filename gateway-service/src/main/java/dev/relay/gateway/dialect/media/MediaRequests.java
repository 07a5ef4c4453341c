package dev.relay.gateway.dialect.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.dialect.openai.FieldCheck;
import dev.relay.gateway.dialect.openai.InvalidRequest;
import dev.relay.gateway.dialect.openai.OpenAiChatRequests;
import dev.relay.gateway.dialect.openai.Violation;
import dev.relay.gateway.proxy.DataUrl;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relay's media requests ({@code /v2/image/{model}/generate}, {@code /v2/audio/tts/{model}},
 * {@code /v2/audio/asr/{model}}, {@code /v2/video/{model}/t2v}) read as the /v2 chat schema is: unknown fields and
 * every wrong type or range answered 422 {@code detail[]}, before anything is held or run. Each becomes the OpenAI
 * media request its worker takes, and the most it can use (images, seconds), which is what credit is held for.
 */
@ApplicationScoped
public class MediaRequests {

    /** OpenAI's own caps: a DALL-E prompt, a speech input. */
    static final int MAX_PROMPT_CHARS = 4000;
    static final int MAX_SPEECH_CHARS = 4096;
    /**
     * Audio to transcribe, decoded: 10 MB (OpenAI takes 25). It comes as base64 in a JSON body, which the gateway
     * holds and decodes in memory a few times over; 10 MB is 80 minutes of speech at 16 kbit/s.
     */
    public static final int MAX_AUDIO_BYTES = 10 * 1024 * 1024;
    private static final Pattern AUDIO_TYPE = Pattern.compile("audio/[a-z0-9][a-z0-9.+-]{0,63}");
    static final List<String> VIDEO_SIZES = List.of("1280x720", "720x1280", "1024x1792", "1792x1024");
    static final List<String> VIDEO_SECONDS = List.of("4", "8", "12");
    private static final Pattern SIZE = Pattern.compile("([1-9][0-9]{1,3})x([1-9][0-9]{1,3})");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]");

    private static final Map<String, BiConsumer<JsonNode, FieldCheck>> COMMON = Map.of(
            "mode", (v, c) -> c.mode(v),
            "async", (v, c) -> {
                c.bool(v);
                if (v.isBoolean() && !v.asBoolean()) {
                    c.fail("Value error, media requests always run as tasks: async may only be true", "value_error");
                }
            });
    private static final Map<String, BiConsumer<JsonNode, FieldCheck>> IMAGE = Map.of(
            "prompt", (v, c) -> c.text(v, MAX_PROMPT_CHARS),
            "negative_prompt", (v, c) -> c.text(v, MAX_PROMPT_CHARS),
            "n", (v, c) -> c.integer(v, 1, 10),
            "size", MediaRequests::imageSize,
            "seed", (v, c) -> c.integer(v, 0, 4_294_967_295L));
    private static final Map<String, BiConsumer<JsonNode, FieldCheck>> SPEECH = Map.of(
            "input", (v, c) -> c.text(v, MAX_SPEECH_CHARS),
            "voice", (v, c) -> c.text(v, 64),
            "speed", (v, c) -> c.number(v, 0.25, 4.0),
            "response_format", (v, c) -> c.oneOf(v, List.of("wav")));
    private static final Map<String, BiConsumer<JsonNode, FieldCheck>> TRANSCRIPTION = Map.of(
            "audio", (v, c) -> c.nonBlankString(v),
            "language", (v, c) -> {
                c.string(v);
                if (v.isTextual() && !LANGUAGE.matcher(v.asText()).matches()) {
                    c.fail("String should be an ISO-639-1 language code such as 'en'", "string_pattern_mismatch");
                }
            },
            "prompt", (v, c) -> c.text(v, MAX_PROMPT_CHARS));
    private static final Map<String, BiConsumer<JsonNode, FieldCheck>> VIDEO = Map.of(
            "prompt", (v, c) -> c.text(v, MAX_PROMPT_CHARS),
            "seconds", MediaRequests::videoSeconds,
            "size", (v, c) -> c.oneOf(v, VIDEO_SIZES));

    private final OpenAiChatRequests json;
    private final ObjectMapper mapper;

    public MediaRequests(OpenAiChatRequests json, ObjectMapper mapper) {
        this.json = json;
        this.mapper = mapper;
    }

    /** {@code /v2/image/{model}/generate}: {@code prompt}, {@code n} 1-10, {@code size} WxH, {@code seed}. */
    public MediaCall image(String model, Buffer bytes, String requestId) {
        ObjectNode body = checked(bytes, IMAGE, "prompt");
        int n = body.path("n").asInt(1);
        ObjectNode worker = mapper.createObjectNode()
                .put("prompt", body.get("prompt").asText())
                .put("n", n)
                .put("size", body.path("size").asText("1024x1024"))
                .put("response_format", "b64_json");
        copy(body, worker, "seed", "negative_prompt");
        return new MediaCall(TaskSubmission.IMAGE, model, mode(body), worker, n, 0, null, requestId);
    }

    /**
     * {@code /v2/audio/tts/{model}}: {@code input}, {@code voice}, {@code speed}. The hold covers the input read at
     * 4 characters a second (English voices read 14-16 at speed 1, Chinese ones 4-5; numbers read out take longer),
     * slower still at a {@code speed} below 1, plus 2 s; the speech made is metered to the millisecond.
     */
    public MediaCall speech(String model, Buffer bytes, String requestId) {
        ObjectNode body = checked(bytes, SPEECH, "input");
        String input = body.get("input").asText();
        double speed = body.path("speed").asDouble(1.0);
        ObjectNode worker = mapper.createObjectNode()
                .put("input", input)
                .put("voice", body.path("voice").asText("alloy"))
                .put("speed", speed)
                .put("response_format", "wav");
        long worstMillis = (long) Math.ceil(input.length() * 1000.0 / (4 * Math.min(speed, 1.0))) + 2000;
        return new MediaCall(TaskSubmission.SPEECH, model, mode(body), worker, 0, worstMillis, null, requestId);
    }

    /**
     * {@code /v2/audio/asr/{model}}: {@code audio} (base64, or a data: URL), {@code language}, {@code prompt}. A WAV
     * file's duration is read from its header; other audio is held as if it were 16 kbit/s, less than any speech
     * codec's usual rate, and metered at the duration the worker reports.
     */
    public MediaCall transcription(String model, Buffer bytes, String requestId) {
        ObjectNode body = checked(bytes, TRANSCRIPTION, "audio");
        String given = body.get("audio").asText();
        int payload = DataUrl.base64PayloadStart(given);
        // Only a plain audio type is kept from a data: URL (it is stored and served back as the input's type).
        String declared = payload < 0 ? null : given.substring("data:".length(), given.indexOf(';'))
                .toLowerCase(java.util.Locale.ROOT);
        declared = declared != null && AUDIO_TYPE.matcher(declared).matches() ? declared : null;
        byte[] audio;
        try {
            // Strict: a character that is not base64 (a data: URL without its comma, base64url) is refused, not
            // skipped. Line breaks, as MIME writers add them, are taken out first.
            String encoded = LINE_BREAKS.matcher(payload < 0 ? given : given.substring(payload)).replaceAll("");
            if (encoded.length() % 4 != 0) {
                throw new IllegalArgumentException("base64 without its padding"); // "QQ" is not one whole byte
            }
            audio = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw invalid("audio", "Value error, audio must be base64, or a data: URL with a base64 payload");
        }
        if (audio.length == 0) {
            throw invalid("audio", "Value error, audio is empty");
        }
        if (audio.length > MAX_AUDIO_BYTES) {
            throw invalid("audio", "Value error, audio may be at most 10 MiB");
        }
        long worstMillis;
        if (AudioFormats.isWav(audio)) {
            OptionalLong millis = AudioFormats.wavMillis(audio);
            if (millis.isEmpty()) {
                throw invalid("audio", "Value error, audio is a WAV file whose header cannot be read");
            }
            worstMillis = Math.max(1, millis.getAsLong());
        } else {
            worstMillis = Math.max(1000, audio.length / 2L); // 16 kbit/s: 2 bytes a millisecond
        }
        String type = AudioFormats.typeOf(audio, declared);
        ObjectNode worker = mapper.createObjectNode()
                .put("response_format", "verbose_json")
                .put("input_media", "input")
                .put("input_type", type);
        copy(body, worker, "language", "prompt");
        return new MediaCall(TaskSubmission.TRANSCRIPTION, model, mode(body), worker, 0, worstMillis,
                new MediaCall.MediaInput(audio, type), requestId);
    }

    /** {@code /v2/video/{model}/t2v}: {@code prompt}, {@code seconds} 4, 8 or 12, {@code size}. */
    public MediaCall video(String model, Buffer bytes, String requestId) {
        ObjectNode body = checked(bytes, VIDEO, "prompt");
        String seconds = body.path("seconds").asText("4");
        ObjectNode worker = mapper.createObjectNode()
                .put("prompt", body.get("prompt").asText())
                .put("seconds", seconds)
                .put("size", body.path("size").asText("1280x720"));
        return new MediaCall(TaskSubmission.VIDEO, model, mode(body), worker, 0, Long.parseLong(seconds) * 1000,
                null, requestId);
    }

    private ObjectNode checked(Buffer bytes, Map<String, BiConsumer<JsonNode, FieldCheck>> fields, String required) {
        ObjectNode body = json.parseStrict(bytes);
        List<Violation> violations = Violation.bounded();
        if (!body.has(required) || body.get(required).isNull()) {
            violations.add(Violation.at(required, "Field required", "missing"));
        }
        body.fields().forEachRemaining(field -> {
            var rule = fields.getOrDefault(field.getKey(), COMMON.get(field.getKey()));
            if (rule == null) {
                violations.add(Violation.at(field.getKey(), "Extra inputs are not permitted", "extra_forbidden"));
            } else if (!field.getValue().isNull()) {
                rule.accept(field.getValue(), new FieldCheck(body, field.getKey(), violations));
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return body;
    }

    private static InvalidRequest invalid(String field, String message) {
        return new InvalidRequest(List.of(Violation.at(field, message, "value_error")));
    }

    private static String mode(ObjectNode body) {
        return body.path("mode").asText("auto");
    }

    private static void copy(ObjectNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            if (value != null && !value.isNull()) {
                to.set(field, value);
            }
        }
    }

    /** {@code WxH}, each side 64-2048 and a multiple of 8, as diffusion models take them. */
    private static void imageSize(JsonNode v, FieldCheck c) {
        c.string(v);
        if (!v.isTextual()) {
            return;
        }
        Matcher m = SIZE.matcher(v.asText());
        if (!m.matches() || !side(m.group(1)) || !side(m.group(2))) {
            c.fail("String should be WIDTHxHEIGHT, each side 64 to 2048 and a multiple of 8, such as '1024x1024'",
                    "string_pattern_mismatch");
        }
    }

    private static boolean side(String digits) {
        int side = Integer.parseInt(digits);
        return side >= 64 && side <= 2048 && side % 8 == 0;
    }

    /** 4, 8 or 12, as a number or a string (OpenAI's Videos API takes the string); kept as the string. */
    private static void videoSeconds(JsonNode v, FieldCheck c) {
        String seconds = v.isIntegralNumber() ? v.asText() : v.isTextual() ? v.asText() : null;
        if (seconds == null || !VIDEO_SECONDS.contains(seconds)) {
            c.fail("Input should be 4, 8 or 12", "literal_error");
        } else {
            c.body().put("seconds", seconds);
        }
    }
}

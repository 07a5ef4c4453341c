package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.engine.SplitMix;
import dev.relay.simulator.media.Transcript;
import dev.relay.simulator.media.WavFormat;
import dev.relay.simulator.service.GpuTime;
import dev.relay.simulator.service.MediaModels;
import dev.relay.simulator.service.MediaQueue;
import dev.relay.simulator.service.MediaRejected;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * {@code POST /v1/audio/transcriptions}, OpenAI's (and vLLM's) multipart shape: the {@code file} is "heard" for as
 * long as it plays (a WAV by its header, anything else guessed at 128 kbit/s) and transcribed to deterministic
 * pseudo-words, the same file giving the same text. Files are limited to 25 MB, as OpenAI's are.
 */
@Singleton
class Transcriptions extends MediaEndpoint {

    static final int MAX_FILE_BYTES = 25 * 1024 * 1024;
    /** The whole form may carry the other fields and part headers on top of the largest file. */
    static final int MAX_BODY_BYTES = MAX_FILE_BYTES + 1024 * 1024;
    /** Compressed audio of unknown format is taken to be 128 kbit/s, a common MP3/AAC rate. */
    static final double GUESSED_BYTES_PER_SECOND = 128_000 / 8.0;

    /** Whisper names the language in {@code verbose_json} in English words. */
    private static final Map<String, String> LANGUAGES = Map.ofEntries(Map.entry("en", "english"),
            Map.entry("de", "german"), Map.entry("fr", "french"), Map.entry("es", "spanish"),
            Map.entry("it", "italian"),
            Map.entry("pt", "portuguese"), Map.entry("nl", "dutch"), Map.entry("pl", "polish"),
            Map.entry("ru", "russian"), Map.entry("uk", "ukrainian"), Map.entry("tr", "turkish"),
            Map.entry("ar", "arabic"), Map.entry("hi", "hindi"), Map.entry("zh", "chinese"),
            Map.entry("ja", "japanese"), Map.entry("ko", "korean"), Map.entry("sv", "swedish"),
            Map.entry("da", "danish"), Map.entry("no", "norwegian"), Map.entry("fi", "finnish"),
            Map.entry("cs", "czech"), Map.entry("el", "greek"), Map.entry("he", "hebrew"),
            Map.entry("id", "indonesian"), Map.entry("vi", "vietnamese"), Map.entry("th", "thai"));

    Transcriptions(ObjectMapper json, MediaQueue queue, SimulatorConfig config, MediaModels models) {
        super(json, queue, config, models, MediaModels.Task.TRANSCRIPTION);
    }

    @Override
    protected Future<Work> prepare(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("content-type");
        if (!MultipartForm.isMultipart(contentType)) {
            throw MediaRejected.invalid(null, "Transcriptions take a multipart/form-data body (file, model, ...), "
                    + "got Content-Type " + contentType + ".");
        }
        RawBody.Bytes body = RawBody.of(ctx);
        // Finding the parts and hashing the audio read up to 25 MB: a worker thread's job, not the event loop's.
        return ctx.vertx().executeBlocking(() -> work(MultipartForm.parse(contentType, body.array(), body.length())),
                false);
    }

    private Work work(MultipartForm form) {
        String model = model(requiredText(form, "model"));
        MultipartForm.Part file = form.part("file");
        if (file == null) {
            throw MediaRejected.missing("file");
        }
        if (file.length() == 0) {
            throw MediaRejected.invalid("file", "The audio file is empty.");
        }
        if (file.length() > MAX_FILE_BYTES) {
            throw new MediaRejected(413, MediaRejected.INVALID_REQUEST, "file", "file_too_large",
                    "The audio file has " + file.length() + " bytes; at most " + MAX_FILE_BYTES
                            + " (25 MB) are accepted.");
        }
        String language = optionalText(form, "language", null);
        if (language != null && !language.matches("[a-z]{2}")) {
            throw MediaRejected.invalid("language", "'language' must be an ISO-639-1 code such as 'en', got '"
                    + language + "'.");
        }
        optionalText(form, "prompt", null); // steers a real model's wording; the pseudo-words ignore it
        String format = optionalText(form, "response_format", "json");
        if (!format.equals("json") && !format.equals("verbose_json") && !format.equals("text")) {
            throw MediaRejected.invalid("response_format", "response_format must be 'json', 'verbose_json' or "
                    + "'text', got '" + format + "'.");
        }
        double seconds = durationSeconds(file);
        CRC32 crc = new CRC32();
        crc.update(file.array(), file.offset(), file.length());
        long seed = SplitMix.mix(crc.getValue() ^ SplitMix.hash(language == null ? "" : language));
        String languageName = language == null ? "english" : LANGUAGES.getOrDefault(language, language);
        return new Work(model, GpuTime.transcription(seconds), () -> answer(format, languageName, seconds, seed));
    }

    /** A WAV plays for its data bytes at its byte rate; other audio is guessed from its size. */
    static double durationSeconds(MultipartForm.Part file) {
        if (!WavFormat.looksLikeWav(file.array(), file.offset(), file.length())) {
            return file.length() / GUESSED_BYTES_PER_SECOND;
        }
        try {
            return WavFormat.read(file.array(), file.offset(), file.length()).durationSeconds();
        } catch (WavFormat.InvalidWav e) {
            throw new MediaRejected(400, MediaRejected.INVALID_REQUEST, "file", "invalid_file",
                    "The audio file is not a valid WAV file: " + e.getMessage() + ".");
        }
    }

    private Answer answer(String format, String language, double seconds, long seed) {
        Transcript transcript = Transcript.of(seed, seconds);
        if (format.equals("text")) {
            return new Answer("text/plain; charset=utf-8", Buffer.buffer(transcript.text()));
        }
        ObjectNode answer = json.createObjectNode();
        if (format.equals("verbose_json")) {
            answer.put("task", "transcribe").put("language", language).put("duration", seconds)
                    .put("text", transcript.text());
            ArrayNode segments = answer.putArray("segments");
            for (Transcript.Segment segment : transcript.segments()) {
                segments.addObject().put("id", segment.id()).put("start", segment.start()).put("end", segment.end())
                        .put("text", segment.text());
            }
        } else {
            answer.put("text", transcript.text());
        }
        // OpenAI reports the billed audio length in whole seconds, rounded up.
        answer.putObject("usage").put("type", "duration").put("seconds", (long) Math.ceil(seconds));
        return new Answer("application/json", Buffer.buffer(answer.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String requiredText(MultipartForm form, String field) {
        String value = optionalText(form, field, null);
        if (value == null) {
            throw MediaRejected.missing(field);
        }
        if (value.isBlank()) {
            throw MediaRejected.invalid(field, "'" + field + "' must not be empty.");
        }
        return value;
    }

    private static String optionalText(MultipartForm form, String field, String fallback) {
        MultipartForm.Part part = form.part(field);
        return part == null ? fallback : part.text().trim();
    }
}

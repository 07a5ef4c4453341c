package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.engine.SplitMix;
import dev.relay.simulator.media.PngCanvas;
import dev.relay.simulator.service.GpuTime;
import dev.relay.simulator.service.MediaModels;
import dev.relay.simulator.service.MediaQueue;
import dev.relay.simulator.service.MediaRejected;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/images/generations}, OpenAI's shape: {@code n} pictures of {@code size}, each a real PNG sent as
 * {@code b64_json} (there is no {@code url} form: the worker hosts no files). Pictures are deterministic per
 * prompt, {@code seed} and index, so a retried request gets the same pictures.
 */
@Singleton
class ImageGenerations extends MediaEndpoint {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

    ImageGenerations(ObjectMapper json, MediaQueue queue, SimulatorConfig config, MediaModels models) {
        super(json, queue, config, models, MediaModels.Task.IMAGE);
    }

    @Override
    protected Future<Work> prepare(RoutingContext ctx) {
        ObjectNode body = MediaFields.object(json, ctx);
        String model = model(MediaFields.requiredText(body, "model"));
        String prompt = MediaFields.requiredText(body, "prompt");
        int n = MediaFields.optionalInt(body, "n", 1, 1, 10);
        String size = MediaFields.optionalText(body, "size", "1024x1024");
        Matcher wxh = SIZE.matcher(size);
        int width = wxh.matches() ? Integer.parseInt(wxh.group(1)) : -1;
        int height = wxh.matches() ? Integer.parseInt(wxh.group(2)) : -1;
        if (!side(width) || !side(height)) {
            throw MediaRejected.invalid("size", "'size' must be WIDTHxHEIGHT with each side from 64 to 2048 and a "
                    + "multiple of 8, got '" + size + "'.");
        }
        String format = MediaFields.optionalText(body, "response_format", "b64_json");
        if (format.equals("url")) {
            throw MediaRejected.invalid("response_format", "response_format 'url' is not supported: this worker "
                    + "hosts no files to link to; use 'b64_json'.");
        }
        if (!format.equals("b64_json")) {
            throw MediaRejected.invalid("response_format", "response_format must be 'b64_json', got '" + format + "'.");
        }
        Long seed = MediaFields.optionalLong(body, "seed");
        MediaFields.optionalText(body, "negative_prompt", null); // accepted; the pattern does not depend on it
        long created = System.currentTimeMillis() / 1000;
        return Future.succeededFuture(new Work(model, GpuTime.images(width, height, n),
                () -> answer(created, prompt, seed == null ? 0 : seed, n, width, height)));
    }

    private static boolean side(int pixels) {
        return pixels >= 64 && pixels <= 2048 && pixels % 8 == 0;
    }

    private Answer answer(long created, String prompt, long seed, int n, int width, int height) {
        ObjectNode answer = json.createObjectNode().put("created", created);
        ArrayNode data = answer.putArray("data");
        for (int index = 0; index < n; index++) {
            byte[] png = PngCanvas.png(width, height, pictureSeed(prompt, seed, index));
            data.addObject().put("b64_json", Base64.getEncoder().encodeToString(png)).put("revised_prompt", prompt);
        }
        answer.putObject("usage").put("images", n);
        return new Answer("application/json", Buffer.buffer(answer.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static long pictureSeed(String prompt, long seed, int index) {
        return SplitMix.mix(SplitMix.hash(prompt) ^ SplitMix.mix(seed) + index);
    }
}

package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.engine.SplitMix;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.time.Instant;

/** What the worker serves, in each protocol's words: vLLM's model list, Ollama's tags and version, and health. */
@Singleton
class Catalog {

    /** The Ollama release whose API shapes the simulator follows. */
    static final String OLLAMA_VERSION = "0.12.6";

    private final ObjectMapper json;
    private final SimulatorConfig config;
    private final long started = System.currentTimeMillis() / 1000;

    Catalog(ObjectMapper json, SimulatorConfig config) {
        this.json = json;
        this.config = config;
    }

    /** {@code GET /v1/models}: vLLM's list, with {@code max_model_len} (the router reads context windows there). */
    void models(RoutingContext ctx) {
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String model : config.models()) {
            ObjectNode entry = data.addObject().put("id", model).put("object", "model").put("created", started)
                    .put("owned_by", "vllm").put("root", model);
            entry.putNull("parent");
            entry.put("max_model_len", config.maxModelLen());
            entry.putArray("permission");
        }
        ctx.response().putHeader("content-type", "application/json").end(list.toString());
    }

    /** {@code GET /api/tags}: Ollama's local model list. */
    void tags(RoutingContext ctx) {
        ObjectNode tags = json.createObjectNode();
        ArrayNode models = tags.putArray("models");
        String modified = Instant.ofEpochSecond(started).toString();
        for (String model : config.models()) {
            String name = model.contains(":") ? model : model + ":latest";
            ObjectNode entry = models.addObject().put("name", name).put("model", name).put("modified_at", modified)
                    .put("size", 4_000_000_000L).put("digest", digest(model));
            ObjectNode details = entry.putObject("details").put("parent_model", "").put("format", "gguf")
                    .put("family", family(model));
            details.putArray("families").add(family(model));
            details.put("parameter_size", "20B").put("quantization_level", "Q4_K_M");
        }
        ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(tags.toString());
    }

    void version(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                .end(json.createObjectNode().put("version", OLLAMA_VERSION).toString());
    }

    /** vLLM's {@code GET /health}: 200 with an empty body while the engine runs. */
    void health(RoutingContext ctx) {
        ctx.response().setStatusCode(200).end();
    }

    private static String family(String model) {
        String base = model.substring(model.indexOf('/') + 1);
        int cut = base.indexOf(':');
        return (cut < 0 ? base : base.substring(0, cut)).toLowerCase();
    }

    private static String digest(String model) {
        StringBuilder hex = new StringBuilder();
        long h = model.hashCode();
        for (int i = 0; i < 4; i++) {
            h = SplitMix.mix(h + i);
            hex.append(String.format("%016x", h));
        }
        return hex.toString();
    }
}

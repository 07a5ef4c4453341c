package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.CatalogModel;
import dev.relay.contracts.internal.ModelPrice;
import dev.relay.gateway.client.RouterClient;
import dev.relay.gateway.client.RouterMirror;
import dev.relay.gateway.dialect.anthropic.ModelPage;
import dev.relay.gateway.dialect.ollama.OllamaRequests;
import dev.relay.gateway.dialect.openai.OpenAiErrors;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Failures;
import dev.relay.gateway.service.MediaSources;
import dev.relay.gateway.service.PriceBook;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/** The router's live catalog as each dialect lists models. */
@ApplicationScoped
public class ModelsEndpoint {

    /** The Ollama release whose API shapes (chat, generate, tags, show) the Ollama dialect follows. */
    static final String OLLAMA_API_VERSION = "0.12.6";

    private final RouterClient router;
    private final OllamaRequests ollamaRequests;
    private final RouterMirror mirror;
    private final PriceBook prices;
    private final ObjectMapper json;
    private final long created = System.currentTimeMillis() / 1000;
    /** {@link #created} as Anthropic's and Ollama's lists write times. */
    private final String createdAt = Instant.ofEpochSecond(created).toString();

    public ModelsEndpoint(RouterClient router, RouterMirror mirror, PriceBook prices, OllamaRequests ollamaRequests,
            ObjectMapper json) {
        this.router = router;
        this.ollamaRequests = ollamaRequests;
        this.mirror = mirror;
        this.prices = prices;
        this.json = json;
    }

    /** {@code GET /v2/models}: the catalog grouped by mode, then source, with each model's price. */
    void grouped(RoutingContext ctx) {
        Uni<List<CatalogModel>> catalog = router.models();
        Admission.onLoop(Uni.combine().all().unis(catalog, prices.all()).asTuple(), ctx).subscribe().with(both -> {
            ObjectNode root = json.createObjectNode().put("object", "list");
            ObjectNode modes = root.putObject("modes");
            for (CatalogModel model : both.getItem1()) {
                ObjectNode sources = modes.has(model.mode()) ? (ObjectNode) modes.get(model.mode())
                        : modes.putObject(model.mode());
                ArrayNode list = sources.has(model.source()) ? (ArrayNode) sources.get(model.source())
                        : sources.putArray(model.source());
                ObjectNode entry = list.addObject()
                        .put("id", model.id())
                        .put("model", model.model())
                        .put("owned_by", model.ownedBy())
                        .put("context_window", model.contextWindow())
                        .put("healthy_workers", model.healthyWorkers());
                ModelPrice price = PriceBook.find(both.getItem2(), model.model(), model.id()).orElse(null);
                if (price == null) {
                    entry.putNull("pricing");
                } else {
                    entry.putObject("pricing")
                            .put("input_per_million_micro", price.inputPerMillionMicro())
                            .put("output_per_million_micro", price.outputPerMillionMicro())
                            .put("per_image_micro", price.perImageMicro())
                            .put("per_second_micro", price.perSecondMicro());
                }
            }
            ctx.response().putHeader("Content-Type", "application/json").end(root.toString());
        }, failure -> OpenAiErrors.write(ctx, json, Failures.toApi(failure)));
    }

    /** {@code GET /v1/models}: the catalog, then each alias whose model it holds, as that model under the alias. */
    void openAi(RoutingContext ctx) {
        Admission.onLoop(router.models(), ctx).subscribe().with(models -> {
            ObjectNode list = json.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            models.forEach(model -> data.add(openAiModel(model, model.id())));
            new TreeMap<>(mirror.aliases()).forEach((alias, target) -> {
                if (find(models, alias).isEmpty()) {
                    find(models, target).ifPresent(model -> data.add(openAiModel(model, alias)));
                }
            });
            ctx.response().putHeader("Content-Type", "application/json").end(list.toString());
        }, failure -> OpenAiErrors.write(ctx, json, Failures.toApi(failure)));
    }

    /**
     * {@code GET /v1/models/{id}}: one catalog entry, by its catalog id, its plain model name or any name a request
     * may use for it (an alias, {@code name:latest}), resolved as routes resolve it.
     */
    void openAiOne(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Admission.onLoop(router.models(), ctx).subscribe().with(models -> findAsked(models, id)
                        .ifPresentOrElse(
                                model -> ctx.response().putHeader("Content-Type", "application/json")
                                        .end(openAiModel(model, id).toString()), // named as asked, as OpenAI does
                                () -> OpenAiErrors.write(ctx, json, ApiFailure.modelNotFound(id))),
                failure -> OpenAiErrors.write(ctx, json, Failures.toApi(failure)));
    }

    /** The catalog entry of a name a request may use: its own, else that of the model it resolves to, as routes do. */
    private Optional<CatalogModel> findAsked(List<CatalogModel> models, String name) {
        return find(models, name).or(() -> find(models, mirror.modelOf(name)));
    }

    /** The first catalog entry named {@code name}, by its catalog id or its plain model name. */
    private static Optional<CatalogModel> find(List<CatalogModel> models, String name) {
        return models.stream().filter(model -> name.equals(model.id()) || name.equals(model.model())).findFirst();
    }

    /**
     * {@code GET /v2/anthropic/v1/models}, as Anthropic lists models (what its SDK's {@code models.list()} reads):
     * each model once, by the name a request uses, whatever modes and sources serve it.
     */
    void anthropic(RoutingContext ctx) {
        int limit;
        try {
            limit = ModelPage.limit(ctx.request().getParam("limit"));
        } catch (ApiFailure invalid) {
            ErrorWriter.of(ctx, json).write(ctx, invalid);
            return;
        }
        String afterId = ctx.request().getParam("after_id");
        String beforeId = ctx.request().getParam("before_id");
        byName(ctx, names -> {
            ModelPage page = ModelPage.of(names, limit, afterId, beforeId);
            ObjectNode list = json.createObjectNode();
            ArrayNode data = list.putArray("data");
            page.names().forEach(name -> data.add(anthropicModel(name)));
            list.put("has_more", page.hasMore());
            list.put("first_id", page.names().isEmpty() ? null : page.names().get(0));
            list.put("last_id", page.names().isEmpty() ? null : page.names().get(page.names().size() - 1));
            return list;
        });
    }

    /** {@code GET /v2/anthropic/v1/models/{id}}: one model by a name a request uses (the SDK's {@code retrieve}). */
    void anthropicOne(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        Admission.onLoop(router.models(), ctx).subscribe().with(models -> {
            String resolved = mirror.modelOf(id);
            if (chat(models).anyMatch(model -> id.equals(model.model()) || resolved.equals(model.model()))) {
                ctx.response().putHeader("Content-Type", "application/json").end(anthropicModel(id).toString());
            } else {
                errors.write(ctx, ApiFailure.modelNotFound(id));
            }
        }, failure -> errors.write(ctx, Failures.toApi(failure)));
    }

    private ObjectNode anthropicModel(String name) {
        return json.createObjectNode().put("type", "model").put("id", name).put("display_name", name)
                .put("created_at", createdAt);
    }

    /** {@code GET /v2/ollama/api/tags}, as Ollama lists its local models (what {@code ollama.list()} reads). */
    void ollama(RoutingContext ctx) {
        byName(ctx, names -> {
            ObjectNode list = json.createObjectNode();
            ArrayNode models = list.putArray("models");
            names.forEach(name -> ollamaModel(models, name).put("modified_at", createdAt));
            return list;
        });
    }

    /**
     * {@code GET /v2/ollama/api/ps}, what {@code ollama.ps()} reads: the models loaded now, that is those some healthy
     * worker serves, each once. Sizes and expiry are the workers' business: 0, and no expiry.
     */
    void ollamaRunning(RoutingContext ctx) {
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        Admission.onLoop(router.models(), ctx).subscribe().with(models -> {
            ObjectNode list = json.createObjectNode();
            ArrayNode running = list.putArray("models");
            chat(models).filter(model -> model.healthyWorkers() > 0).map(CatalogModel::model).distinct()
                    .forEach(name -> ollamaModel(running, name).putNull("expires_at").put("size_vram", 0));
            ctx.response().putHeader("Content-Type", "application/json").end(list.toString());
        }, failure -> errors.write(ctx, Failures.toApi(failure)));
    }

    /** One model as Ollama's lists show it; what only its worker knows (size, digest, family) left empty. */
    private static ObjectNode ollamaModel(ArrayNode models, String name) {
        ObjectNode model = models.addObject().put("name", name).put("model", name).put("size", 0).put("digest", "");
        model.putObject("details").put("format", "").put("family", "").put("parameter_size", "")
                .put("quantization_level", "");
        return model;
    }

    /**
     * {@code POST /v2/ollama/api/show}, what {@code ollama.show()} reads, from the catalog: the context window Relay
     * holds requests to, as the {@code num_ctx} parameter clients read it from, and the capabilities every model has
     * here (chat, and tools, which Relay passes to every worker). What only the worker's weights could tell
     * (architecture, size, quantization, template) is left empty rather than guessed.
     */
    void ollamaShow(RoutingContext ctx) {
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        String name;
        try {
            name = ollamaRequests.readShow(ctx.body().buffer());
        } catch (ApiFailure invalid) {
            errors.write(ctx, invalid);
            return;
        }
        Admission.onLoop(router.models(), ctx).subscribe().with(models -> findAsked(chat(models).toList(), name)
                        .ifPresentOrElse(model -> {
                            ObjectNode show = json.createObjectNode().put("license", "").put("modelfile", "")
                                    .put("parameters", "num_ctx " + model.contextWindow()).put("template", "");
                            ObjectNode details = show.putObject("details").put("parent_model", "").put("format", "")
                                    .put("family", "");
                            details.putArray("families");
                            details.put("parameter_size", "").put("quantization_level", "");
                            show.putObject("model_info");
                            show.putArray("capabilities").add("completion").add("tools");
                            show.put("modified_at", createdAt);
                            ctx.response().putHeader("Content-Type", "application/json").end(show.toString());
                        }, () -> errors.write(ctx, ApiFailure.modelNotFound(name))),
                failure -> errors.write(ctx, Failures.toApi(failure)));
    }

    /**
     * {@code GET /v2/ollama/api/version}: the Ollama release whose API the Ollama dialect follows (clients check it
     * before they use newer fields).
     */
    void ollamaVersion(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json")
                .end(json.createObjectNode().put("version", OLLAMA_API_VERSION).toString());
    }

    /** The catalog's model names, each once, in catalog order; failures in the route's own error shape. */
    /**
     * The chat models of the catalog: the Anthropic and Ollama lists name what their clients can chat with, not the
     * image, audio and video models (which OpenAI's list, like OpenAI's own, includes).
     */
    private static Stream<CatalogModel> chat(List<CatalogModel> models) {
        return models.stream().filter(model -> !MediaSources.ALL.contains(model.source()));
    }

    private void byName(RoutingContext ctx, Function<List<String>, ObjectNode> render) {
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        Admission.onLoop(router.models(), ctx).subscribe().with(models -> {
            List<String> names = chat(models).map(CatalogModel::model).distinct().toList();
            ctx.response().putHeader("Content-Type", "application/json").end(render.apply(names).toString());
        }, failure -> errors.write(ctx, Failures.toApi(failure)));
    }

    private ObjectNode openAiModel(CatalogModel model, String id) {
        return json.createObjectNode()
                .put("id", id)
                .put("object", "model")
                .put("created", created)
                .put("owned_by", model.ownedBy())
                .put("context_window", model.contextWindow());
    }
}

package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.CatalogModel;
import dev.relay.contracts.internal.ModelPrice;
import dev.relay.gateway.client.RouterClient;
import dev.relay.gateway.dialect.openai.OpenAiErrors;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Failures;
import dev.relay.gateway.service.PriceBook;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code GET /v1/models}: the router's live catalog as an OpenAI model list. */
@ApplicationScoped
public class ModelsEndpoint {

    private final RouterClient router;
    private final PriceBook prices;
    private final ObjectMapper json;
    private final long created = System.currentTimeMillis() / 1000;

    public ModelsEndpoint(RouterClient router, PriceBook prices, ObjectMapper json) {
        this.router = router;
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

    void openAi(RoutingContext ctx) {
        Admission.onLoop(router.models(), ctx).subscribe().with(models -> {
            ObjectNode list = json.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            models.forEach(model -> data.add(openAiModel(model)));
            ctx.response().putHeader("Content-Type", "application/json").end(list.toString());
        }, failure -> OpenAiErrors.write(ctx, json, Failures.toApi(failure)));
    }

    /** {@code GET /v1/models/{id}}: one catalog entry, by its catalog id or its plain model name. */
    void openAiOne(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Admission.onLoop(router.models(), ctx).subscribe().with(models -> models.stream()
                .filter(model -> id.equals(model.id()) || id.equals(model.model()))
                .findFirst()
                .ifPresentOrElse(
                        model -> ctx.response().putHeader("Content-Type", "application/json")
                                .end(openAiModel(model).toString()),
                        () -> OpenAiErrors.write(ctx, json, ApiFailure.modelNotFound(id))),
                failure -> OpenAiErrors.write(ctx, json, Failures.toApi(failure)));
    }

    private ObjectNode openAiModel(CatalogModel model) {
        return json.createObjectNode()
                .put("id", model.id())
                .put("object", "model")
                .put("created", created)
                .put("owned_by", model.ownedBy())
                .put("context_window", model.contextWindow());
    }
}

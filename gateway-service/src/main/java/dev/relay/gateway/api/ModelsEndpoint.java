package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.CatalogModel;
import dev.relay.gateway.client.RouterClient;
import dev.relay.gateway.dialect.openai.OpenAiErrors;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code GET /v1/models}: the router's live catalog as an OpenAI model list. */
@ApplicationScoped
public class ModelsEndpoint {

    private final RouterClient router;
    private final ObjectMapper json;
    private final long created = System.currentTimeMillis() / 1000;

    public ModelsEndpoint(RouterClient router, ObjectMapper json) {
        this.router = router;
        this.json = json;
    }

    void openAi(RoutingContext ctx) {
        Admission.onLoop(router.models(), ctx).subscribe().with(models -> {
            ObjectNode list = json.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            for (CatalogModel model : models) {
                data.addObject()
                        .put("id", model.id())
                        .put("object", "model")
                        .put("created", created)
                        .put("owned_by", model.ownedBy())
                        .put("context_window", model.contextWindow());
            }
            ctx.response().putHeader("Content-Type", "application/json").end(list.toString());
        }, failure -> OpenAiErrors.write(ctx, json, Failures.toApi(failure)));
    }
}

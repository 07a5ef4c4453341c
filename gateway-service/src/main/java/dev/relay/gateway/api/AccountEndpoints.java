package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.client.AuthClient;
import dev.relay.gateway.client.BillingClient;
import dev.relay.gateway.client.PeerResponse;
import dev.relay.gateway.client.TaskClient;
import dev.relay.gateway.dialect.Utf8;
import dev.relay.gateway.dialect.openai.OpenAiErrors;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Failures;
import dev.relay.gateway.service.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The caller's own account: balance and usage from billing, keys from auth, async tasks and webhook endpoints from
 * task-service. The account
 * id always comes from the key, never from the request, and the peer's status and body are passed through.
 */
@ApplicationScoped
public class AccountEndpoints {

    /**
     * What auth-service issues as key ids ({@code key_} and base62) and task-service as webhook endpoint ids
     * ({@code wh_} and hex), with room for ids issued another way.
     */
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final AuthClient auth;
    private final BillingClient billing;
    private final TaskClient tasks;
    private final ObjectMapper json;

    public AccountEndpoints(AuthClient auth, BillingClient billing, TaskClient tasks, ObjectMapper json) {
        this.auth = auth;
        this.billing = billing;
        this.tasks = tasks;
        this.json = json;
    }

    void balance(RoutingContext ctx) {
        withAccount(ctx, caller -> billing.balance(caller.accountId()));
    }

    void usage(RoutingContext ctx) {
        withAccount(ctx, caller -> billing.usage(caller.accountId(), ctx.request().getParam("limit"),
                ctx.request().getParam("cursor")));
    }

    void listKeys(RoutingContext ctx) {
        withAccount(ctx, caller -> auth.forwardKeys(HttpMethod.GET, caller.accountId(), null, null, caller.keyId()));
    }

    void createKey(RoutingContext ctx) {
        withAccount(ctx, caller -> bodyText(ctx).flatMap(body ->
                auth.forwardKeys(HttpMethod.POST, caller.accountId(), null, body, caller.keyId())));
    }

    void deleteKey(RoutingContext ctx) {
        String keyId = ctx.pathParam("id");
        withAccount(ctx, caller -> RESOURCE_ID.matcher(keyId).matches()
                ? auth.forwardKeys(HttpMethod.DELETE, caller.accountId(), keyId, null, caller.keyId())
                // Not a key id at all: '..' or a '/' (sent as %2F) would climb out of the caller's own account in
                // auth's internal path, which normalises dot segments.
                : Uni.createFrom().failure(ApiFailure.notFound("No such key")));
    }

    void listWebhooks(RoutingContext ctx) {
        withUnrestrictedKey(ctx, caller -> tasks.forwardWebhooks(HttpMethod.GET, caller.accountId(), null, null));
    }

    void createWebhook(RoutingContext ctx) {
        withUnrestrictedKey(ctx, caller -> bodyText(ctx).flatMap(body ->
                tasks.forwardWebhooks(HttpMethod.POST, caller.accountId(), null, body)));
    }

    /**
     * The body as the text the service behind reads; one that is not UTF-8 is refused, as on the chat paths: decoded,
     * its stray bytes would become replacement characters in what is stored (a key's name).
     */
    private static Uni<String> bodyText(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null) {
            return Uni.createFrom().item("{}");
        }
        if (!Utf8.isWellFormed(body.getBytes())) {
            return Uni.createFrom().failure(ApiFailure.invalidRequest("The request body must be JSON in UTF-8", null));
        }
        String text = body.toString(StandardCharsets.UTF_8);
        // A leading byte order mark, which chat takes (Jackson skips it), is not handed on: the services behind
        // would refuse the body for it.
        return Uni.createFrom().item(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    void webhookDeliveries(RoutingContext ctx) {
        withWebhookEndpoint(ctx, (caller, endpointId) ->
                tasks.webhookDeliveries(caller.accountId(), endpointId, ctx.request().getParam("limit")));
    }

    void testWebhook(RoutingContext ctx) {
        withWebhookEndpoint(ctx, (caller, endpointId) -> tasks.testWebhook(caller.accountId(), endpointId));
    }

    void deleteWebhook(RoutingContext ctx) {
        withWebhookEndpoint(ctx, (caller, endpointId) ->
                tasks.forwardWebhooks(HttpMethod.DELETE, caller.accountId(), endpointId, null));
    }

    /** A call about the endpoint the path names; an id that is no endpoint id at all is as unknown as a missing one. */
    private void withWebhookEndpoint(RoutingContext ctx, BiFunction<Caller, String, Uni<PeerResponse>> call) {
        String endpointId = ctx.pathParam("id");
        withUnrestrictedKey(ctx, caller -> RESOURCE_ID.matcher(endpointId).matches()
                ? call.apply(caller, endpointId)
                : Uni.createFrom().failure(ApiFailure.notFound("No such webhook endpoint.")));
    }

    /**
     * Webhooks carry every task of the account, whichever key submitted it: a key an operator restricted to some
     * models (for a CI job, a third party) must not be able to have them sent somewhere.
     */
    private void withUnrestrictedKey(RoutingContext ctx, Function<Caller, Uni<PeerResponse>> call) {
        Caller caller = ctx.get(Admission.CALLER);
        if (!caller.isGuest() && !caller.allowedModels().isEmpty()) {
            OpenAiErrors.write(ctx, json, ApiFailure.keyPermissionDenied(
                    "Webhooks receive every task of the account: a key restricted to some models cannot manage them"));
            return;
        }
        withAccount(ctx, call);
    }

    /** {@code GET /v2/tasks/{taskId}[?wait=N]}: another account's task is as unknown as a missing one (404). */
    void task(RoutingContext ctx) {
        String taskId = ctx.pathParam("taskId");
        withAccount(ctx, caller -> tasks.poll(caller.accountId(), taskId, ctx.request().getParam("wait")));
    }

    private void withAccount(RoutingContext ctx, Function<Caller, Uni<PeerResponse>> call) {
        Caller caller = ctx.get(Admission.CALLER);
        if (caller.isGuest()) {
            OpenAiErrors.write(ctx, json, ApiFailure.keyRequired());
            return;
        }
        RequestTracking.fromPeer(ctx, call.apply(caller)).subscribe().with(answer -> {
            var response = ctx.response().setStatusCode(answer.status());
            if (answer.contentType() != null) {
                response.putHeader("Content-Type", answer.contentType());
            }
            response.end(answer.body() == null ? "" : answer.body());
        }, failure -> OpenAiErrors.write(ctx, json, Failures.toApi(failure)));
    }
}

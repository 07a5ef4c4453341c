package dev.relay.task.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.internal.ApiError;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.persistence.WebhookEndpoint;
import dev.relay.task.persistence.WebhookEndpointRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/** The endpoints an account registers for its tasks' webhooks: at most a few, each with a secret of its own. */
@ApplicationScoped
public class WebhookEndpoints {

    private final WebhookEndpointRepository repository;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookTargets targets;
    private final int maxPerAccount;
    private final TaskWebhooks webhooks;

    public WebhookEndpoints(WebhookEndpointRepository repository, WebhookDeliveryRepository deliveries,
            WebhookTargets targets, TaskWebhooks webhooks, TaskConfig config) {
        this.webhooks = webhooks;
        this.repository = repository;
        this.deliveries = deliveries;
        this.targets = targets;
        this.maxPerAccount = config.webhooks().maxPerAccount();
    }

    /**
     * Registers {@code {"url": "https://..."}} for the account; the answer holds the signing secret, which is never
     * shown again.
     *
     * @throws ApiError 400 for a body or URL that cannot be registered, 409 when the account has the most it may or
     *     one with this URL
     */
    public WebhookEndpoint register(String accountId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.invalidJson("The body must be a JSON object: {\"url\": \"https://...\"}.");
        }
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("url")) {
                throw ApiError.unknownParameter(field);
            }
        }
        JsonNode url = body.get("url");
        if (url != null && !url.isNull() && !url.isTextual()) {
            throw ApiError.invalidValue("url", "url must be a string.");
        }
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.id = "wh_" + UUID.randomUUID().toString().replace("-", "");
        endpoint.accountId = accountId;
        endpoint.url = targets.registrable(url == null ? null : url.textValue()).toString();
        endpoint.secret = WebhookSignature.newSecret();
        endpoint.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return switch (repository.insertWithin(endpoint, maxPerAccount)) {
            case STORED -> endpoint;
            case DUPLICATE -> throw ApiError.conflict("url", "This account has an endpoint with this url already.");
            case FULL -> throw ApiError.conflict(null, "This account has " + maxPerAccount
                    + " webhook endpoints, the most it may have: delete one first.");
        };
    }

    public List<WebhookEndpoint> of(String accountId) {
        return repository.ofAccount(accountId);
    }

    /**
     * The endpoint's latest deliveries, newest first, at most {@code limit} (1-100; 20 when absent).
     *
     * @throws ApiError 404 for an endpoint that is not the account's, 400 for a limit out of range
     */
    public List<WebhookDeliveryRepository.Seen> deliveries(String id, String accountId, String limit) {
        int most = 20;
        if (limit != null && !limit.isBlank()) {
            String digits = limit.trim();
            most = digits.matches("[0-9]{1,3}") ? Integer.parseInt(digits) : 0;
            if (most < 1 || most > 100) {
                throw ApiError.invalidValue("limit", "limit must be a whole number from 1 to 100.");
            }
        }
        requireOwned(id, accountId);
        return deliveries.latestFor(id, most);
    }

    /**
     * Sends the endpoint a {@code webhook.test} event, signed and retried as any other, so that its owner can check
     * the receiver; answers the event's id.
     *
     * @throws ApiError 404 for an endpoint that is not the account's
     */
    public String sendTest(String id, String accountId) {
        // The owner is checked by the statement that owes the event: an endpoint deleted meanwhile is a 404, not a 500.
        return webhooks.test(id, accountId).orElseThrow(WebhookEndpoints::noSuchEndpoint);
    }

    /** @throws ApiError 404 for an endpoint that is not the account's */
    public void delete(String id, String accountId) {
        if (!repository.deleteOwned(id, accountId)) {
            throw noSuchEndpoint();
        }
    }

    private void requireOwned(String id, String accountId) {
        if (!repository.owned(id, accountId)) {
            throw noSuchEndpoint();
        }
    }

    private static ApiError noSuchEndpoint() {
        return ApiError.notFound("No such webhook endpoint.");
    }
}

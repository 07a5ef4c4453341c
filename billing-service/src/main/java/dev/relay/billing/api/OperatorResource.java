package dev.relay.billing.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.internal.ApiError;
import dev.relay.billing.client.AuthAccounts;
import dev.relay.billing.service.Credits;
import dev.relay.billing.service.PriceCatalog;
import dev.relay.billing.service.PriceVersion;
import dev.relay.contracts.internal.ModelPrice;
import dev.relay.contracts.internal.StorableText;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.Set;

/** Operator API: credits and prices. Every call needs {@code Authorization: Bearer $RELAY_OPERATOR_TOKEN}. */
@Path("/operator")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class OperatorResource {

    private static final int MAX_REFERENCE = 200;
    private static final int MAX_MODEL = 200;
    private static final Set<String> TOPUP_FIELDS = Set.of("amount_micro", "reference");
    private static final Set<String> PRICE_FIELDS = Set.of("input_per_million_micro", "output_per_million_micro",
            "per_image_micro", "per_second_micro", "default_max_tokens");
    /**
     * $1,000,000,000 in one top-up: far above any real one, and far enough below a balance's limit (a bigint) that no
     * run of top-ups reaches it.
     */
    private static final long MAX_TOPUP_MICRO = 1_000_000_000_000_000L;

    private final OperatorAuthorization authorization;
    private final Credits credits;
    private final AuthAccounts accounts;
    private final PriceCatalog prices;
    private final ObjectMapper json;

    public OperatorResource(OperatorAuthorization authorization, Credits credits, AuthAccounts accounts,
            PriceCatalog prices, ObjectMapper json) {
        this.authorization = authorization;
        this.credits = credits;
        this.accounts = accounts;
        this.prices = prices;
        this.json = json;
    }

    /** {@code {"amount_micro": 10000000, "reference": "topup-123"}} → the balance; a retried reference applies once. */
    @POST
    @Path("/accounts/{accountId}/credits")
    public BalanceView addCredits(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @PathParam("accountId") String accountId, String body) {
        authorization.check(auth);
        JsonBody request = JsonBody.parse(json, body);
        request.refuseOthersThan(TOPUP_FIELDS);
        long amount = request.requiredLong("amount_micro");
        if (amount <= 0 || amount > MAX_TOPUP_MICRO) {
            throw ApiError.invalidValue("amount_micro", "amount_micro must be between 1 and " + MAX_TOPUP_MICRO + ".");
        }
        String reference = request.requiredString("reference", MAX_REFERENCE);
        if (!accountExists(accountId)) {
            throw ApiError.notFound("No account '" + accountId + "': auth-service has none by that id.");
        }
        return BalanceView.of(credits.topUp(accountId, amount, reference));
    }

    private boolean accountExists(String accountId) {
        try {
            return accounts.exists(accountId);
        } catch (RuntimeException unreachable) {
            throw ApiError.of(503, "server_error", "service_unavailable",
                    "auth-service could not say whether the account exists; nothing was added, retry shortly.");
        }
    }

    /**
     * {@code {"input_per_million_micro", "output_per_million_micro", "per_image_micro"?, "per_second_micro"?,
     * "default_max_tokens"?}} → the new {@link ModelPrice} version, in force from now. A field left out keeps the
     * current version's value (a new token price does not zero the image price), else its default; any other field
     * is a 400 naming it.
     */
    @PUT
    @Path("/prices/{model: .+}")
    public ModelPrice changePrice(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @PathParam("model") String model, String body) {
        authorization.check(auth);
        if (model.length() > MAX_MODEL) {
            throw ApiError.invalidValue("model", "model must be at most " + MAX_MODEL + " characters.");
        }
        if (model.isBlank() || !model.strip().equals(model) || !StorableText.storable(model)) {
            throw ApiError.invalidValue("model", "model must be a model id: no surrounding spaces, no control "
                    + "characters.");
        }
        if (ModelPrice.ANY_MODEL.equals(model)) {
            // A price stored under "*" would be listed beside the default price yet never charged.
            throw ApiError.invalidValue("model", "'*' names the default price, which is configured "
                    + "(relay.billing.default-price), not set here.");
        }
        JsonBody request = JsonBody.parse(json, body);
        request.refuseOthersThan(PRICE_FIELDS);
        Optional<PriceVersion> current = prices.current(model);
        long input = nonNegative(request.requiredLong("input_per_million_micro"), "input_per_million_micro");
        long output = nonNegative(request.requiredLong("output_per_million_micro"), "output_per_million_micro");
        long perImage = nonNegative(request.optionalLong("per_image_micro",
                current.map(PriceVersion::perImageMicro).orElse(0L)), "per_image_micro");
        long perSecond = nonNegative(request.optionalLong("per_second_micro",
                current.map(PriceVersion::perSecondMicro).orElse(0L)), "per_second_micro");
        long maxTokens = request.optionalLong("default_max_tokens",
                current.map(PriceVersion::defaultMaxTokens).orElse(4096));
        if (maxTokens < 1 || maxTokens > Integer.MAX_VALUE) {
            throw ApiError.invalidValue("default_max_tokens", "default_max_tokens must be a positive integer.");
        }
        return prices.change(model, input, output, perImage, perSecond, (int) maxTokens).toContract();
    }

    /** $1,000,000 per million tokens (or per image, per second): far above any real price, far below overflow. */
    private static final long MAX_PRICE_MICRO = 1_000_000_000_000L;

    private static long nonNegative(long value, String field) {
        if (value < 0 || value > MAX_PRICE_MICRO) {
            throw ApiError.invalidValue(field, field + " must be between 0 and " + MAX_PRICE_MICRO + ".");
        }
        return value;
    }
}

package dev.relay.billing.api;

import dev.relay.contracts.internal.ApiError;
import dev.relay.billing.service.Credits;
import dev.relay.billing.service.PriceCatalog;
import dev.relay.billing.service.PriceVersion;
import dev.relay.billing.service.UsageHistory;
import dev.relay.contracts.internal.ModelPrice;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.stream.Stream;

/** Service-to-service API (never exposed by the Ingress). */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalResource {

    private final Credits credits;
    private final UsageHistory usage;
    private final PriceCatalog prices;

    public InternalResource(Credits credits, UsageHistory usage, PriceCatalog prices) {
        this.credits = credits;
        this.usage = usage;
        this.prices = prices;
    }

    @GET
    @Path("/accounts/{accountId}/balance")
    public BalanceView balance(@PathParam("accountId") String accountId) {
        return BalanceView.of(credits.balance(accountId));
    }

    @GET
    @Path("/accounts/{accountId}/usage")
    public UsagePageView usage(@PathParam("accountId") String accountId,
            @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("cursor") String cursor) {
        return UsagePageView.of(usage.page(accountId, parseLimit(limit), cursor));
    }

    /** The current version of every model's price, then the default price under {@link ModelPrice#ANY_MODEL}. */
    @GET
    @Path("/prices")
    public List<ModelPrice> prices() {
        return Stream.concat(prices.current().stream(), Stream.of(prices.defaultPrice()))
                .map(PriceVersion::toContract).toList();
    }

    /** Model ids contain '/' and ':' ({@code Qwen/Qwen3-Coder}, {@code gpt-oss:20b}): the path takes the rest. */
    @GET
    @Path("/prices/{model: .+}")
    public ModelPrice price(@PathParam("model") String model) {
        if (ModelPrice.ANY_MODEL.equals(model)) {
            return prices.defaultPrice().toContract();
        }
        return prices.current(model).map(PriceVersion::toContract)
                .orElseThrow(() -> ApiError.notFound("No price for model '" + model + "'."));
    }

    /** Same as {@code /prices/{model}}, for clients that prefer not to put a '/' in a path segment. */
    @GET
    @Path("/price")
    public ModelPrice priceByQuery(@QueryParam("model") String model) {
        if (model == null || model.isBlank()) {
            throw ApiError.invalidValue("model", "model is required.");
        }
        return price(model);
    }

    private static int parseLimit(String limit) {
        try {
            return Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw ApiError.invalidValue("limit", "limit must be an integer.");
        }
    }
}

package dev.relay.e2e;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

/** The model's current price as billing-service publishes it, and the cost rule from docs/architecture.md. */
record Prices(long inputPerMillionMicro, long outputPerMillionMicro, long perImageMicro, long perSecondMicro) {

    static Prices of(Fleet fleet, String model) {
        List<Map<String, Object>> prices = given().baseUri(fleet.billingUrl).get("/internal/prices")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return prices.stream().filter(p -> model.equals(p.get("model"))).findFirst()
                .map(p -> new Prices(((Number) p.get("inputPerMillionMicro")).longValue(),
                        ((Number) p.get("outputPerMillionMicro")).longValue(),
                        ((Number) p.get("perImageMicro")).longValue(), ((Number) p.get("perSecondMicro")).longValue()))
                .orElseThrow(() -> new AssertionError("no price for " + model));
    }

    long cost(long promptTokens, long completionTokens) {
        return ceilPerMillion(promptTokens * inputPerMillionMicro) + ceilPerMillion(completionTokens * outputPerMillionMicro);
    }

    private static long ceilPerMillion(long microTimesTokens) {
        return (microTimesTokens + 999_999) / 1_000_000;
    }
}

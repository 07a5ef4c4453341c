package dev.relay.billing;

import static dev.relay.billing.support.Operator.setPrice;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.billing.support.ExpectedCost;
import dev.relay.billing.support.Ledger;
import dev.relay.billing.support.Operator;
import dev.relay.billing.support.UsageEvents;
import dev.relay.contracts.UsageEvent;
import dev.relay.contracts.internal.ModelPrice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PriceVersioningTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    UsageEvents usage;

    @Inject
    Ledger ledger;

    @Test
    void priceChangeDoesNotRepriceEarlierUsage() {
        String model = "test-org/model-" + UUID.randomUUID() + ":7b";
        setPrice(model, 100_000, 300_000).statusCode(200).body("version", equalTo(1));
        String account = UsageEvents.newAccount();
        UsageEvent settledBefore = UsageEvents.event(account, model, 1000, 1000);
        usage.publish(settledBefore);
        await().atMost(WAIT).until(() -> ledger.entries(account) == 1);
        Instant beforeChange = Instant.now();

        setPrice(model, 900_000, 2_700_000).statusCode(200).body("version", equalTo(2));
        // Happened before the change, settled after it: still the old price.
        UsageEvent lateEvent = UsageEvents.event(account, model, 1000, 1000, null, 0, "completed", beforeChange);
        UsageEvent afterChange = UsageEvents.event(account, model, 1000, 1000);
        usage.publish(lateEvent, afterChange);
        await().atMost(WAIT).until(() -> ledger.entries(account) == 3);

        long oldCost = ExpectedCost.of(1000, 1000, 100_000, 300_000);
        assertEquals(oldCost, ledger.debitOf(settledBefore.eventId()));
        assertEquals(oldCost, ledger.debitOf(lateEvent.eventId()));
        assertEquals(ExpectedCost.of(1000, 1000, 900_000, 2_700_000), ledger.debitOf(afterChange.eventId()));
        assertEquals(ledger.sum(account), ledger.balanceRow(account));
    }

    @Test
    void aRequestHeldAtAnOlderLowerPriceIsChargedThatPriceNotTheRaisedOne() {
        // Held at version 1 (the gateway's price list had not caught up), ended after the raise.
        assertEquals(ExpectedCost.of(1000, 1000, 100_000, 300_000),
                chargeHeldAtVersionOne(new long[] {100_000, 300_000}, new long[] {10_000_000, 30_000_000}));
    }

    @Test
    void aRequestHeldAtAHigherPriceThanNowIsChargedTheLowerPriceInForce() {
        assertEquals(ExpectedCost.of(1000, 1000, 100_000, 300_000),
                chargeHeldAtVersionOne(new long[] {900_000, 2_700_000}, new long[] {100_000, 300_000}));
    }

    @Test
    void aPriceSupersededLongerAgoThanTheGraceIsNoLongerHonouredForARequestHeldAtIt() {
        // A gateway cut off from billing's price list still holds at version 1, an hour and more after the raise.
        String model = "test-org/model-" + UUID.randomUUID();
        setPrice(model, 100_000, 300_000).statusCode(200).body("version", equalTo(1));
        setPrice(model, 900_000, 2_700_000).statusCode(200).body("version", equalTo(2));
        String account = UsageEvents.newAccount();
        UsageEvent stale = UsageEvents.heldAt(UsageEvents.event(account, model, 1000, 1000, null, 0, "completed",
                Instant.now().plus(Duration.ofMinutes(61))), 1);
        usage.publish(stale);
        await().atMost(WAIT).until(() -> ledger.entries(account) == 1);

        assertEquals(ExpectedCost.of(1000, 1000, 900_000, 2_700_000), ledger.debitOf(stale.eventId()));
    }

    @Test
    void aRequestIsNeverChargedMoreThanItsHoldWhatEverThePriceDid() {
        // An async task held at submission names no price version; the price was raised before it ran.
        String model = "test-org/model-" + UUID.randomUUID();
        setPrice(model, 10_000_000, 30_000_000).statusCode(200);
        String account = UsageEvents.newAccount();
        UsageEvent task = UsageEvents.event(account, model, 1000, 1000, "res_" + UUID.randomUUID(), 500, "completed",
                Instant.now());
        usage.publish(task);
        await().atMost(WAIT).until(() -> ledger.entries(account) == 1);

        assertEquals(500, ledger.debitOf(task.eventId()));
    }

    /** What 1,000 + 1,000 tokens held at a model's first price are charged once its second is in force. */
    private long chargeHeldAtVersionOne(long[] first, long[] second) {
        String model = "test-org/model-" + UUID.randomUUID();
        setPrice(model, first[0], first[1]).statusCode(200).body("version", equalTo(1));
        setPrice(model, second[0], second[1]).statusCode(200).body("version", equalTo(2));
        String account = UsageEvents.newAccount();
        UsageEvent heldAtFirst = UsageEvents.heldAt(UsageEvents.event(account, model, 1000, 1000), 1);
        usage.publish(heldAtFirst);
        await().atMost(WAIT).until(() -> ledger.entries(account) == 1);
        return ledger.debitOf(heldAtFirst.eventId());
    }

    @Test
    void priceListHasTheSeededModels() {
        given().get("/internal/prices").then().statusCode(200)
                .body("model", hasItem("Qwen/Qwen3-Coder"))
                .body("find { it.model == 'Qwen/Qwen3-Coder' }.inputPerMillionMicro", equalTo(200000))
                .body("find { it.model == 'Qwen/Qwen3-Coder' }.outputPerMillionMicro", equalTo(800000))
                .body("find { it.model == 'gpt-oss:120b' }.defaultMaxTokens", equalTo(4096));
    }

    @Test
    void priceListHasTheSeededMediaModels() {
        given().get("/internal/prices").then().statusCode(200)
                .body("find { it.model == 'flux' }.perImageMicro", equalTo(30000))
                .body("find { it.model == 'qwen-image' }.perImageMicro", equalTo(20000))
                .body("find { it.model == 'sesame' }.perSecondMicro", equalTo(1000))
                .body("find { it.model == 'whisper' }.perSecondMicro", equalTo(100))
                .body("find { it.model == 'wan-25' }.perSecondMicro", equalTo(50000))
                .body("find { it.model == 'wan-25' }.outputPerMillionMicro", equalTo(0));
    }

    @Test
    void priceListCarriesTheDefaultPriceUnderTheAnyModelName() {
        given().get("/internal/prices").then().statusCode(200)
                .body("findAll { it.model == '*' }.size()", equalTo(1))
                .body("find { it.model == '*' }.inputPerMillionMicro", equalTo(1000000))
                .body("find { it.model == '*' }.outputPerMillionMicro", equalTo(4000000))
                .body("find { it.model == '*' }.perImageMicro", equalTo(40000))
                .body("find { it.model == '*' }.perSecondMicro", equalTo(5000))
                .body("find { it.model == '*' }.defaultMaxTokens", equalTo(4096))
                .body("find { it.model == '*' }.version", equalTo(0));
    }

    @Test
    void defaultPriceIsAlsoFoundByTheAnyModelName() {
        given().get("/internal/prices/*").then().statusCode(200)
                .body("model", equalTo("*")).body("outputPerMillionMicro", equalTo(4000000));
    }

    @Test
    void aPriceChangeThatLeavesAFieldOutKeepsItsCurrentValue() {
        String model = "test-org/model-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + Operator.TOKEN).contentType(ContentType.JSON)
                .body("{\"input_per_million_micro\": 1, \"output_per_million_micro\": 2, \"per_image_micro\": 5,"
                        + " \"default_max_tokens\": 1000}")
                .put("/operator/prices/" + model).then().statusCode(200).body("version", equalTo(1));

        setPrice(model, 3, 4).statusCode(200).body("version", equalTo(2))
                .body("inputPerMillionMicro", equalTo(3))
                .body("perImageMicro", equalTo(5))
                .body("defaultMaxTokens", equalTo(1000));
    }

    @Test
    void aPriceChangeWithAFieldItDoesNotKnowIsRefusedNamingIt() {
        given().header("Authorization", "Bearer " + Operator.TOKEN).contentType(ContentType.JSON)
                .body("{\"input_per_million_micro\": 1, \"output_per_million_micro\": 2, \"per_imag_micro\": 5}")
                .put("/operator/prices/test-org/model-" + UUID.randomUUID()).then().statusCode(400)
                .body("error.code", equalTo("unknown_parameter"))
                .body("error.param", equalTo("per_imag_micro"));
    }

    @Test
    void defaultPriceCannotBeSetAsIfItWereAModel() {
        setPrice(ModelPrice.ANY_MODEL, 1, 1).statusCode(400).body("error.param", equalTo("model"));
    }

    @Test
    void singlePriceIsFoundByAModelIdContainingSlashOrColon() {
        given().get("/internal/prices/Qwen/Qwen3-Coder").then().statusCode(200)
                .body("model", equalTo("Qwen/Qwen3-Coder")).body("inputPerMillionMicro", equalTo(200000));
        given().get("/internal/prices/gpt-oss:20b").then().statusCode(200)
                .body("outputPerMillionMicro", equalTo(200000));
        given().queryParam("model", "deepseek-ai/DeepSeek-V3.1").get("/internal/price").then().statusCode(200)
                .body("outputPerMillionMicro", equalTo(1100000));
    }

    @Test
    void unknownModelHasNoPrice() {
        given().get("/internal/prices/nobody/none").then().statusCode(404)
                .body("error.code", equalTo("not_found"));
    }
}

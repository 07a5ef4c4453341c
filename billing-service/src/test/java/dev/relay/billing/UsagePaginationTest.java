package dev.relay.billing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.relay.billing.support.Ledger;
import dev.relay.billing.support.UsageEvents;
import dev.relay.contracts.UsageEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsagePaginationTest {

    @Inject
    UsageEvents usage;

    @Inject
    Ledger ledger;

    @Test
    void pagesWalkEveryUsageRecordOnceNewestFirst() {
        String account = UsageEvents.newAccount();
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            events.add(UsageEvents.event(account, "gpt-oss:20b", i * 100L, i));
        }
        usage.publish(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.entries(account) == 7);

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("limit", 3);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/internal/accounts/{id}/usage", account).then().statusCode(200)
                    .extract().jsonPath();
            List<String> ids = page.getList("data.id");
            seen.addAll(ids);
            sizes.add(ids.size());
            cursor = page.getString("next_cursor");
        } while (cursor != null);

        assertEquals(List.of(3, 3, 1), sizes);
        Set<String> expected = events.stream().map(UsageEvent::eventId).collect(Collectors.toSet());
        assertEquals(expected, new HashSet<>(seen));
        assertEquals(7, seen.size());
    }

    @Test
    void aRequestThatGeneratedNothingAndCostNothingIsNotListed() {
        String account = UsageEvents.newAccount();
        UsageEvent refused = UsageEvents.event(account, "gpt-oss:20b", 0, 0, null, 0, "failed", Instant.now());
        UsageEvent served = UsageEvents.event(account, "gpt-oss:20b", 10, 5);
        usage.publish(List.of(refused, served));
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.entries(account) == 2);

        given().get("/internal/accounts/{id}/usage", account).then().statusCode(200)
                .body("data.id", equalTo(List.of(served.eventId())));
    }

    @Test
    void usageLineCarriesTokensAndCost() {
        String account = UsageEvents.newAccount();
        UsageEvent event = UsageEvents.event(account, "gpt-oss:120b", 10_000, 20_000);
        usage.publish(event);
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.entries(account) == 1);

        JsonPath page = given().get("/internal/accounts/{id}/usage", account).then().statusCode(200)
                .body("data[0].id", equalTo(event.eventId()))
                .body("data[0].request_id", equalTo(event.requestId()))
                .body("data[0].model", equalTo("gpt-oss:120b"))
                .body("data[0].prompt_tokens", equalTo(10000))
                .body("data[0].completion_tokens", equalTo(20000))
                .body("data[0].images", equalTo(0))
                .body("data[0].media_seconds", equalTo(0))
                .extract().jsonPath();
        assertEquals(ledger.debitOf(event.eventId()), page.getLong("data[0].cost_micro"));
        assertNull(page.getString("next_cursor"));
    }

    @Test
    void malformedCursorOrLimitIsABadRequest() {
        String account = UsageEvents.newAccount();
        given().queryParam("cursor", "not-a-cursor!").get("/internal/accounts/{id}/usage", account).then()
                .statusCode(400).body("error.param", equalTo("cursor"));
        given().queryParam("limit", 0).get("/internal/accounts/{id}/usage", account).then()
                .statusCode(400).body("error.param", equalTo("limit"));
        given().queryParam("limit", "ten").get("/internal/accounts/{id}/usage", account).then()
                .statusCode(400).body("error.param", equalTo("limit"));
    }
}

package dev.relay.billing;

import static dev.relay.billing.support.Operator.balance;
import static dev.relay.billing.support.Operator.topUp;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.billing.support.ExpectedCost;
import dev.relay.billing.support.Ledger;
import dev.relay.billing.support.UsageEvents;
import dev.relay.contracts.UsageEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsageMeteringTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    UsageEvents usage;

    @Inject
    Ledger ledger;

    @Test
    void usageEventIsDebitedExactlyAtTheModelsPrice() {
        String account = UsageEvents.newAccount();
        topUp(account, 10_000_000, "ref-" + account).statusCode(200);

        usage.publish(UsageEvents.event(account, "Qwen/Qwen3-Coder", 1234, 567));

        long expected = 10_000_000 - ExpectedCost.of(1234, 567, 200_000, 800_000);
        await().atMost(WAIT).until(() -> balance(account) == expected);
        assertEquals(2, ledger.entries(account));
    }

    @Test
    void replayingTheSameEventsChangesNothing() {
        String account = UsageEvents.newAccount();
        List<UsageEvent> events = List.of(
                UsageEvents.event(account, "gpt-oss:20b", 1000, 2000),
                UsageEvents.event(account, "gpt-oss:120b", 333, 777),
                UsageEvents.event(account, "deepseek-ai/DeepSeek-V3.1", 4096, 1));
        usage.publish(events);
        long expected = -(ExpectedCost.of(1000, 2000, 50_000, 200_000) + ExpectedCost.of(333, 777, 100_000, 500_000)
                + ExpectedCost.of(4096, 1, 270_000, 1_100_000));
        await().atMost(WAIT).until(() -> balance(account) == expected);

        // Same account, same partition: once the marker is settled, the replayed copies before it were consumed.
        UsageEvent marker = UsageEvents.event(account, "gpt-oss:20b", 0, 1);
        usage.publish(events);
        usage.publish(marker);
        long withMarker = expected - ExpectedCost.of(0, 1, 50_000, 200_000);
        await().atMost(WAIT).until(() -> ledger.entries(account) == 4);
        assertEquals(withMarker, balance(account));
        assertEquals(4, ledger.sequenceRow(account));
    }

    @Test
    void unknownModelIsChargedTheDefaultPriceInsteadOfBeingDropped() {
        String account = UsageEvents.newAccount();
        UsageEvent event = UsageEvents.event(account, "no-such-model-" + account, 10, 20);

        usage.publish(event);

        await().atMost(WAIT).until(() -> ledger.entries(account) == 1);
        assertEquals(ExpectedCost.of(10, 20, 1_000_000, 4_000_000), ledger.debitOf(event.eventId()));
    }

    @Test
    void failedRequestWithoutTokensCostsNothingButIsRecorded() {
        String account = UsageEvents.newAccount();
        topUp(account, 5_000, "ref-" + account).statusCode(200);
        UsageEvent failed = UsageEvents.event(account, "Qwen/Qwen3-Coder", 0, 0, "res_" + account, 4_000, "failed",
                Instant.now());

        usage.publish(failed);

        await().atMost(WAIT).until(() -> ledger.entries(account) == 2);
        assertEquals(0, ledger.debitOf(failed.eventId()));
        assertEquals(5_000, balance(account));
    }

    @Test
    void absurdTokenCountIsClampedInsteadOfStallingBilling() {
        String account = UsageEvents.newAccount();
        UsageEvent absurd = UsageEvents.event(account, "gpt-oss:20b", Long.MAX_VALUE, Long.MAX_VALUE);
        UsageEvent normal = UsageEvents.event(account, "gpt-oss:20b", 10, 10);

        usage.publish(absurd, normal);

        await().atMost(WAIT).until(() -> ledger.entries(account) == 2);
        assertEquals(ExpectedCost.of(1_000_000_000L, 1_000_000_000L, 50_000, 200_000), ledger.debitOf(absurd.eventId()));
        assertEquals(ledger.sum(account), ledger.balanceRow(account));
    }

    @Test
    void eventWithValuesTheDatabaseWouldRefuseIsStillCharged() {
        String account = UsageEvents.newAccount();
        UsageEvent odd = UsageEvents.event(account, "gpt-oss:20b\u0000", 100, 100, null, 0, "completed",
                Instant.parse("+200000-01-01T00:00:00Z"));
        UsageEvent normal = UsageEvents.event(account, "gpt-oss:20b", 10, 10);

        usage.publish(odd, normal);

        await().atMost(WAIT).until(() -> ledger.entries(account) == 2);
        assertEquals(ExpectedCost.of(100, 100, 50_000, 200_000), ledger.debitOf(odd.eventId()));
    }
}

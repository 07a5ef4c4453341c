package dev.relay.billing;

import static dev.relay.billing.support.Operator.topUp;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.billing.service.BalancePropagation;
import dev.relay.billing.support.GatewayReservations;
import dev.relay.billing.support.Ledger;
import dev.relay.billing.support.UsageEvents;
import dev.relay.contracts.RedisKeys;
import dev.relay.contracts.UsageEvent;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReservationSettlementTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    UsageEvents usage;

    @Inject
    Ledger ledger;

    @Inject
    GatewayReservations reservations;

    @Inject
    RedisDataSource redis;

    @Inject
    BalancePropagation propagation;

    @Test
    void settlingReleasesTheReservationOnceAndWritesTheBalance() {
        String account = UsageEvents.newAccount();
        topUp(account, 1_000_000, "ref-" + account).statusCode(200);
        reservations.reserve(account, "res_a", 50_000);
        reservations.reserve(account, "res_b", 30_000);
        UsageEvent event = UsageEvents.event(account, "gpt-oss:20b", 100, 100, "res_a", 50_000, "completed",
                Instant.now());

        usage.publish(event);

        await().atMost(WAIT).until(() -> "30000".equals(reservations.reservedTotal(account)));
        assertFalse(reservations.isOpen(account, "res_a"));
        assertTrue(reservations.isOpen(account, "res_b"));
        await().atMost(WAIT).until(() -> Long.toString(ledger.balanceRow(account)).equals(reservations.balance(account)));
        assertEquals(1_000_000 - ledger.debitOf(event.eventId()), Long.parseLong(reservations.balance(account)));
    }

    @Test
    void replayedEventDoesNotReleaseTheReservedTotalTwice() {
        String account = UsageEvents.newAccount();
        reservations.reserve(account, "res_a", 50_000);
        reservations.reserve(account, "res_b", 30_000);
        UsageEvent event = UsageEvents.event(account, "gpt-oss:20b", 1, 1, "res_a", 50_000, "completed", Instant.now());
        usage.publish(event);
        await().atMost(WAIT).until(() -> "30000".equals(reservations.reservedTotal(account)));

        // The gateway reuses nothing, but a replay carries the same reservation id again; a later marker proves it was consumed.
        UsageEvent marker = UsageEvents.event(account, "gpt-oss:20b", 1, 1);
        usage.publish(event, marker);
        await().atMost(WAIT).until(() -> ledger.entries(account) == 2);

        await().atMost(WAIT).until(() -> Long.toString(ledger.balanceRow(account)).equals(reservations.balance(account)));
        assertEquals("30000", reservations.reservedTotal(account));
    }

    @Test
    void failedRequestWithoutTokensStillReleasesItsReservation() {
        String account = UsageEvents.newAccount();
        topUp(account, 200_000, "ref-" + account).statusCode(200);
        reservations.reserve(account, "res_failed", 90_000);

        usage.publish(UsageEvents.event(account, "Qwen/Qwen3-Coder", 0, 0, "res_failed", 90_000, "failed",
                Instant.now()));

        await().atMost(WAIT).until(() -> "0".equals(reservations.reservedTotal(account)));
        assertFalse(reservations.isOpen(account, "res_failed"));
        assertEquals("200000", reservations.balance(account));
    }

    @Test
    void startupPushWritesEveryBalanceBackToAnEmptiedRedis() {
        String account = UsageEvents.newAccount();
        topUp(account, 777_000, "ref-" + account).statusCode(200);
        redis.key().del(RedisKeys.balance(account));

        propagation.pushAll();

        assertEquals("777000", reservations.balance(account));
    }
}

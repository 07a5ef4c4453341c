package dev.relay.billing;

import static dev.relay.billing.support.Operator.topUp;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.billing.messaging.OrphanedReservations;
import dev.relay.billing.messaging.RedisBalances;
import dev.relay.billing.service.BalanceSnapshot;
import dev.relay.billing.support.ExpectedCost;
import dev.relay.billing.support.GatewayReservations;
import dev.relay.billing.support.Ledger;
import dev.relay.billing.support.UsageEvents;
import dev.relay.contracts.UsageEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The test profile sweeps accounts named {@code acct_swept_*} every 200 ms with a 2 s horizon; other accounts are
 * swept only where a test calls a sweep itself.
 */
@QuarkusTest
class OrphanedReservationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    GatewayReservations reservations;

    @Inject
    OrphanedReservations orphans;

    @Inject
    RedisBalances redisBalances;

    @Inject
    UsageEvents usage;

    @Inject
    Ledger ledger;

    private static String sweptAccount() {
        return "acct_swept_" + UUID.randomUUID();
    }

    @Test
    void orphanedReservationIsReleasedAfterTheHorizon() {
        String account = sweptAccount();
        reservations.reserve(account, "res_orphan", 70_000);

        await().atMost(WAIT).until(() -> !reservations.isOpen(account, "res_orphan"));

        assertEquals("0", reservations.reservedTotal(account));
    }

    @Test
    void usageEventArrivingAfterTheReleaseIsChargedOnceAndReleasesNothing() {
        String account = sweptAccount();
        topUp(account, 1_000_000, "ref-" + account).statusCode(200);
        reservations.reserve(account, "res_late", 70_000);
        await().atMost(WAIT).until(() -> !reservations.isOpen(account, "res_late"));
        reservations.hold(account, 30_000);

        UsageEvent late = UsageEvents.event(account, "gpt-oss:20b", 1000, 1000, "res_late", 70_000, "completed",
                Instant.now());
        usage.publish(late);

        String charged = Long.toString(1_000_000 - ExpectedCost.of(1000, 1000, 50_000, 200_000));
        await().atMost(WAIT).until(() -> charged.equals(reservations.balance(account)));
        assertEquals(2, ledger.entries(account)); // the top-up and one debit
        assertEquals(1_000_000 - ledger.debitOf(late.eventId()), ledger.balanceRow(account));
        assertEquals("30000", reservations.reservedTotal(account));
    }

    @Test
    void reservationYoungerThanTheHorizonIsKept() {
        String account = UsageEvents.newAccount();
        reservations.reserve(account, "res_live", 70_000);

        orphans.sweep(Duration.ofHours(1), account); // first sighting
        orphans.sweep(Duration.ofHours(1), account); // seen before, but not an hour ago

        assertTrue(reservations.isOpen(account, "res_live"));
        assertEquals("70000", reservations.reservedTotal(account));
    }

    @Test
    void reservationSightedAHorizonAgoIsReleasedByTheNextSweep() {
        String account = UsageEvents.newAccount();
        reservations.reserve(account, "res_old", 70_000);
        reservations.sighted(account, "res_old", Duration.ofHours(2));

        orphans.sweep(Duration.ofHours(1), account);

        assertFalse(reservations.isOpen(account, "res_old"));
        assertEquals("0", reservations.reservedTotal(account));
    }

    /** The gateway forgets a task's sighting as the task starts running, so that the run has a full horizon. */
    @Test
    void reservationWhoseSightingWasForgottenIsSeenAfreshByTheNextSweepAndKept() {
        String account = UsageEvents.newAccount();
        reservations.reserve(account, "res_task", 70_000);
        reservations.sighted(account, "res_task", Duration.ofHours(2));
        reservations.forgetSighting(account, "res_task");
        long beforeSweep = reservations.redisTimeMs();

        orphans.sweep(Duration.ofHours(1), account);

        assertTrue(reservations.isOpen(account, "res_task"));
        assertEquals("70000", reservations.reservedTotal(account));
        assertTrue(reservations.sighting(account, "res_task") >= beforeSweep);
    }

    /** Two replicas' sweeps and a settlement, all at once, over many accounts: each reservation is released once. */
    @Test
    void releaseRacingASettlementAndAnotherReplicaReleasesOnce() {
        String prefix = "acct_race_" + UUID.randomUUID() + "_";
        List<String> accounts = IntStream.range(0, 50).mapToObj(i -> prefix + i).toList();
        for (String account : accounts) {
            reservations.reserve(account, "res_raced", 50_000);
            reservations.hold(account, 30_000);
        }
        orphans.sweep(Duration.ZERO, prefix + "*"); // first sighting: from now on any sweep may release them

        CountDownLatch start = new CountDownLatch(1);
        Map<String, List<String>> settled = accounts.stream()
                .collect(Collectors.toMap(a -> a, a -> List.of("res_raced")));
        List<Runnable> racers = List.of(
                () -> orphans.sweep(Duration.ZERO, prefix + "*"),
                () -> orphans.sweep(Duration.ZERO, prefix + "*"),
                () -> redisBalances.settle(accounts.stream().map(BalanceSnapshot::empty).toList(), settled, false));
        List<CompletableFuture<Void>> running = racers.stream().map(racer -> CompletableFuture.runAsync(() -> {
            awaitStart(start);
            racer.run();
        })).toList();
        start.countDown();
        running.forEach(CompletableFuture::join);

        for (String account : accounts) {
            assertFalse(reservations.isOpen(account, "res_raced"), account);
            assertEquals("30000", reservations.reservedTotal(account), account);
        }
    }

    private static void awaitStart(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

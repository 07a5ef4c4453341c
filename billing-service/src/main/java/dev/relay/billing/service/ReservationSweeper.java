package dev.relay.billing.service;

import dev.relay.billing.config.BillingConfig;
import dev.relay.billing.messaging.OrphanedReservations;
import dev.relay.billing.messaging.OrphanedReservations.Release;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sweeps orphaned reservations every {@code relay.billing.reservations.sweep-interval} on every replica; the sweeps
 * agree through Redis, so running several changes nothing but the load. Releasing only frees the hold: a usage event
 * that turns up later is still charged (once, the ledger's unique event id decides) and releases nothing.
 */
@ApplicationScoped
public class ReservationSweeper {

    private static final Logger LOG = Logger.getLogger(ReservationSweeper.class);

    private final OrphanedReservations reservations;
    private final BillingConfig.Reservations config;
    private ScheduledExecutorService timer;

    public ReservationSweeper(OrphanedReservations reservations, BillingConfig config) {
        this.reservations = reservations;
        this.config = config.reservations();
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "reservation-sweeper"));
        long every = config.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void sweep() {
        try {
            for (Release release : reservations.sweep(config.horizon(), config.accounts())) {
                // A gateway lost these between reserving and metering: worth an operator's look, not an error.
                LOG.warnf("released %d reservation(s) of account %s (%d micro-dollars) open longer than %s",
                        release.reservations(), release.accountId(), release.amountMicro(), config.horizon());
            }
        } catch (RuntimeException e) {
            // Never let one failure (Redis down) cancel the schedule: the next sweep tries again.
            LOG.errorf("reservation sweep failed: %s", e.getMessage());
        }
    }
}

package dev.relay.task.service;

import dev.relay.task.client.WebhookPoster;
import dev.relay.task.client.WebhookPoster.Attempt;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.persistence.WebhookDeliveryRepository.Due;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Sends the webhook calls that are due, on every replica (claims keep two from sending the same one), and decides
 * what a failure means: due again after the next of {@code relay.task.webhooks.retry-delays}, or, once they are used
 * up, abandoned. Only ids are logged: a URL may carry a receiver's token.
 *
 * <p>Calls are not sent in batches that wait for their slowest: each is recorded as soon as it is answered, and every
 * round claims only what fits beside the calls still out ({@code batch-size} at most), at most one per endpoint and
 * {@code max-in-flight-per-account} per account, fresh events before retries; an endpoint that took its call is sent
 * its next at once. So a receiver that never answers holds one place for one timeout, no account's receivers take
 * every place, and one that keeps up is not held to a call a round.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookPoster poster;
    private final WebhookTargets targets;
    private final List<Duration> retryDelays;
    private final int maxInFlight;
    private final Duration lease;
    /** Endpoints with a call out from this replica. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** How many calls this replica has out per account. */
    private final Map<String, Integer> outPerAccount = new ConcurrentHashMap<>();
    private final int maxPerAccount;
    private final Duration timeout;
    private volatile boolean stopping;
    /** Where outcomes are written to the database. */
    private final ExecutorService recorder = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "webhook-record");
        thread.setDaemon(true);
        return thread;
    });

    public WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookPoster poster, WebhookTargets targets,
            TaskConfig config) {
        this.deliveries = deliveries;
        this.poster = poster;
        this.targets = targets;
        this.retryDelays = config.webhooks().retryDelays();
        this.maxInFlight = config.webhooks().batchSize();
        this.maxPerAccount = config.webhooks().maxInFlightPerAccount();
        this.timeout = config.webhooks().timeout();
        // Past the longest a call can take: the address check, then the poster's own bound (twice the timeout).
        this.lease = timeout.multipliedBy(2).plusSeconds(WebhookTargets.LOOKUP_SECONDS + 30);
    }

    @Scheduled(every = "${relay.task.webhooks.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatch() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            // Logged, not thrown: the database may be back by the next round.
            LOG.errorf("webhook dispatch failed: %s", e.getMessage());
        }
    }

    /** Claims what fits beside the calls still out and sends each; answers how many were claimed. */
    int sendDue() {
        int room = maxInFlight - busy.size();
        if (room <= 0 || stopping) {
            return 0;
        }
        Set<String> full = outPerAccount.entrySet().stream().filter(out -> out.getValue() >= maxPerAccount)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        List<Due> due = deliveries.claimDue(room, maxPerAccount, lease, Set.copyOf(busy), full);
        for (Due delivery : due) {
            busy.add(delivery.endpointId());
            outPerAccount.merge(delivery.accountId(), 1, Integer::sum);
            send(delivery);
        }
        return due.size();
    }

    /** The call's place is free: its endpoint may be claimed again, its account has one call fewer out. */
    private void free(Due delivery) {
        busy.remove(delivery.endpointId());
        outPerAccount.computeIfPresent(delivery.accountId(), (account, out) -> out > 1 ? out - 1 : null);
    }

    /**
     * At shutdown: no more calls, and the ones out may finish for up to the timeout, so that what a receiver took is
     * recorded before the database goes (else it is sent again once its claim runs out).
     */
    void drain(@Observes ShutdownEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!busy.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Sends one call and records how it went, off the thread that completed it (a timeout completes on the JVM's one
     * timer thread, which must not wait on the database). Once the receiver took it, its endpoint's next due call
     * follows at once; otherwise, or when there is none, the endpoint is free for a later round.
     */
    private void send(Due delivery) {
        CompletableFuture<Attempt> sent;
        try {
            sent = attempt(delivery);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.exceptionally(Attempt::unanswered)
                .thenApplyAsync(attempt -> record(delivery, attempt)
                        ? next(delivery.endpointId()) : Optional.<Due>empty(), recorder)
                .whenComplete((next, failure) -> {
                    if (failure == null && next.isPresent()) {
                        send(next.get());
                    } else {
                        free(delivery);
                    }
                });
    }

    private Optional<Due> next(String endpointId) {
        if (stopping) {
            return Optional.empty();
        }
        try {
            return deliveries.claimNextFor(endpointId, lease);
        } catch (RuntimeException e) {
            LOG.errorf("next webhook call to endpoint %s not claimed: %s", endpointId, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The address check (it may wait on DNS, so not on the scheduler's thread), then the call, to the address checked:
     * the name is not looked up again, so it cannot be pointed elsewhere in between.
     */
    private CompletableFuture<Attempt> attempt(Due delivery) {
        return targets.approved(URI.create(delivery.url())).thenCompose(target -> target.approved()
                ? poster.post(delivery, target.address())
                : CompletableFuture.completedFuture(new Attempt(0, target.refusal())));
    }

    /** Records the attempt; answers whether the receiver took it. */
    private boolean record(Due delivery, Attempt attempt) {
        try {
            if (attempt.delivered()) {
                deliveries.delivered(delivery.id(), attempt.status());
                return true;
            }
            boolean retry = delivery.attempt() <= retryDelays.size();
            Duration retryIn = retry ? retryDelays.get(delivery.attempt() - 1) : null;
            deliveries.failed(delivery.id(), delivery.attempt(), attempt.status(), attempt.failure(), retryIn);
            if (retry) {
                LOG.infof("webhook event %s to endpoint %s, attempt %d failed (%s); retrying in %s",
                        delivery.eventId(), delivery.endpointId(), delivery.attempt(), attempt.failure(), retryIn);
            } else {
                LOG.warnf("webhook event %s to endpoint %s abandoned after %d attempts, the last: %s",
                        delivery.eventId(), delivery.endpointId(), delivery.attempt(), attempt.failure());
            }
        } catch (RuntimeException e) {
            // The claim's lease runs out and the call is made again: at least once, never lost.
            LOG.errorf("webhook event %s to endpoint %s: its outcome was not recorded (%s)", delivery.eventId(),
                    delivery.endpointId(), e.getMessage());
        }
        return false;
    }

    @PreDestroy
    void stop() {
        recorder.shutdown();
    }
}

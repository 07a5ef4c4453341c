package dev.relay.task.service;

import dev.relay.task.client.WebhookPoster;
import dev.relay.task.client.WebhookPoster.Attempt;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.persistence.WebhookDeliveryRepository.Due;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Sends the webhook calls that are due, on every replica (claims keep two from sending the same one), and decides
 * what a failure means: due again after the next of {@code relay.task.webhooks.retry-delays}, or, once they are used
 * up, abandoned. Only ids are logged: a URL may carry a receiver's token.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookPoster poster;
    private final WebhookTargets targets;
    private final List<Duration> retryDelays;
    private final int batchSize;
    private final Duration lease;

    public WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookPoster poster, WebhookTargets targets,
            TaskConfig config) {
        this.deliveries = deliveries;
        this.poster = poster;
        this.targets = targets;
        this.retryDelays = config.webhooks().retryDelays();
        this.batchSize = config.webhooks().batchSize();
        // Past the longest a send can take (the poster gives up at twice the timeout), with room for the DNS check.
        this.lease = config.webhooks().timeout().multipliedBy(2).plusSeconds(30);
    }

    @Scheduled(every = "${relay.task.webhooks.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatch() {
        try {
            while (sendDue() == batchSize) {
                // A full batch: more may be due.
            }
        } catch (RuntimeException e) {
            // Logged, not thrown: the database may be back by the next round, and claimed deliveries come due again.
            LOG.errorf("webhook dispatch failed: %s", e.getMessage());
        }
    }

    /** Claims the due deliveries, sends them at once and records how each went; answers how many were claimed. */
    int sendDue() {
        List<Due> due = deliveries.claimDue(batchSize, lease);
        List<CompletableFuture<Attempt>> attempts = new ArrayList<>(due.size());
        for (Due delivery : due) {
            attempts.add(targets.refusal(URI.create(delivery.url()), true)
                    .map(reason -> CompletableFuture.completedFuture(new Attempt(0, reason)))
                    .orElseGet(() -> poster.post(delivery)));
        }
        for (int i = 0; i < due.size(); i++) {
            record(due.get(i), attempts.get(i).join());
        }
        return due.size();
    }

    private void record(Due delivery, Attempt attempt) {
        if (attempt.delivered()) {
            deliveries.delivered(delivery.id(), attempt.status());
            return;
        }
        boolean retry = delivery.attempt() <= retryDelays.size();
        deliveries.failed(delivery.id(), attempt.status(), attempt.failure(),
                retry ? retryDelays.get(delivery.attempt() - 1) : null);
        if (retry) {
            LOG.infof("webhook event %s to endpoint %s, attempt %d failed (%s); retrying in %s", delivery.eventId(),
                    delivery.endpointId(), delivery.attempt(), attempt.failure(), retryDelays.get(delivery.attempt() - 1));
        } else {
            LOG.warnf("webhook event %s to endpoint %s abandoned after %d attempts, the last: %s", delivery.eventId(),
                    delivery.endpointId(), delivery.attempt(), attempt.failure());
        }
    }
}

package dev.relay.router.service;

import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.registry.WorkerState.Health;
import dev.relay.routing.scoring.PrefixIndex;
import dev.relay.routing.scoring.WorkerScorer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Per-worker gauges (eligible, in-flight, load, KV use) and ejection/readmission counters, so health decisions
 * are visible on {@code /q/metrics}; gauges go away with the worker. Also forgets a removed worker's prefixes.
 */
@Startup
@ApplicationScoped
public class RouterMetrics {

    private static final Logger LOG = Logger.getLogger(RouterMetrics.class);

    private final MeterRegistry meters;
    private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

    public RouterMetrics(MeterRegistry meters, WorkerRegistry registry, PrefixIndex prefixIndex) {
        this.meters = meters;
        registry.all().forEach(this::added);
        registry.onAdded(this::added);
        registry.onRemoved(worker -> {
            prefixIndex.forget(worker.id());
            removed(worker);
        });
    }

    void added(Worker worker) {
        Tags tags = Tags.of("worker", worker.id());
        gauges.put(worker.id(), List.of(
                Gauge.builder("relay.router.worker.eligible", worker, w -> w.eligible() ? 1 : 0).tags(tags)
                        .description("1 while the worker receives new requests (healthy and not draining)")
                        .strongReference(true).register(meters),
                Gauge.builder("relay.router.worker.in.flight", worker, Worker::inFlight).tags(tags)
                        .strongReference(true).register(meters),
                Gauge.builder("relay.router.worker.load", worker, WorkerScorer::load).tags(tags)
                        .description("(waiting + in-flight) / capacity").strongReference(true).register(meters),
                Gauge.builder("relay.router.worker.kv.usage", worker, Worker::kvUsage).tags(tags)
                        .strongReference(true).register(meters)));
        LOG.infof("worker %s registered (%s, %s, %s)", worker.id(), worker.descriptor().mode(),
                worker.descriptor().protocol(), worker.descriptor().baseUrl());
    }

    void removed(Worker worker) {
        List<Meter> owned = gauges.remove(worker.id());
        if (owned != null) {
            owned.forEach(meters::remove);
        }
        LOG.infof("worker %s removed", worker.id());
    }

    public void healthChanged(Worker worker, Health health) {
        String name = health == Health.EJECTED ? "relay.router.worker.ejections" : "relay.router.worker.readmissions";
        meters.counter(name, "worker", worker.id()).increment();
        if (health == Health.EJECTED) {
            LOG.warnf("worker %s ejected: %s", worker.id(), worker.ejectionReason());
        } else {
            LOG.infof("worker %s readmitted after a successful probe", worker.id());
        }
    }
}

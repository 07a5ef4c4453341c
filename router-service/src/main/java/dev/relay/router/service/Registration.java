package dev.relay.router.service;

import dev.relay.contracts.WorkerHeartbeat;
import dev.relay.router.config.RouterConfig;
import dev.relay.routing.registry.Vocabulary;
import dev.relay.routing.registry.WorkerDescriptor;
import dev.relay.routing.registry.WorkerDescriptor.Origin;
import dev.relay.routing.registry.WorkerRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/** Both ways a worker joins: static configuration at start, and heartbeats from {@code relay.workers}. */
@Startup
@ApplicationScoped
public class Registration {

    private static final Logger LOG = Logger.getLogger(Registration.class);

    private final WorkerRegistry registry;
    private final RouterConfig config;

    public Registration(WorkerRegistry registry, RouterConfig config, RouterMetrics metrics) {
        this.registry = registry;
        this.config = config;
        config.workers().forEach((id, w) -> {
            String problem = problem(id, w.baseUrl(), w.protocol(), w.mode(), w.models());
            if (problem != null) {
                throw new IllegalArgumentException("relay.router.workers." + id + ": " + problem);
            }
            registry.register(new WorkerDescriptor(id, w.baseUrl(), w.protocol(), w.mode(), w.models(), w.capacity(),
                    w.region(), w.priceClass(), w.labels(), Origin.STATIC), Instant.now());
        });
    }

    /** Applies one heartbeat; returns false (and logs) when it is unusable. */
    public boolean heartbeat(WorkerHeartbeat hb) {
        if (hb.workerId() == null || hb.workerId().isBlank()) {
            LOG.warn("ignoring a heartbeat without workerId");
            return false;
        }
        if (hb.state() == WorkerHeartbeat.State.LEAVING) {
            if (registry.leave(hb.workerId())) {
                LOG.infof("worker %s is leaving: draining", hb.workerId());
            }
            return true;
        }
        String protocol = hb.protocol() == null ? "vllm" : hb.protocol();
        String mode = hb.mode() == null ? Vocabulary.DIRECT : hb.mode();
        List<String> models = hb.models() == null ? List.of() : hb.models();
        String problem = problem(hb.workerId(), hb.baseUrl(), protocol, mode, models);
        if (problem != null) {
            LOG.warnf("ignoring the heartbeat of worker %s: %s", hb.workerId(), problem);
            return false;
        }
        int capacity = hb.capacity() > 0 ? hb.capacity() : config.defaultCapacity();
        Map<String, String> labels = hb.labels() == null ? Map.of() : hb.labels();
        registry.register(new WorkerDescriptor(hb.workerId(), hb.baseUrl(), protocol, mode, models, capacity,
                hb.region() == null ? "local" : hb.region(), hb.priceClass() == null ? "standard" : hb.priceClass(),
                labels, Origin.HEARTBEAT), Instant.now());
        return true;
    }

    private static String problem(String id, String baseUrl, String protocol, String mode, List<String> models) {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            return "baseUrl must be an http(s) URL, got " + baseUrl;
        }
        if (!Vocabulary.SOURCES.contains(protocol.toLowerCase(Locale.ROOT))) {
            return "unknown protocol " + protocol + " (one of " + Vocabulary.SOURCES + ")";
        }
        if (!Vocabulary.MODES.contains(mode.toLowerCase(Locale.ROOT))) {
            return "mode must be direct or opengpu, got " + mode;
        }
        if (models.isEmpty()) {
            return "worker " + id + " serves no model";
        }
        return null;
    }
}

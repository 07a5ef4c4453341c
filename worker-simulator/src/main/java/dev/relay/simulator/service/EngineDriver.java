package dev.relay.simulator.service;

import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.engine.EngineEvent;
import dev.relay.simulator.engine.EngineSnapshot;
import dev.relay.simulator.engine.InferenceEngine;
import dev.relay.simulator.engine.SequenceRequest;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs the engine in real time: simulated time is the wall clock since start divided by
 * {@code relay.simulator.time-scale}, and one timer thread wakes the engine at its next step boundary. Every call
 * into the engine holds this object's lock; listeners are called under it too, so they must only hand off (the
 * HTTP layer hops onto its Vert.x context).
 */
@ApplicationScoped
public class EngineDriver {

    private static final Logger LOG = Logger.getLogger(EngineDriver.class);

    private final InferenceEngine engine;
    private final double timeScale;
    private final long origin = System.nanoTime();
    private final Map<String, Consumer<EngineEvent>> listeners = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sim-engine");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAt = Long.MAX_VALUE;

    public EngineDriver(SimulatorConfig config) {
        this.engine = new InferenceEngine(config.engine());
        this.timeScale = config.timeScale();
        config.models().forEach(engine::register);
    }

    /** Simulated now, in nanoseconds since start. */
    public long simulatedNanos() {
        return (long) ((System.nanoTime() - origin) / timeScale);
    }

    /** Queues a sequence; the listener sees its events as they happen. */
    public synchronized void submit(SequenceRequest request, Consumer<EngineEvent> listener) {
        long now = simulatedNanos();
        advance(now);
        listeners.put(request.id(), listener);
        try {
            engine.submit(request, now);
        } catch (RuntimeException e) {
            listeners.remove(request.id());
            throw e;
        }
        schedule();
    }

    /** Drops a sequence (client gone): frees its batch slot and KV blocks; no further events. */
    public synchronized void cancel(String requestId) {
        long now = simulatedNanos();
        advance(now);
        listeners.remove(requestId);
        engine.cancel(requestId, now);
        schedule();
    }

    public synchronized EngineSnapshot snapshot() {
        advance(simulatedNanos());
        schedule();
        return engine.snapshot();
    }

    private void advance(long now) {
        for (EngineEvent event : engine.step(now)) {
            Consumer<EngineEvent> listener = event.kind() == EngineEvent.Kind.FINISHED
                    ? listeners.remove(event.requestId()) : listeners.get(event.requestId());
            if (listener != null) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "listener of %s failed", event.requestId());
                }
            }
        }
    }

    private void schedule() {
        long next = engine.nextEventTime();
        if (next == Long.MAX_VALUE || (wakeUp != null && !wakeUp.isDone() && wakeUpAt <= next)) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAt = next;
        long delay = (long) Math.ceil(Math.max(0, next - simulatedNanos()) * timeScale);
        wakeUp = timer.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
    }

    private synchronized void tick() {
        wakeUp = null;
        advance(simulatedNanos());
        schedule();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }
}

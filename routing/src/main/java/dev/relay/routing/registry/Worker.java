package dev.relay.routing.registry;

import dev.relay.routing.registry.WorkerState.Health;
import dev.relay.routing.registry.WorkerState.Lifecycle;
import dev.relay.routing.scoring.WorkerSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One registered worker: its descriptor plus live state. Fields are written by probes, scrapes, heartbeats and
 * gateway reports on different threads and read lock-free by picks, hence volatile/atomic fields.
 */
public final class Worker implements WorkerSignals {

    /** Weight of the newest sample in the latency moving averages. */
    static final double EWMA_ALPHA = 0.2;

    private static final AtomicIntegerFieldUpdater<Worker> IN_FLIGHT =
            AtomicIntegerFieldUpdater.newUpdater(Worker.class, "inFlight");

    // Hot fields, read by every pick: plain volatiles inline in this object (no lock, no extra object to chase).
    private volatile WorkerDescriptor descriptor;
    private volatile int capacity;
    private volatile double price;
    private volatile boolean eligible = true;
    private volatile int inFlight;
    private volatile int running;
    private volatile int waiting;
    private volatile double kvUsage;
    private volatile Boolean metricsAvailable;
    private volatile Instant lastScrapeAt;
    final AtomicBoolean scrapeBusy = new AtomicBoolean();
    final AtomicBoolean probeBusy = new AtomicBoolean();

    private volatile double latencyEwmaMs;
    private volatile double ttftEwmaMs;

    private volatile Health health = Health.HEALTHY;
    private volatile Lifecycle lifecycle = Lifecycle.ACTIVE;
    final AtomicInteger passiveFailures = new AtomicInteger();
    final AtomicInteger probeFailures = new AtomicInteger();
    private volatile Instant ejectedAt;
    private volatile String ejectionReason;
    private volatile boolean leaving;
    private volatile Instant lastHeartbeatAt;
    private volatile Instant lastProbeAt;
    private volatile String lastProbeError;
    private volatile Map<String, Integer> contextWindows = Map.of();
    private volatile Instant contextWindowsAt;

    // In-flight reconciliation (see scraped): since when, and by at least how much, the own count exceeded the
    // worker's. Guarded by this.
    private Instant excessSince;
    private int smallestExcess;

    /** Bumped whenever any worker's eligibility flips, so cached eligible lists know they are stale. */
    private final AtomicLong eligibilityEpoch;
    /** Bumped whenever any worker's reported context windows change (see WorkerRegistry#smallestReportedWindow). */
    private final AtomicLong windowsEpoch;

    private final String id;
    private final int idHash;

    Worker(WorkerDescriptor descriptor, Instant seenAt, AtomicLong eligibilityEpoch, AtomicLong windowsEpoch) {
        this.id = descriptor.id();
        this.idHash = id.hashCode();
        this.eligibilityEpoch = eligibilityEpoch;
        this.windowsEpoch = windowsEpoch;
        describe(descriptor);
        this.lastHeartbeatAt = seenAt;
    }

    void describe(WorkerDescriptor descriptor) {
        this.descriptor = descriptor;
        this.capacity = descriptor.capacity();
        this.price = priceOf(descriptor.priceClass());
    }

    /** Price classes map onto 0..1 for the scorer; unknown classes count as standard. */
    static double priceOf(String priceClass) {
        if (priceClass == null) {
            return 0.5;
        }
        return switch (priceClass.toLowerCase(java.util.Locale.ROOT)) {
            case "free", "low", "cheap", "economy" -> 0.0;
            case "high", "premium" -> 1.0;
            default -> 0.5;
        };
    }

    public WorkerDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int idHash() {
        return idHash;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int inFlight() {
        return inFlight;
    }

    @Override
    public int running() {
        return running;
    }

    @Override
    public int waiting() {
        return waiting;
    }

    @Override
    public double kvUsage() {
        return kvUsage;
    }

    @Override
    public double latencyEwmaMs() {
        return latencyEwmaMs;
    }

    public double ttftEwmaMs() {
        return ttftEwmaMs;
    }

    @Override
    public double price() {
        return price;
    }

    public boolean eligible() {
        return eligible;
    }

    public Health health() {
        return health;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public boolean leaving() {
        return leaving;
    }

    public Instant ejectedAt() {
        return ejectedAt;
    }

    public String ejectionReason() {
        return ejectionReason;
    }

    public int passiveFailures() {
        return passiveFailures.get();
    }

    public int probeFailures() {
        return probeFailures.get();
    }

    public Instant lastHeartbeatAt() {
        return lastHeartbeatAt;
    }

    public Instant lastProbeAt() {
        return lastProbeAt;
    }

    public String lastProbeError() {
        return lastProbeError;
    }

    public Boolean metricsAvailable() {
        return metricsAvailable;
    }

    public Instant lastScrapeAt() {
        return lastScrapeAt;
    }

    public Map<String, Integer> contextWindows() {
        return contextWindows;
    }

    public Instant contextWindowsAt() {
        return contextWindowsAt;
    }

    // ---- transitions, called by the registry and the health policy ----

    /** A worker announcing itself as up is active again, even after it said it was leaving (it restarted). */
    synchronized void heartbeat(Instant at) {
        lastHeartbeatAt = at;
        leaving = false;
        lifecycle = Lifecycle.ACTIVE;
        setEligible(health == Health.HEALTHY);
    }

    synchronized void drain(boolean leaving) {
        this.leaving |= leaving;
        lifecycle = Lifecycle.DRAINING;
        setEligible(false);
    }

    synchronized void eject(Instant at, String reason) {
        ejectedAt = at;
        ejectionReason = reason;
        health = Health.EJECTED;
        setEligible(false);
    }

    synchronized void readmit() {
        passiveFailures.set(0);
        probeFailures.set(0);
        ejectedAt = null;
        ejectionReason = null;
        health = Health.HEALTHY;
        setEligible(lifecycle == Lifecycle.ACTIVE);
    }

    private void setEligible(boolean next) {
        if (eligible != next) {
            eligible = next;
            eligibilityEpoch.incrementAndGet();
        }
    }

    /**
     * A gateway's mirror takes the router's view of everything but the in-flight count, which each gateway keeps
     * for the requests it sent itself. The router's scrape is taken as this gateway's own (see {@link #scraped}), so
     * that its count is bounded by the worker's as the router's is, and a lost request does not weigh for good.
     */
    void mirror(WorkerSnapshot seen, Instant at, Duration reconcileAfter) {
        synchronized (this) {
            health = seen.health();
            lifecycle = seen.lifecycle();
            leaving = seen.leaving();
            setEligible(health == Health.HEALTHY && lifecycle == Lifecycle.ACTIVE);
            latencyEwmaMs = seen.latencyEwmaMs();
            ttftEwmaMs = seen.ttftEwmaMs();
        }
        contextWindows(seen.contextWindows(), at);
        if (Boolean.TRUE.equals(seen.metricsAvailable())) {
            scraped(at, seen.running(), seen.waiting(), seen.kvUsage(), reconcileAfter);
        } else {
            // Without metrics, what the router counts in flight (every gateway's requests) stands in for what the
            // worker runs, so that the scorer, which takes the larger of that and this gateway's own count, sees the
            // others'.
            running = seen.inFlight();
            waiting = 0;
            kvUsage = seen.kvUsage();
            metricsAvailable = seen.metricsAvailable();
            lastScrapeAt = at;
        }
    }

    void probed(Instant at, String error) {
        lastProbeAt = at;
        lastProbeError = error;
    }

    // ---- signals ----

    public void started() {
        IN_FLIGHT.incrementAndGet(this);
    }

    /** Never below zero: a finish reported twice, or after a restart of this router, must not go negative. */
    public void finished(long ttftMs, long durationMs) {
        IN_FLIGHT.updateAndGet(this, n -> Math.max(0, n - 1));
        synchronized (this) {
            if (durationMs > 0) {
                latencyEwmaMs = latencyEwmaMs == 0 ? durationMs : latencyEwmaMs + EWMA_ALPHA * (durationMs - latencyEwmaMs);
            }
            if (ttftMs > 0) {
                ttftEwmaMs = ttftEwmaMs == 0 ? ttftMs : ttftEwmaMs + EWMA_ALPHA * (ttftMs - ttftEwmaMs);
            }
        }
    }

    /**
     * A fresh reading of the worker's own counts. They also bound the router's in-flight count: the worker runs or
     * queues every request this router sent it (and other replicas' too). An own count above its running + waiting
     * at every scrape for {@code reconcileAfter} means finished reports were lost (a gateway crashed mid-request),
     * and the smallest excess seen meanwhile is dropped; a brief excess (a request on the wire, a report a moment
     * late) never lasts that long.
     */
    public void scraped(Instant at, int running, int waiting, double kvUsage, Duration reconcileAfter) {
        this.running = running;
        this.waiting = waiting;
        this.kvUsage = kvUsage;
        this.metricsAvailable = Boolean.TRUE;
        this.lastScrapeAt = at;
        reconcile(at, inFlight - (running + waiting), reconcileAfter);
    }

    private synchronized void reconcile(Instant at, int excess, Duration reconcileAfter) {
        if (excess <= 0) {
            excessSince = null;
        } else if (excessSince == null) {
            excessSince = at;
            smallestExcess = excess;
        } else {
            smallestExcess = Math.min(smallestExcess, excess);
            if (Duration.between(excessSince, at).compareTo(reconcileAfter) >= 0) {
                int lost = smallestExcess;
                IN_FLIGHT.updateAndGet(this, n -> Math.max(0, n - lost));
                excessSince = null;
            }
        }
    }

    /** The worker has no Prometheus metrics (e.g. Ollama): the scorer falls back to in-flight counts. */
    public void noMetrics(Instant at) {
        synchronized (this) {
            excessSince = null;
        }
        this.running = 0;
        this.waiting = 0;
        this.kvUsage = 0;
        this.metricsAvailable = Boolean.FALSE;
        this.lastScrapeAt = at;
    }

    public void contextWindows(Map<String, Integer> windows, Instant at) {
        Map<String, Integer> next = Map.copyOf(windows);
        if (!next.equals(contextWindows)) {
            this.contextWindows = next;
            windowsEpoch.incrementAndGet();
        }
        this.contextWindowsAt = at;
    }

    public boolean tryStartScrape() {
        return scrapeBusy.compareAndSet(false, true);
    }

    public void endScrape() {
        scrapeBusy.set(false);
    }

    public boolean tryStartProbe() {
        return probeBusy.compareAndSet(false, true);
    }

    public void endProbe() {
        probeBusy.set(false);
    }
}

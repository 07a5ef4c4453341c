package dev.relay.routing.registry;

import dev.relay.routing.registry.WorkerDescriptor.Origin;
import dev.relay.routing.registry.WorkerState.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Every known worker. Membership changes are rare and serialised; picks read an immutable per-model index
 * (workers sorted by id, so ties break the same way on every replica) without locking.
 */
public final class WorkerRegistry {

    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final AtomicLong eligibilityEpoch = new AtomicLong();
    private final AtomicLong windowsEpoch = new AtomicLong();
    private volatile SmallestWindow smallestWindow = new SmallestWindow(-1, Integer.MAX_VALUE);
    private volatile List<Worker> all = List.of();
    private volatile Map<String, ModelPool> byModel = Map.of();
    private final List<Consumer<Worker>> addedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Worker>> removedListeners = new CopyOnWriteArrayList<>();
    /** Requests started on workers this registry did not know then, by worker id (see {@link #started}). */
    private final Map<String, Integer> uncounted = new ConcurrentHashMap<>();

    public void onAdded(Consumer<Worker> listener) {
        addedListeners.add(listener);
    }

    public void onRemoved(Consumer<Worker> listener) {
        removedListeners.add(listener);
    }

    /**
     * Adds a worker or refreshes one (a heartbeat). A worker first configured statically stays static: its entry
     * never expires, though a heartbeat may update what it serves.
     */
    public Worker register(WorkerDescriptor descriptor, Instant seenAt) {
        Worker added = null;
        Worker worker;
        synchronized (this) {
            worker = workers.get(descriptor.id());
            if (worker == null) {
                worker = new Worker(descriptor, seenAt, eligibilityEpoch, windowsEpoch);
                workers.put(descriptor.id(), worker);
                added = worker;
                reindex();
            } else {
                WorkerDescriptor next = worker.descriptor().origin() == Origin.STATIC && descriptor.origin() != Origin.STATIC
                        ? withOrigin(descriptor, Origin.STATIC) : descriptor;
                if (!next.equals(worker.descriptor())) {
                    worker.describe(next);
                    reindex();
                }
                worker.heartbeat(seenAt);
            }
        }
        if (added != null) {
            Worker fresh = added;
            addedListeners.forEach(l -> l.accept(fresh));
        }
        return worker;
    }

    /**
     * Makes this registry a mirror of the router's (a gateway's): the snapshot's workers are added or updated, the
     * others dropped. A mirrored worker keeps its own in-flight count from one snapshot to the next, less what
     * exceeded the worker's own running + waiting for {@code reconcileAfter}.
     */
    public void follow(List<WorkerSnapshot> snapshot, Instant at, Duration reconcileAfter) {
        List<Worker> added = new ArrayList<>();
        List<Worker> removed = new ArrayList<>();
        synchronized (this) {
            boolean described = false;
            Set<String> listed = new HashSet<>();
            for (WorkerSnapshot seen : snapshot) {
                WorkerDescriptor descriptor = seen.descriptor();
                listed.add(descriptor.id());
                Worker worker = workers.get(descriptor.id());
                if (worker == null) {
                    worker = new Worker(descriptor, at, eligibilityEpoch, windowsEpoch);
                    worker.mirror(seen, at, reconcileAfter); // before any pick can see it
                    workers.put(descriptor.id(), worker);
                    added.add(worker);
                } else {
                    if (!descriptor.equals(worker.descriptor())) {
                        worker.describe(descriptor);
                        described = true;
                    }
                    worker.mirror(seen, at, reconcileAfter);
                }
            }
            workers.values().removeIf(worker -> !listed.contains(worker.id()) && removed.add(worker));
            if (described || !added.isEmpty() || !removed.isEmpty()) {
                reindex();
            }
        }
        added.forEach(worker -> addedListeners.forEach(l -> l.accept(worker)));
        removed.forEach(worker -> removedListeners.forEach(l -> l.accept(worker)));
    }

    /**
     * A request now runs on this worker. A mirror may not know the worker yet (the router routed to one that joined
     * since the last snapshot): the start is then remembered, so that the request's end, once the worker is known,
     * is not taken off a count that never had it.
     */
    public void started(String workerId) {
        Worker worker = workers.get(workerId);
        if (worker != null) {
            worker.started();
        } else {
            uncounted.merge(workerId, 1, Integer::sum);
        }
    }

    /** A request counted by {@link #started} (or by a route) finished, or never reached the worker. */
    public void ended(String workerId) {
        boolean[] wasUncounted = new boolean[1];
        uncounted.computeIfPresent(workerId, (id, n) -> {
            wasUncounted[0] = true;
            return n > 1 ? n - 1 : null;
        });
        Worker worker = wasUncounted[0] ? null : workers.get(workerId);
        if (worker != null) {
            worker.finished(0, 0); // in flight only: latency averages are the router's to keep
        }
    }

    /** The worker said it is leaving: no new requests; it goes once its in-flight requests are done. */
    public boolean leave(String workerId) {
        Worker worker = workers.get(workerId);
        if (worker == null) {
            return false;
        }
        worker.drain(true);
        return true;
    }

    public boolean remove(String workerId) {
        Worker removed;
        synchronized (this) {
            removed = workers.remove(workerId);
            if (removed != null) {
                reindex();
            }
        }
        if (removed != null) {
            removedListeners.forEach(l -> l.accept(removed));
        }
        return removed != null;
    }

    /**
     * Heartbeat bookkeeping: a dynamic worker silent for {@code drainAfter} is drained, for {@code removeAfter}
     * removed; a leaving worker is removed as soon as nothing is in flight on it (or after {@code removeAfter}).
     */
    public void expire(Instant now, Duration drainAfter, Duration removeAfter) {
        for (Worker worker : all) {
            boolean dynamic = worker.descriptor().origin() == Origin.HEARTBEAT;
            Duration silence = Duration.between(worker.lastHeartbeatAt(), now);
            if (dynamic && silence.compareTo(removeAfter) > 0) {
                remove(worker.id());
            } else if (worker.leaving() && worker.inFlight() == 0 && dynamic) {
                remove(worker.id());
            } else if (dynamic && silence.compareTo(drainAfter) > 0 && worker.lifecycle() == Lifecycle.ACTIVE) {
                worker.drain(false);
            }
        }
    }

    public Worker find(String workerId) {
        return workers.get(workerId);
    }

    /** Every worker, sorted by id. */
    public List<Worker> all() {
        return all;
    }

    /** Workers whose descriptor lists the model, in any state, sorted by id. */
    public List<Worker> serving(String model) {
        ModelPool pool = byModel.get(model);
        return pool == null ? List.of() : pool.all();
    }

    /** The precomputed pool of a model, or null when no worker serves it. */
    public ModelPool pool(String model) {
        return byModel.get(model);
    }

    public boolean knows(String model) {
        return byModel.containsKey(model);
    }

    /**
     * The smallest context window any registered worker reported for any model ({@link Integer#MAX_VALUE} when none
     * did), recomputed only after a report or the membership changed: a prompt shorter than this fits everywhere,
     * and a pick need not look at each worker's windows.
     */
    public int smallestReportedWindow() {
        long epoch = windowsEpoch.get(); // read before computing: a change meanwhile makes the entry stale
        SmallestWindow cached = smallestWindow;
        if (cached.epoch() == epoch) {
            return cached.tokens();
        }
        int smallest = Integer.MAX_VALUE;
        for (Worker worker : all) {
            for (int tokens : worker.contextWindows().values()) {
                smallest = Math.min(smallest, tokens);
            }
        }
        smallestWindow = new SmallestWindow(epoch, smallest);
        return smallest;
    }

    private record SmallestWindow(long epoch, int tokens) {
    }

    private void reindex() {
        List<Worker> sorted = new ArrayList<>(workers.values());
        sorted.sort(Comparator.comparing(Worker::id));
        Map<String, List<Worker>> index = new HashMap<>();
        for (Worker worker : sorted) {
            for (String model : worker.descriptor().models()) {
                index.computeIfAbsent(model, m -> new ArrayList<>()).add(worker);
            }
        }
        Map<String, ModelPool> pools = new HashMap<>();
        index.forEach((model, list) -> pools.put(model, ModelPool.of(list, eligibilityEpoch)));
        byModel = Map.copyOf(pools);
        all = List.copyOf(sorted);
        windowsEpoch.incrementAndGet();
    }

    private static WorkerDescriptor withOrigin(WorkerDescriptor d, Origin origin) {
        return new WorkerDescriptor(d.id(), d.baseUrl(), d.protocol(), d.mode(), d.models(), d.capacity(), d.region(),
                d.priceClass(), d.labels(), origin);
    }
}

package dev.relay.routing.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The longest prompt, in tokens, a worker takes for a model: what it reported ({@code max_model_len} from
 * {@code /v1/models}), else what configuration says for the model ({@code relay.router.context-windows}), else
 * unknown. An unknown window refuses nothing: a guess must not turn a prompt away that the worker would take.
 */
public final class ContextWindows {

    public static final int UNKNOWN = Integer.MAX_VALUE;

    private final WorkerRegistry registry;
    private final Map<String, Integer> configured;
    private final int smallestConfigured;

    public ContextWindows(WorkerRegistry registry, Map<String, Integer> configured) {
        this.registry = registry;
        this.configured = Map.copyOf(configured);
        this.smallestConfigured = configured.isEmpty() ? UNKNOWN : Collections.min(configured.values());
    }

    public int of(Worker worker, String model) {
        Integer reported = worker.contextWindows().get(model);
        return reported != null ? reported : configured.getOrDefault(model, UNKNOWN);
    }

    /** Whether every worker takes {@code tokens} for every model: one comparison, no per-worker lookup. */
    public boolean fitEverywhere(int tokens) {
        return tokens <= smallestConfigured && tokens <= registry.smallestReportedWindow();
    }

    /** The workers whose window for the model takes {@code tokens}; the list itself when every worker does. */
    public List<Worker> fitting(List<Worker> workers, String model, int tokens) {
        if (fitEverywhere(tokens)) {
            return workers;
        }
        List<Worker> out = new ArrayList<>(workers.size());
        for (Worker worker : workers) {
            if (tokens <= of(worker, model)) {
                out.add(worker);
            }
        }
        return out;
    }
}

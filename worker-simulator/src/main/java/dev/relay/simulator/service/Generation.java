package dev.relay.simulator.service;

import dev.relay.simulator.engine.EngineEvent;
import dev.relay.simulator.engine.SequenceRequest;
import dev.relay.simulator.engine.SequenceTiming;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One chat request running on the engine: a sequence per choice ({@code n}), sharing the prompt so the siblings
 * hit the prefix cache as in vLLM. Engine events arrive on the engine thread and are handed to the listener on the
 * request's Vert.x context. {@link #cancel()} (client gone, fault injected) drops the remaining sequences.
 */
public final class Generation {

    /** Token counts for usage, and the first finished choice's timing for Ollama's durations. */
    public record Result(int promptTokens, int completionTokens, List<ChoicePlan> choices, SequenceTiming timing) {
    }

    private final EngineDriver driver;
    private final Context context;
    private final String model;
    private final int[] promptTokens;
    private final List<ChoicePlan> plans;
    private final List<String> sequenceIds = new ArrayList<>();
    private final boolean[] finished;
    private int remaining;
    private SequenceTiming firstTiming;
    private boolean cancelled;

    Generation(EngineDriver driver, Context context, String model, int[] promptTokens, List<ChoicePlan> plans) {
        this.driver = driver;
        this.context = context;
        this.model = model;
        this.promptTokens = promptTokens;
        this.plans = plans;
        this.finished = new boolean[plans.size()];
        this.remaining = plans.size();
    }

    public List<ChoicePlan> plans() {
        return plans;
    }

    /** The prompt's length in tokens, known before the first token (vLLM's continuous usage reports it per chunk). */
    public int promptTokenCount() {
        return promptTokens.length;
    }

    /** Submits every choice to the engine. */
    void start(GenerationListener listener) {
        String base = UUID.randomUUID().toString();
        for (int i = 0; i < plans.size(); i++) {
            sequenceIds.add(base + "-" + i);
        }
        for (int i = 0; i < plans.size(); i++) {
            int choice = i;
            SequenceRequest request = new SequenceRequest(sequenceIds.get(i), model, promptTokens, plans.get(i).tokens());
            driver.submit(request, event -> context.runOnContext(ignored -> deliver(choice, event, listener)));
        }
    }

    private void deliver(int choice, EngineEvent event, GenerationListener listener) {
        if (cancelled) {
            return;
        }
        ChoicePlan plan = plans.get(choice);
        if (event.carriesToken()) {
            listener.token(choice, event.tokenIndex(), plan.pieces().get(event.tokenIndex()));
            return;
        }
        finished[choice] = true;
        if (firstTiming == null) {
            firstTiming = event.timing();
        }
        listener.choiceFinished(choice, plan);
        if (--remaining == 0) {
            int completion = plans.stream().mapToInt(ChoicePlan::tokens).sum();
            listener.completed(new Result(promptTokens.length, completion, plans, firstTiming));
        }
    }

    /** Stops delivering and frees the engine of the choices still running or queued. Safe to call twice. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        for (int i = 0; i < sequenceIds.size(); i++) {
            if (!finished[i]) {
                driver.cancel(sequenceIds.get(i));
            }
        }
    }
}

package dev.relay.simulator.service;

import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.engine.Tokenizer;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Turns a chat request into a generation on the engine, refusing what vLLM would refuse (unknown model, too long). */
@ApplicationScoped
public class ChatService {

    private final SimulatorConfig config;
    private final EngineDriver driver;
    private final Tokenizer tokenizer = new Tokenizer();

    public ChatService(SimulatorConfig config, EngineDriver driver) {
        this.config = config;
        this.driver = driver;
    }

    /** The served model a request names: exactly, or with Ollama's implicit {@code :latest} tag. */
    public String resolve(String model) {
        if (config.models().contains(model)) {
            return model;
        }
        if (model.endsWith(":latest") && config.models().contains(model.substring(0, model.length() - 7))) {
            return model.substring(0, model.length() - 7);
        }
        throw RequestRejected.unknownModel(model);
    }

    /** A rendered prompt's tokens, as a request is counted and billed (vLLM's {@code /tokenize} answers the same). */
    public int[] promptTokens(String prompt) {
        int[] tokens = tokenizer.encode(prompt);
        // An empty conversation still costs the chat template's tokens.
        return tokens.length == 0 ? tokenizer.encode(" ") : tokens;
    }

    public int maxModelLen() {
        return config.maxModelLen();
    }

    /** Plans every choice; nothing reaches the engine until {@link #start}. */
    public Generation prepare(ChatRequest request, Context context) {
        String model = resolve(request.model());
        if (request.n() < 1 || request.n() > 128) {
            throw RequestRejected.badRequest("n must be between 1 and 128, got " + request.n());
        }
        if (request.maxTokens() != null && request.maxTokens() < 1) {
            throw RequestRejected.badRequest("max_tokens must be at least 1, got " + request.maxTokens());
        }
        int[] prompt = promptTokens(request.prompt());
        int requested = prompt.length + (request.maxTokens() == null ? 0 : request.maxTokens());
        if (prompt.length >= config.maxModelLen() || requested > config.maxModelLen()) {
            throw RequestRejected.badRequest("This model's maximum context length is " + config.maxModelLen()
                    + " tokens. However, you requested " + requested + " tokens (" + prompt.length
                    + " in the messages, " + (requested - prompt.length) + " in the completion). "
                    + "Please reduce the length of the messages or completion.");
        }
        List<ChoicePlan> plans = new ArrayList<>(request.n());
        for (int choice = 0; choice < request.n(); choice++) {
            plans.add(OutputPlanner.plan(request, prompt, choice, config.maxModelLen() - prompt.length));
        }
        return new Generation(driver, context, model, prompt, plans);
    }

    /** Submits the generation's sequences; refused (400) if a sequence could never fit in this worker's KV cache. */
    public void start(Generation generation, GenerationListener listener) {
        try {
            generation.start(listener);
        } catch (IllegalArgumentException e) {
            generation.cancel();
            throw RequestRejected.badRequest(e.getMessage());
        }
    }
}

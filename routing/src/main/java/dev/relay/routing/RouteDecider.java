package dev.relay.routing;

import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.contracts.internal.RouteDecision;
import dev.relay.contracts.internal.RouteRequest;
import dev.relay.routing.registry.ContextWindows;
import dev.relay.routing.registry.ModelRef;
import dev.relay.routing.registry.Vocabulary;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerDescriptor;
import dev.relay.routing.registry.WorkerRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One route: resolve the name, check it is known and the prompt fits, pick, shape the decision, and count the
 * request on the first candidate. The router answers {@code POST /internal/route} with it; each gateway decides
 * with it on its mirror of the router's registry. Refusals are {@link dev.relay.contracts.internal.ApiError}s.
 */
public final class RouteDecider {

    private final ModelResolver resolver;
    private final WorkerRegistry registry;
    private final WorkerPicker picker;
    private final ContextWindows windows;

    public RouteDecider(ModelResolver resolver, WorkerRegistry registry, WorkerPicker picker, ContextWindows windows) {
        this.resolver = resolver;
        this.registry = registry;
        this.picker = picker;
        this.windows = windows;
    }

    public RouteDecision route(RouteRequest request) {
        if (request == null || request.model() == null || request.model().isBlank()) {
            throw Refusals.invalid("model", "missing_model", "'model' is required");
        }
        String requestedMode = normaliseMode(request.mode());
        ModelRef ref = resolver.resolve(request.model());
        if (!served(ref, null)) {
            throw Refusals.modelNotFound(request.model());
        }
        int promptTokens = request.promptTokensEstimate();
        if (!windows.fitEverywhere(promptTokens)) {
            int largest = largestWindow(ref);
            if (promptTokens > largest) {
                throw Refusals.contextLengthExceeded(largest, promptTokens);
            }
        }
        if (ref.mode() != null && !Vocabulary.AUTO.equals(requestedMode) && !ref.mode().equals(requestedMode)) {
            throw Refusals.modeConflict(request.model(), requestedMode, ref.mode());
        }
        String mode = ref.mode() != null ? ref.mode() : requestedMode;
        if (!Vocabulary.AUTO.equals(mode) && !served(ref, mode)) {
            throw Refusals.notServedInMode(request.model(), mode);
        }
        long[] hashes = toArray(request.prefixHashes());
        WorkerPicker.Pick pick = picker.pick(ref.model(), mode, ref.source(), request.tier(), hashes, promptTokens);
        if (pick.candidates().isEmpty()) {
            throw Refusals.noWorker(request.model(), Vocabulary.AUTO.equals(mode) ? "any" : mode);
        }
        // The caller sends the request to the first candidate at once; counting it here, not on a separate
        // "started" report, keeps the count right for the very next pick.
        pick.candidates().get(0).started();
        List<RouteCandidate> candidates = new ArrayList<>(pick.candidates().size());
        for (Worker worker : pick.candidates()) {
            WorkerDescriptor d = worker.descriptor();
            candidates.add(new RouteCandidate(d.id(), d.baseUrl(), d.protocol(), d.mode(), ref.model()));
        }
        String source = ref.source() != null ? ref.source() : candidates.get(0).protocol();
        return new RouteDecision(ref.model(), pick.mode(), source, candidates);
    }

    /**
     * Whether any worker, in any state, serves the model (in {@code mode}; null: in any). None at all is the client's
     * mistake (404, or 400 for the mode, which SDKs do not retry); one that is only ejected or draining is a 503
     * like any other lack of workers.
     */
    private boolean served(ModelRef ref, String mode) {
        for (Worker worker : registry.serving(ref.model())) {
            if (ofSource(ref, worker) && (mode == null || mode.equals(worker.descriptor().mode()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The largest context window for the model among the workers serving it in any state: a prompt longer than
     * that is refused at once (400), as no worker will ever take it; one that only ejected or draining workers
     * could take is a 503 like any other lack of workers.
     */
    private int largestWindow(ModelRef ref) {
        int largest = 0;
        for (Worker worker : registry.serving(ref.model())) {
            if (ofSource(ref, worker)) {
                largest = Math.max(largest, windows.of(worker, ref.model()));
            }
        }
        return largest;
    }

    private static boolean ofSource(ModelRef ref, Worker worker) {
        return ref.source() == null || ref.source().equals(worker.descriptor().protocol());
    }

    static String normaliseMode(String mode) {
        if (mode == null || mode.isBlank()) {
            return Vocabulary.AUTO;
        }
        String m = mode.trim().toLowerCase(Locale.ROOT);
        if (!Vocabulary.AUTO.equals(m) && !Vocabulary.MODES.contains(m)) {
            throw Refusals.invalid("mode", "invalid_mode", "'mode' must be auto, direct or opengpu, not '" + mode + "'");
        }
        return m;
    }

    private static long[] toArray(List<Long> hashes) {
        if (hashes == null || hashes.isEmpty()) {
            return new long[0];
        }
        long[] out = new long[hashes.size()];
        for (int i = 0; i < out.length; i++) {
            Long h = hashes.get(i);
            if (h == null) {
                throw Refusals.invalid("prefixHashes", "invalid_prefix_hashes", "'prefixHashes' must not contain null");
            }
            out[i] = h;
        }
        return out;
    }
}

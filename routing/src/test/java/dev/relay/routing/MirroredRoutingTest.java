package dev.relay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.contracts.internal.RouteRequest;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerDescriptor;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.scoring.ScoringWeights;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A gateway deciding on its mirror of the router's registry decides as the router would. */
class MirroredRoutingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final RoutingPolicy POLICY = new RoutingPolicy("cache-aware", ScoringWeights.defaults(), 2, 100,
            Map.of("quick", "m"), Map.of());

    private final WorkerRegistry routers = new WorkerRegistry();
    private final WorkerRegistry mirror = new WorkerRegistry();
    private final RouteDecider router = POLICY.assemble(routers, Runnable::run).decider();

    private Worker add(String id, int running) {
        Worker worker = routers.register(new WorkerDescriptor(id, "http://" + id, "vllm", "direct", List.of("m"), 10,
                "r", "standard", Map.of(), WorkerDescriptor.Origin.HEARTBEAT), T0);
        worker.scraped(T0, running, 0, 0.0, Duration.ofSeconds(10));
        worker.contextWindows(Map.of("m", 100), T0); // as reported by the worker, not configured
        return worker;
    }

    private RouteDecider follow() {
        RegistrySnapshot snapshot = RegistrySnapshot.of(POLICY, routers);
        mirror.follow(snapshot.workers(), T0, Duration.ofSeconds(10));
        return snapshot.policy().assemble(mirror, Runnable::run).decider();
    }

    private static List<String> ids(RouteDecider decider, String model) {
        return decider.route(new RouteRequest(model, "auto", null, List.of(), 10)).candidates().stream()
                .map(RouteCandidate::workerId).toList();
    }

    @Test
    void mirrorPicksTheLeastLoadedWorkersAsTheRouterDoes() {
        add("busy", 8);
        add("idle", 0);
        add("half", 5);

        RouteDecider local = follow();

        assertEquals(List.of("idle", "half"), ids(local, "quick"));
        assertEquals(ids(router, "quick"), ids(local, "quick"));
    }

    @Test
    void requestRoutedHereCountsAgainstItsWorkerForTheNextRoute() {
        add("a", 0);
        add("b", 0);
        RouteDecider local = follow();

        String first = ids(local, "m").get(0);
        String second = ids(local, "m").get(0);

        assertEquals(List.of("a", "b"), List.of(first, second));
        assertEquals(1, mirror.find("a").inFlight());
    }

    @Test
    void mirrorRefusesAPromptLongerThanTheWindowTheWorkerReported() {
        add("a", 0);
        RouteDecider local = follow();
        RouteRequest tooLong = new RouteRequest("m", "auto", null, List.of(), 1000);

        assertEquals(refusal(() -> router.route(tooLong)), refusal(() -> local.route(tooLong)));
        assertEquals("context_length_exceeded", refusal(() -> local.route(tooLong)));
    }

    private static String refusal(Executable route) {
        try {
            route.execute();
        } catch (ApiError refused) {
            return refused.code();
        } catch (Throwable other) {
            throw new AssertionError(other);
        }
        throw new AssertionError("no refusal");
    }
}

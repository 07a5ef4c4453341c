package dev.relay.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A worker (or a provider's worker) announcing itself on {@link Topics#WORKERS}. Sent on start, every few
 * seconds while alive, and with {@code state = LEAVING} on a clean stop.
 *
 * @param protocol worker protocol family: vllm, openai, ollama, anthropic, image, audio, video
 * @param mode {@code direct} or {@code opengpu}
 * @param capacity maximum concurrent requests it accepts
 */
public record WorkerHeartbeat(
        String workerId,
        String baseUrl,
        String protocol,
        String mode,
        List<String> models,
        int capacity,
        String region,
        String priceClass,
        Map<String, String> labels,
        State state,
        Instant occurredAt) {

    public enum State { UP, LEAVING }
}

package dev.relay.router.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void sumsRunningAndWaitingAcrossModelNames() {
        String text = """
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{engine="0",model_name="a"} 3.0
                vllm:num_requests_running{engine="0",model_name="b"} 2.0
                vllm:num_requests_waiting{model_name="a"} 4.0 1712345678000
                vllm:num_requests_waiting{model_name="b"} 1.0
                vllm:kv_cache_usage_perc{model_name="a"} 0.25
                vllm:kv_cache_usage_perc{model_name="b"} 0.5
                vllm:num_requests_running_total 99
                process_cpu_seconds_total 12.5
                """;

        assertEquals(new PrometheusText.VllmLoad(5, 5, 0.5, true), PrometheusText.parse(text));
    }

    @Test
    void readsTheOlderKvCacheNameWhenTheNewOneIsAbsent() {
        assertEquals(0.75, PrometheusText.parse("vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.75\n").kvUsage(), 1e-9);
    }

    @Test
    void reportsNothingFoundForANonVllmEndpoint() {
        assertFalse(PrometheusText.parse("go_goroutines 12\n").found());
    }
}

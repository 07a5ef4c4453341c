package dev.relay.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.fleet.FakeFleet;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class LuaScriptTest {

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void scriptRedisHasNeverSeenIsSentInFullAndThenRunsByDigest() {
        String marker = UUID.randomUUID().toString();
        LuaScript script = new LuaScript("return ARGV[1] .. '" + marker + "'");
        // First run: EVALSHA fails with NOSCRIPT, EVAL runs it and caches it; second run: EVALSHA alone.
        for (int run = 0; run < 2; run++) {
            String answer = script.run(redis, List.of(), "x").await().atMost(Duration.ofSeconds(10)).toString();
            assertEquals("x" + marker, answer);
        }
    }
}

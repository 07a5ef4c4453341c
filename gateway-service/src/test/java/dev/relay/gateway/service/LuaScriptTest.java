package dev.relay.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.FakeFleet;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Scripts go to Redis by digest (EVALSHA); in full (EVAL) only when Redis does not know them. */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class LuaScriptTest {

    @Inject
    ReactiveRedisDataSource redis;

    /** The commands sent to Redis through {@link #recorded}, by name, in order. */
    private final List<String> sent = new CopyOnWriteArrayList<>();

    /** The test's Redis, noting the name of every command executed through it. */
    private ReactiveRedisDataSource recorded() {
        return (ReactiveRedisDataSource) Proxy.newProxyInstance(ReactiveRedisDataSource.class.getClassLoader(),
                new Class<?>[] {ReactiveRedisDataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute") && args != null && args.length > 0) {
                        sent.add(String.valueOf(args[0]).toUpperCase());
                    }
                    try {
                        return method.invoke(redis, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A script no Redis has seen, as {@code marker} is new: it answers its argument followed by the marker. */
    private static String sourceNaming(String marker) {
        return "return ARGV[1] .. '" + marker + "'";
    }

    private String run(LuaScript script) {
        return script.run(recorded(), List.of(), "x").await().atMost(Duration.ofSeconds(10)).toString();
    }

    private boolean redisKnows(String source) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(source.getBytes(StandardCharsets.UTF_8)));
        return redis.execute("SCRIPT", "EXISTS", sha).await().atMost(Duration.ofSeconds(10)).get(0).toInteger() == 1;
    }

    @Test
    void aScriptRedisHasNeverSeenIsSentInFullAndKeptThere() throws Exception {
        String marker = UUID.randomUUID().toString();
        String source = sourceNaming(marker);
        assertFalse(redisKnows(source));

        assertEquals("x" + marker, run(new LuaScript(source)));

        assertEquals(List.of("EVALSHA", "EVAL"), sent, "asked by digest, refused (NOSCRIPT), then sent in full");
        assertTrue(redisKnows(source));
    }

    @Test
    void aScriptRedisKnowsRunsByItsDigestAlone() {
        String marker = UUID.randomUUID().toString();
        LuaScript script = new LuaScript(sourceNaming(marker));
        run(script);
        sent.clear();

        assertEquals("x" + marker, run(script));

        assertEquals(List.of("EVALSHA"), sent);
    }
}

package dev.relay.billing.messaging;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** A Lua script called by its SHA-1, so a pipeline of thousands of calls does not resend its text each time. */
final class RedisScript {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String text;
    private final String sha;

    RedisScript(String text) {
        this.text = text;
        this.sha = sha1(text);
    }

    /** Loads the script (again: Redis may have restarted and forgotten it); call before every pipeline that uses it. */
    void load(Redis redis) {
        redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(text)).await().atMost(TIMEOUT);
    }

    /** An EVALSHA of this script with these keys; the caller appends the arguments. */
    Request call(String... keys) {
        Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.length);
        for (String key : keys) {
            request.arg(key);
        }
        return request;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class KeyLoggingTest {

    @Inject
    RedisDataSource redis;

    @Test
    void keysNeverAppearInTheLogs() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                lines.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            TestKey good = Fleet.fundedKey(redis, 1_000_000);
            String wrong = "relay_sk_neverlogme000000000000000000000000";
            String body = "{\"model\":\"test-midfail\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            given().header("X-API-Key", good.secret()).contentType("application/json").body(body)
                    .when().post("/v1/chat/completions").then().statusCode(200);
            given().header("Authorization", "Bearer " + wrong).contentType("application/json").body(body)
                    .when().post("/v1/chat/completions").then().statusCode(401);
            given().header("X-API-Key", good.secret()).contentType("application/json").body("{broken")
                    .when().post("/v1/chat/completions").then().statusCode(400);

            assertTrue(lines.stream().anyMatch(line -> line.contains("mid-stream")), "the capture sees gateway logs");
            for (String line : lines) {
                assertFalse(line.contains(good.secret()) || line.contains(wrong), "key in log line: " + line);
            }
        } finally {
            root.removeHandler(capture);
        }
    }
}

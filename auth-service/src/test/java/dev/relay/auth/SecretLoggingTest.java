package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.auth.service.ApiKeyHasher;
import dev.relay.auth.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecretLoggingTest {

    @Test
    void accessLogIsOff() {
        assertFalse(ConfigProvider.getConfig().getValue("quarkus.http.access-log.enabled", Boolean.class));
    }

    @Test
    void secretNeverAppearsInLogs() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getParameters() != null) {
                    message = message + " " + List.of(record.getParameters());
                }
                lines.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String secret;
        String keyId;
        try {
            String account = Operator.createAccount("basic");
            JsonPath key = Operator.createKey(account, "{\"name\":\"logged\"}");
            secret = key.getString("key");
            keyId = key.getString("id");
            given().when().get("/internal/keys/" + ApiKeyHasher.sha256Hex(secret)).then().statusCode(200);
            given().when().get("/internal/accounts/" + account + "/keys").then().statusCode(200);
            given().when().delete("/internal/accounts/" + account + "/keys/" + keyId).then().statusCode(204);
        } finally {
            root.removeHandler(capture);
        }

        // The capture works (issuing and revoking are logged, by key id), and no line carries the secret.
        assertTrue(lines.stream().anyMatch(line -> line.contains(keyId)), "expected the key id in the log");
        assertFalse(lines.stream().anyMatch(line -> line.contains(secret.substring(9))), "the secret was logged");
    }
}

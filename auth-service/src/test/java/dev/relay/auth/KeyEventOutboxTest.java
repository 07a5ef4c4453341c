package dev.relay.auth;

import dev.relay.auth.support.Eventually;
import dev.relay.auth.support.KeyEventsTap;
import dev.relay.auth.support.Operator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Key events go through an outbox table written in the change's own transaction. */
@QuarkusTest
class KeyEventOutboxTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void acknowledgedEventsLeaveTheOutbox() {
        String keyId = Operator.createKey(Operator.createAccount("basic"), "{\"name\":\"ci\"}").getString("id");

        KeyEventsTap.await(keyId, "CREATED");

        Eventually.find(() -> pendingEvents(keyId) == 0 ? Optional.of(true) : Optional.empty(),
                "outbox rows of " + keyId + " to be deleted after publishing");
    }

    private int pendingEvents(String keyId) {
        return count("SELECT count(*) FROM key_event_outbox WHERE key_id = ?", keyId);
    }

    private int count(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

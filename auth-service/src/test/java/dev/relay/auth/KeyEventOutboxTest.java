package dev.relay.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.auth.messaging.OutboxPublisher;
import dev.relay.auth.messaging.PublisherRestart;
import dev.relay.auth.support.Eventually;
import dev.relay.auth.support.KeyEventsTap;
import dev.relay.auth.support.Operator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Key events go through an outbox table written in the change's own transaction. */
@QuarkusTest
class KeyEventOutboxTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxPublisher publisher;

    @Inject
    ObjectMapper json;

    @Test
    void anEventWaitsInTheOutboxUntilPublishedThenLeavesIt() {
        String account = Operator.createAccount("basic");
        String keyId;
        List<JsonNode> pending;
        PublisherRestart.stop(publisher);
        try {
            keyId = Operator.createKey(account, "{\"name\":\"ci\"}").getString("id");
            pending = pendingEvents(keyId);
        } finally {
            PublisherRestart.start(publisher);
        }

        assertEquals(1, pending.size(), "the change's event is in the outbox once the change is committed");
        String eventId = pending.get(0).path("eventId").asText();
        assertEquals(eventId, KeyEventsTap.await(keyId, "CREATED").event().path("eventId").asText(),
                "what reaches relay.keys is the outbox row");
        Eventually.find(() -> pendingEvents(keyId).isEmpty() ? Optional.of(true) : Optional.empty(),
                "outbox rows of " + keyId + " to be deleted after publishing");
    }

    private List<JsonNode> pendingEvents(String keyId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT payload FROM key_event_outbox WHERE key_id = ?")) {
            statement.setString(1, keyId);
            List<JsonNode> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(json.readTree(rows.getString(1)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

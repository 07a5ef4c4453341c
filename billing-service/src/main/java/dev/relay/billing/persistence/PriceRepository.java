package dev.relay.billing.persistence;

import dev.relay.billing.service.PriceVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class PriceRepository {

    private static final String COLUMNS = "model, version, input_per_million_micro, output_per_million_micro, "
            + "per_image_micro, per_second_micro, default_max_tokens, effective_from";

    public List<PriceVersion> all(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM price_versions");
                ResultSet rows = statement.executeQuery()) {
            List<PriceVersion> result = new ArrayList<>();
            while (rows.next()) {
                result.add(new PriceVersion(rows.getString(1), rows.getInt(2), rows.getLong(3), rows.getLong(4),
                        rows.getLong(5), rows.getLong(6), rows.getInt(7), rows.getTimestamp(8).toInstant()));
            }
            return result;
        }
    }

    /** Inserts {@code price} as version 1 unless the model already has a price; true when inserted. */
    public boolean seedIfAbsent(Connection connection, PriceVersion price) throws SQLException {
        String sql = "INSERT INTO price_versions (" + COLUMNS + ") SELECT ?, 1, ?, ?, ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE model = ?) ON CONFLICT DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, price.model());
            bindAmounts(statement, 2, price);
            statement.setTimestamp(7, Timestamp.from(price.effectiveFrom()));
            statement.setString(8, price.model());
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Adds the next version of the model's price, in force from now. An advisory lock per model serialises
     * concurrent changes so that version numbers never collide.
     */
    public PriceVersion addVersion(Connection connection, PriceVersion price) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "price:" + price.model());
            lock.execute();
        }
        String sql = "INSERT INTO price_versions (" + COLUMNS + ") "
                + "SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ?, clock_timestamp() FROM price_versions WHERE model = ? "
                + "RETURNING version, effective_from";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, price.model());
            bindAmounts(statement, 2, price);
            statement.setString(7, price.model());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                int version = row.getInt(1);
                Instant from = row.getTimestamp(2).toInstant();
                return new PriceVersion(price.model(), version, price.inputPerMillionMicro(),
                        price.outputPerMillionMicro(), price.perImageMicro(), price.perSecondMicro(),
                        price.defaultMaxTokens(), from);
            }
        }
    }

    private static void bindAmounts(PreparedStatement statement, int first, PriceVersion price) throws SQLException {
        statement.setLong(first, price.inputPerMillionMicro());
        statement.setLong(first + 1, price.outputPerMillionMicro());
        statement.setLong(first + 2, price.perImageMicro());
        statement.setLong(first + 3, price.perSecondMicro());
        statement.setInt(first + 4, price.defaultMaxTokens());
    }
}

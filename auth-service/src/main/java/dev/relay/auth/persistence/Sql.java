package dev.relay.auth.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Thin JDBC on the Agroal pool. Inside a {@code @Transactional} method every call joins the same transaction
 * (Agroal enlists the connection); outside one each call commits on its own.
 */
@ApplicationScoped
public class Sql {

    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final DataSource dataSource;

    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    public int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** One statement, many parameter sets, one round trip. */
    public void batch(String sql, List<Binder> binders) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Binder binder : binders) {
                binder.bind(statement);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** A database error, carrying SQLState only: messages may quote row values. */
    public static final class DatabaseFailure extends RuntimeException {
        DatabaseFailure(SQLException cause) {
            super("database call failed (SQLState " + cause.getSQLState() + ")", cause);
        }
    }
}

package dev.relay.billing.persistence;

import java.sql.SQLException;

/** A database failure, unchecked so that it crosses lambdas; the cause keeps the SQL state. */
public class PersistenceException extends RuntimeException {

    public PersistenceException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}

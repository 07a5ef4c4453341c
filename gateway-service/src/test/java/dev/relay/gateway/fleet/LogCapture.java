package dev.relay.gateway.fleet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects formatted log lines (with any exception) of one logger and its children while open. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level threshold;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(String loggerName, Level threshold) {
        this.logger = Logger.getLogger(loggerName);
        this.threshold = threshold;
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Every line of every logger. */
    public static LogCapture all() {
        return new LogCapture("", Level.ALL);
    }

    public static LogCapture errorsOf(Class<?> type) {
        return new LogCapture(type.getName(), Level.SEVERE);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= threshold.intValue()) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            lines.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

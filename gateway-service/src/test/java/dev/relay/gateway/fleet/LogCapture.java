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
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    /** One captured line: its message, the exception logged with it (if any), and its MDC {@code requestId}. */
    private record Line(String message, Throwable thrown, String requestId) {
        String text() {
            return message + (thrown == null ? "" : " " + thrown);
        }
    }

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

    /** Warnings and errors of one class's logger. */
    public static LogCapture warningsOf(Class<?> type) {
        return new LogCapture(type.getName(), Level.WARNING);
    }

    public List<String> lines() {
        return lines.stream().map(Line::text).toList();
    }

    /** The request id (MDC {@code requestId}) of every line containing {@code text}; null where a line had none. */
    public List<String> requestIdsOfLinesContaining(String text) {
        return lines.stream().filter(line -> line.message() != null && line.message().contains(text))
                .map(Line::requestId).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= threshold.intValue()) {
            ExtLogRecord ext = record instanceof ExtLogRecord e ? e : null;
            lines.add(new Line(ext != null ? ext.getFormattedMessage() : record.getMessage(), record.getThrown(),
                    ext != null ? ext.getMdc("requestId") : null));
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

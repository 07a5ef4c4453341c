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
    private final List<String[]> linesWithRequestIds = new CopyOnWriteArrayList<>();

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

    /** The request id (MDC {@code requestId}) of every line containing {@code text}; null where a line had none. */
    public List<String> requestIdsOfLinesContaining(String text) {
        return linesWithRequestIds.stream().filter(line -> line[0] != null && line[0].contains(text))
                .map(line -> line[1]).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= threshold.intValue()) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            lines.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
            String requestId = record instanceof ExtLogRecord ext ? ext.getMdc("requestId") : null;
            linesWithRequestIds.add(new String[] {message, requestId});
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

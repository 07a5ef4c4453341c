package dev.relay.gateway.service;

import dev.relay.contracts.UsageEvent;
import dev.relay.gateway.messaging.UsagePublisher;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Meters one request: exactly one usage event, whatever way the request ends (completed, failed after the
 * reservation, client gone). Failures publish too, with what was generated (often zero), because that event is
 * also how billing releases the reservation. A guest's event has no account and no key: billing charges no one for
 * it, and settlement-service still pays the provider of a guest's opengpu task.
 */
public final class UsageMeter {

    private static final Logger LOG = Logger.getLogger(UsageMeter.class);

    private final UsagePublisher publisher;
    private final String eventId;
    private final String requestId;
    private final String taskId;
    private final Caller caller;
    private final String model;
    private final String mode;
    private final Reservation reservation;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean settled = new AtomicBoolean();
    /** Run once, when the one usage event is handed to the publisher or is known never to be. */
    private volatile Runnable onSettled = () -> {
    };
    /** The request's admission: decided (true), refused (false), or still being decided (null, see below). */
    private Boolean admitted = true;
    /** The event of a request that ended before its admission was decided. */
    private UsageEvent waiting;
    /** For a task: whether this gateway is cutting its worker connections off (shutdown). */
    private BooleanSupplier cuttingOff = () -> false;
    private volatile boolean withheld;

    /** The meter of request {@code requestId}, which ran as task {@code taskId} (as its answer names it). */
    public UsageMeter(UsagePublisher publisher, String requestId, String taskId, Caller caller, String model,
            String mode, Reservation reservation) {
        this(publisher, UUID.randomUUID().toString(), requestId, taskId, caller, model, mode, reservation);
    }

    private UsageMeter(UsagePublisher publisher, String eventId, String requestId, String taskId, Caller caller,
            String model, String mode, Reservation reservation) {
        this.publisher = publisher;
        this.eventId = eventId;
        this.requestId = requestId;
        this.taskId = taskId;
        this.caller = caller;
        this.model = model;
        this.mode = mode;
        this.reservation = reservation;
    }

    /**
     * The meter of an async task: its usage event is named after the task ({@code task:<taskId>}), and billing keeps
     * the first event of an id, so a task run twice (redelivered after a crash), or released by its submitter and
     * then run all the same, is charged once.
     */
    public static UsageMeter forTask(UsagePublisher publisher, String taskId, String requestId, Caller caller,
            String model, String mode, Reservation reservation) {
        return new UsageMeter(publisher, "task:" + taskId, requestId, taskId, caller, model, mode, reservation);
    }

    /**
     * The meter of a request sent to a worker while its admission is still being decided: its event is published
     * once {@link #admitted()}, and never if {@link #refused()} (nothing was held, nothing reached the client).
     */
    public static UsageMeter beforeAdmission(UsagePublisher publisher, String requestId, String taskId, Caller caller,
            String model, String mode, Reservation reservation) {
        UsageMeter meter = new UsageMeter(publisher, requestId, taskId, caller, model, mode, reservation);
        meter.admitted = null;
        return meter;
    }

    /**
     * A task's run that fails with nothing generated while {@code cuttingOff} holds (this gateway closed its worker
     * connections under it) publishes no event: the task is left for another replica, whose run is charged under the
     * task's one event id and releases the hold, which stays until then.
     */
    public UsageMeter leavingCutOffsToRerun(BooleanSupplier cuttingOff) {
        this.cuttingOff = cuttingOff;
        return this;
    }

    /** Whether the run was cut off and its event withheld (see {@link #leavingCutOffsToRerun}). */
    public boolean withheld() {
        return withheld;
    }

    public void finish(String outcome, String workerId, long promptTokens, long completionTokens) {
        finish(outcome, workerId, promptTokens, completionTokens, 0, 0);
    }

    /** A media task's ending: the images it made, the milliseconds of audio or video it made or read. */
    public void finishMedia(String outcome, String workerId, long images, long mediaMillis) {
        finish(outcome, workerId, 0, 0, images, mediaMillis);
    }

    private void finish(String outcome, String workerId, long promptTokens, long completionTokens, long images,
            long mediaMillis) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        boolean nothingMade = promptTokens == 0 && completionTokens == 0 && images == 0 && mediaMillis == 0;
        if ("failed".equals(outcome) && nothingMade && cuttingOff.getAsBoolean()) {
            withheld = true;
            settle();
            return;
        }
        UsageEvent event = new UsageEvent(eventId, requestId, caller.accountId(), caller.keyId(),
                model, mode, workerId, promptTokens, completionTokens, reservation.id(), reservation.amountMicro(),
                outcome, Instant.now(), taskId, reservation.priceVersion(), images, mediaMillis);
        boolean publishNow;
        synchronized (this) {
            if (admitted == null) {
                waiting = event;
            }
            publishNow = Boolean.TRUE.equals(admitted);
        }
        if (publishNow) {
            publish(event);
        }
    }

    /** The admission passed: an event already waiting goes out now. */
    public void admitted() {
        UsageEvent ready;
        synchronized (this) {
            admitted = true;
            ready = waiting;
            waiting = null;
        }
        if (ready != null) {
            publish(ready);
        }
    }

    /** The admission refused the request: no event, now or later. */
    public void refused() {
        synchronized (this) {
            admitted = false;
            waiting = null;
        }
        settle();
    }

    /** {@code action} runs once the request's usage event is with the publisher, or will never be (now, if so). */
    public void whenSettled(Runnable action) {
        onSettled = action;
        if (settled.get()) {
            action.run(); // settled before the action was set: it ran the one before
        }
    }

    private void publish(UsageEvent event) {
        try {
            publisher.publish(event).subscribe().with(ignored -> {
            }, failure -> LOG.debugf("usage of request %s not published", requestId));
        } finally {
            settle();
        }
    }

    private void settle() {
        if (settled.compareAndSet(false, true)) {
            onSettled.run();
        }
    }

    public boolean finished() {
        return finished.get();
    }
}

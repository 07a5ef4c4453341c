package dev.relay.gateway.messaging;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * One thread that runs tasks in order, in batches: after a batch it naps for {@code nap} and looks again, and parks
 * only when it found nothing. Under load the threads that submit never wake it, which a plain single-thread executor
 * makes them do for every task: on a small machine each such wake-up is likely to preempt the event loop that
 * submitted it. Idle, it costs nothing. A task waits at most about {@code nap} longer than it would have. Once it is
 * closing, whoever submits runs the queue itself (possibly beside the thread's last batch), so nothing is left behind.
 */
public final class CoalescingExecutor implements Executor {

    private static final Logger LOG = Logger.getLogger(CoalescingExecutor.class);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean parked = new AtomicBoolean();
    private final long napNanos;
    private final Thread thread;
    private volatile boolean stopping;

    public CoalescingExecutor(String name, Duration nap) {
        this.napNanos = nap.toNanos();
        this.thread = new Thread(this::work, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Once closing, the caller runs what is queued itself, so that nothing submitted late is left behind. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (stopping) {
            runQueued();
        } else if (parked.get()) {
            LockSupport.unpark(thread);
        }
    }

    /** Runs what was submitted before this call, then stops; waits at most {@code timeout} for that. */
    public void close(Duration timeout) {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        while (true) {
            Runnable task = tasks.poll();
            if (task == null) {
                if (stopping) {
                    return;
                }
                parked.set(true);
                // Looked at again after saying so: a task added in between is either seen here or unparks us.
                if (tasks.isEmpty() && !stopping) {
                    LockSupport.park(this);
                }
                parked.set(false);
                continue;
            }
            run(task);
            runQueued();
            if (!stopping) {
                LockSupport.parkNanos(this, napNanos);
            }
        }
    }

    /** Each task is taken by exactly one thread (poll), so none runs twice even while a late caller helps. */
    private void runQueued() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            run(task);
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "task failed");
        }
    }
}

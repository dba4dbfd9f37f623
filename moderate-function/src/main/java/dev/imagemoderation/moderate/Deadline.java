package dev.imagemoderation.moderate;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A deadline on a whole download. HTTP clients' timeouts count between reads, so a server
 * that trickles a byte at a time never trips them; this closes the connection instead,
 * which ends the blocked read. One daemon thread serves every download.
 */
final class Deadline implements AutoCloseable {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "download-deadline");
        t.setDaemon(true);
        return t;
    });

    private final AtomicBoolean passed = new AtomicBoolean();
    private final ScheduledFuture<?> task;

    private Deadline(Duration after, Runnable abort) {
        this.task = WATCHDOG.schedule(
                () -> {
                    passed.set(true);
                    abort.run();
                },
                after.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs {@code abort} after {@code after}, unless closed first. */
    static Deadline in(Duration after, Runnable abort) {
        return new Deadline(after, abort);
    }

    /** Whether the deadline passed (and {@code abort} ran): a read that failed then failed because of it. */
    boolean passed() {
        return passed.get();
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}

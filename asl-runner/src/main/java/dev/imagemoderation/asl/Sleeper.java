package dev.imagemoderation.asl;

import java.time.Duration;

/** How the runner waits (Wait states, retry backoff); tests substitute one that returns at once. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
}

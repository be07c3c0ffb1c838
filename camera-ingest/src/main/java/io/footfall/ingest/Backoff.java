package io.footfall.ingest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delays with ±20 % jitter, so a building full of cameras that lost the
 * network together does not reconnect in lockstep. Reset after a successful connection.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private int attempt;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        if (max.toMillis() < initialMillis) {
            throw new IllegalArgumentException("the longest backoff (" + max + ") is shorter than the first (" + initial + ")");
        }
        this.maxMillis = max.toMillis();
    }

    /** The delay before the next attempt; grows with each call until {@link #reset()}. */
    public Duration next() {
        long base = Math.min(maxMillis, initialMillis << Math.min(attempt, 30));
        attempt++;
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.min(maxMillis, Math.round(base * jitter)));
    }

    /** Attempts made since the last reset. */
    public int attempts() {
        return attempt;
    }

    public void reset() {
        attempt = 0;
    }
}

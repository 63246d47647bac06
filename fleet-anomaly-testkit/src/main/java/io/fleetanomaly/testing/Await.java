package io.fleetanomaly.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition of a running system (a job, a broker, a cluster) until it holds. */
public final class Await {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private Await() {}

    /** Returns once {@code condition} holds; fails naming {@code what} when {@code timeout} passes first. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}

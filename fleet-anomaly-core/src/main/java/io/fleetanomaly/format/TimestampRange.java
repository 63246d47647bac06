package io.fleetanomaly.format;

import java.io.Serializable;
import java.time.Instant;

/**
 * Accepted event times: from a fixed earliest instant up to a bound ahead of the wall clock, so a
 * timestamp in seconds instead of milliseconds, or a clock decades off, is rejected.
 */
public final class TimestampRange implements Serializable {
    public static final long DEFAULT_EARLIEST = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    public static final long DEFAULT_MAX_FUTURE_MS = 24L * 3600 * 1000;

    private final long earliest;
    private final long maxFutureMs;

    public TimestampRange(long earliest, long maxFutureMs) {
        if (maxFutureMs < 0) {
            throw new IllegalArgumentException("max future must be >= 0 ms, got " + maxFutureMs);
        }
        this.earliest = earliest;
        this.maxFutureMs = maxFutureMs;
    }

    public static TimestampRange defaults() {
        return new TimestampRange(DEFAULT_EARLIEST, DEFAULT_MAX_FUTURE_MS);
    }

    public boolean contains(long ts) {
        return ts >= earliest && ts <= latest(System.currentTimeMillis());
    }

    /** The latest accepted event time at wall-clock time {@code now}; a huge bound means no bound, never an overflow. */
    public long latest(long now) {
        return maxFutureMs > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + maxFutureMs;
    }

    public long maxFutureMs() {
        return maxFutureMs;
    }

    @Override
    public String toString() {
        return "[" + Instant.ofEpochMilli(earliest) + ", now + " + maxFutureMs + " ms]";
    }
}

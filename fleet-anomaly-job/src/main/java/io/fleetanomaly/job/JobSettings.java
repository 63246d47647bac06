package io.fleetanomaly.job;

import io.fleetanomaly.format.EventJsonParser;
import io.fleetanomaly.format.TimestampRange;
import java.io.Serializable;
import java.time.Duration;

/** How the job graph is built (not what the models are: that is the bundle). */
public final class JobSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DEVICE_IDLE_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_DEVICE_STATE_TTL = Duration.ofDays(7);
    /**
     * How long a network buffer that is not full may wait before it is sent downstream (Flink's
     * {@code execution.buffer-timeout.interval}, whose default of 100 ms is most of the
     * event-to-alert latency at moderate load: the keyBy exchange rarely fills a buffer). 10 ms
     * keeps an alerting job's latency low at a small throughput cost (docs/performance.md).
     */
    public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(10);
    /** {@link #parallelism()} when the job takes Flink's: {@code flink run -p}, else {@code parallelism.default}. */
    public static final int FLINK_PARALLELISM = 0;
    /**
     * The most subtasks any keyed operator can ever have, fixed for the life of the job's state
     * (a savepoint restores only at the max parallelism it was taken with). 720 divides evenly by
     * every parallelism from 1 to 6 and by 8, 9, 10, 12, 15, 16, 18, 20, 24, ..., so key groups
     * (and devices) spread evenly at the usual parallelisms; Flink's implicit default would be
     * derived from the first deployment's parallelism (128 up to parallelism 85).
     */
    public static final int DEFAULT_MAX_PARALLELISM = 720;
    /** Flink's upper bound for max parallelism (2^15). */
    public static final int MAX_MAX_PARALLELISM = 1 << 15;

    private final int parallelism;
    private final int maxParallelism;
    private final Duration outOfOrderness;
    private final Duration idleness;
    private final EventOrder eventOrder;
    private final TimestampRange timestampRange;
    private final boolean emitScores;
    private final LstmSettings lstm;
    private final int deviceWarmupEvents;
    private final BundleChangePolicy onBundleChange;
    private final Duration deviceIdleTimeout;
    private final Duration deviceStateTtl;
    private final int maxRecordBytes;
    private final Duration bufferTimeout;

    private JobSettings(Builder builder) {
        this.parallelism = builder.parallelism;
        this.maxParallelism = builder.maxParallelism;
        this.outOfOrderness = builder.outOfOrderness;
        this.idleness = builder.idleness;
        this.eventOrder = builder.eventOrder;
        this.timestampRange = builder.timestampRange;
        this.emitScores = builder.emitScores;
        this.lstm = builder.lstm;
        this.deviceWarmupEvents = builder.deviceWarmupEvents;
        this.onBundleChange = builder.onBundleChange;
        this.deviceIdleTimeout = builder.deviceIdleTimeout;
        this.deviceStateTtl = builder.deviceStateTtl;
        if (!deviceIdleTimeout.isZero() && !deviceStateTtl.isZero() && deviceStateTtl.compareTo(deviceIdleTimeout) < 0) {
            throw new IllegalArgumentException("device state TTL " + deviceStateTtl
                    + " is shorter than the idle timeout " + deviceIdleTimeout + ": an open alert would vanish unresolved");
        }
        this.maxRecordBytes = builder.maxRecordBytes;
        this.bufferTimeout = builder.bufferTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .parallelism(parallelism)
                .maxParallelism(maxParallelism)
                .outOfOrderness(outOfOrderness)
                .idleness(idleness)
                .eventOrder(eventOrder)
                .timestampRange(timestampRange)
                .emitScores(emitScores)
                .lstm(lstm)
                .deviceWarmupEvents(deviceWarmupEvents)
                .onBundleChange(onBundleChange)
                .deviceIdleTimeout(deviceIdleTimeout)
                .deviceStateTtl(deviceStateTtl)
                .maxRecordBytes(maxRecordBytes)
                .bufferTimeout(bufferTimeout);
    }

    /** The job's parallelism, or {@link #FLINK_PARALLELISM} (0): Flink's ({@code flink run -p}, else {@code parallelism.default}). */
    public int parallelism() {
        return parallelism;
    }

    /** The job's max parallelism: the number of key groups, which a savepoint keeps for good. */
    public int maxParallelism() {
        return maxParallelism;
    }

    public Duration outOfOrderness() {
        return outOfOrderness;
    }

    public Duration idleness() {
        return idleness;
    }

    /** Whether events are scored as they arrive or held and scored in timestamp order. */
    public EventOrder eventOrder() {
        return eventOrder;
    }

    public TimestampRange timestampRange() {
        return timestampRange;
    }

    /** Records larger than this are dead letters ({@code TOO_LARGE}) before they are parsed. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Whether per-event scores (with CUSUM and alert state) are produced for a scores sink or evaluation. */
    public boolean emitScores() {
        return emitScores;
    }

    /** Batching and ONNX Runtime settings of the LSTM autoencoder (used when the bundle has one). */
    public LstmSettings lstm() {
        return lstm;
    }

    /**
     * A device's first N events (0 = none beyond the window and the bundle's own warm-up): they fill
     * the device's baselines (device-mode Mahalanobis moments, the device's own scale) and are never
     * scored, so they can neither open alerts nor count in an evaluation.
     */
    public int deviceWarmupEvents() {
        return deviceWarmupEvents;
    }

    /**
     * Event time a device may stay silent with an alert open before the alert is RESOLVED with
     * resolution {@code device_silent} (default 1 h; zero = never).
     */
    public Duration deviceIdleTimeout() {
        return deviceIdleTimeout;
    }

    /**
     * Event time a silent device keeps its keyed state (default 7 days; zero = for ever): then its
     * state is cleared in every keyed operator, and it warms up again should it come back.
     */
    public Duration deviceStateTtl() {
        return deviceStateTtl;
    }

    /**
     * How long a network buffer that is not full waits before it is sent downstream; zero sends
     * every record at once. The job sets it on its environment, so it takes the place of Flink's
     * {@code execution.buffer-timeout.interval}.
     */
    public Duration bufferTimeout() {
        return bufferTimeout;
    }

    /** What a restore whose keyed state another bundle built does: fail (default) or re-warm the devices. */
    public BundleChangePolicy onBundleChange() {
        return onBundleChange;
    }

    public static final class Builder {
        private int parallelism = 1;
        private int maxParallelism = DEFAULT_MAX_PARALLELISM;
        private Duration outOfOrderness = DEFAULT_OUT_OF_ORDERNESS;
        private Duration idleness = DEFAULT_IDLENESS;
        private EventOrder eventOrder = EventOrder.ARRIVAL;
        private TimestampRange timestampRange = TimestampRange.defaults();
        private boolean emitScores;
        private LstmSettings lstm = LstmSettings.defaults();
        private int deviceWarmupEvents;
        private BundleChangePolicy onBundleChange = BundleChangePolicy.FAIL;
        private Duration deviceIdleTimeout = DEFAULT_DEVICE_IDLE_TIMEOUT;
        private Duration deviceStateTtl = DEFAULT_DEVICE_STATE_TTL;
        private int maxRecordBytes = EventJsonParser.DEFAULT_MAX_RECORD_BYTES;
        private Duration bufferTimeout = DEFAULT_BUFFER_TIMEOUT;

        /** A parallelism >= 1, or {@link #FLINK_PARALLELISM} to take Flink's. */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 && parallelism != FLINK_PARALLELISM) {
                throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        public Builder maxParallelism(int maxParallelism) {
            if (maxParallelism < 1 || maxParallelism > MAX_MAX_PARALLELISM) {
                throw new IllegalArgumentException("max parallelism must be between 1 and " + MAX_MAX_PARALLELISM
                        + ", got " + maxParallelism);
            }
            this.maxParallelism = maxParallelism;
            return this;
        }

        public Builder outOfOrderness(Duration outOfOrderness) {
            if (outOfOrderness.isNegative()) {
                throw new IllegalArgumentException("out-of-orderness must be >= 0, got " + outOfOrderness);
            }
            this.outOfOrderness = outOfOrderness;
            return this;
        }

        public Builder idleness(Duration idleness) {
            if (idleness.isNegative() || idleness.isZero()) {
                throw new IllegalArgumentException("idleness must be > 0, got " + idleness);
            }
            this.idleness = idleness;
            return this;
        }

        public Builder eventOrder(EventOrder eventOrder) {
            this.eventOrder = java.util.Objects.requireNonNull(eventOrder, "eventOrder");
            return this;
        }

        public Builder timestampRange(TimestampRange timestampRange) {
            this.timestampRange = timestampRange;
            return this;
        }

        public Builder emitScores(boolean emitScores) {
            this.emitScores = emitScores;
            return this;
        }

        public Builder lstm(LstmSettings lstm) {
            this.lstm = lstm;
            return this;
        }

        /** See {@link JobSettings#deviceIdleTimeout()}; zero = never. */
        public Builder deviceIdleTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("device idle timeout must be >= 0, got " + timeout);
            }
            this.deviceIdleTimeout = timeout;
            return this;
        }

        /** See {@link JobSettings#deviceStateTtl()}; zero = for ever. */
        public Builder deviceStateTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("device state TTL must be >= 0, got " + ttl);
            }
            this.deviceStateTtl = ttl;
            return this;
        }

        public Builder onBundleChange(BundleChangePolicy policy) {
            this.onBundleChange = java.util.Objects.requireNonNull(policy, "onBundleChange");
            return this;
        }

        /** See {@link JobSettings#deviceWarmupEvents()}; 0 (the default) = no extra warm-up. */
        public Builder deviceWarmupEvents(int events) {
            if (events < 0) {
                throw new IllegalArgumentException("device warm-up events must be >= 0, got " + events);
            }
            this.deviceWarmupEvents = events;
            return this;
        }

        /** See {@link JobSettings#maxRecordBytes()}. */
        public Builder maxRecordBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max record bytes must be >= 1, got " + bytes);
            }
            this.maxRecordBytes = bytes;
            return this;
        }

        /** See {@link JobSettings#bufferTimeout()}; zero = flush after every record. */
        public Builder bufferTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("buffer timeout must be >= 0, got " + timeout);
            }
            this.bufferTimeout = timeout;
            return this;
        }

        public JobSettings build() {
            if (parallelism > maxParallelism) {
                throw new IllegalArgumentException("parallelism " + parallelism + " exceeds the max parallelism "
                        + maxParallelism);
            }
            return new JobSettings(this);
        }
    }
}

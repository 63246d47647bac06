package io.fleetanomaly.job;

import io.fleetanomaly.format.ConfigNames;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * Checkpointing and recovery of a long-running job: exactly-once checkpoints at an interval,
 * the state backend (heap, or RocksDB with incremental checkpoints for large fleets), checkpoint
 * storage, optionally Flink's changelog state backend, retention after cancel (so a job can be
 * restored), and a fixed-delay restart strategy.
 * Applied as Flink configuration, so the same values work embedded and on a cluster.
 */
public record CheckpointSettings(
        Duration interval,
        CheckpointingMode mode,
        StateBackend stateBackend,
        boolean incremental,
        /** Checkpoint directory URI; null = the cluster's {@code execution.checkpointing.dir}. */
        String storage,
        /**
         * Where Flink's changelog state backend writes state changes (a directory URI); null = off.
         * On: a checkpoint's synchronous part no longer takes RocksDB's native checkpoint on the
         * scoring thread, at the price of writing every state change here too (docs/performance.md).
         */
        String changelogStorage,
        boolean retainOnCancellation,
        int restartAttempts,
        Duration restartDelay)
        implements Serializable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final String DEFAULT_STORAGE = "file:///tmp/fleet-anomaly/checkpoints";
    public static final int DEFAULT_RESTART_ATTEMPTS = 10;
    public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(10);
    /** Flink's option in flink-dstl-dfs (on a cluster in flink-dist's lib/), named here to keep that jar off the job's classpath. */
    static final ConfigOption<String> CHANGELOG_BASE_PATH =
            ConfigOptions.key("state.changelog.dstl.dfs.base-path").stringType().noDefaultValue();

    /** Where keyed state (device windows, CUSUM) lives between checkpoints. */
    public enum StateBackend {
        /** Objects on the JVM heap: fastest, bounded by memory; the embedded default. */
        HASHMAP,
        /** RocksDB on local disk: state larger than memory, incremental checkpoints; for large fleets. */
        ROCKSDB;

        public static StateBackend parse(String value) {
            return ConfigNames.parse(StateBackend.class, null, value);
        }

        /** The name Flink's {@code state.backend.type} option takes. */
        public String configName() {
            return ConfigNames.of(this);
        }
    }

    public CheckpointSettings {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpointing interval must be positive, got " + interval);
        }
        if (storage != null && storage.isBlank()) {
            throw new IllegalArgumentException("checkpointing storage must name a directory, e.g. file:///var/lib/fleet-anomaly/checkpoints,"
                    + " or be absent (the cluster's execution.checkpointing.dir)");
        }
        if (changelogStorage != null && changelogStorage.isBlank()) {
            throw new IllegalArgumentException("changelog storage must name a directory, e.g. s3://bucket/fleet-anomaly/changelog,"
                    + " or be absent (no changelog)");
        }
        if (restartAttempts < 0) {
            throw new IllegalArgumentException("restart attempts must be >= 0, got " + restartAttempts);
        }
        if (incremental && stateBackend != StateBackend.ROCKSDB) {
            throw new IllegalArgumentException("incremental checkpoints need the rocksdb state backend, got " + stateBackend.configName());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public void applyTo(Configuration conf) {
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, mode);
        if (storage != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, storage);
        }
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, retainOnCancellation
                ? ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION
                : ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend.configName());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, incremental);
        if (changelogStorage != null) {
            conf.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
            conf.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
            conf.set(CHANGELOG_BASE_PATH, changelogStorage);
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, restartDelay);
    }

    public static final class Builder {
        private Duration interval = DEFAULT_INTERVAL;
        private CheckpointingMode mode = CheckpointingMode.EXACTLY_ONCE;
        private StateBackend stateBackend = StateBackend.HASHMAP;
        private boolean incremental;
        private String storage = DEFAULT_STORAGE;
        private String changelogStorage;
        private boolean retainOnCancellation = true;
        private int restartAttempts = DEFAULT_RESTART_ATTEMPTS;
        private Duration restartDelay = DEFAULT_RESTART_DELAY;

        public Builder interval(Duration value) {
            this.interval = value;
            return this;
        }

        public Builder mode(CheckpointingMode value) {
            this.mode = value;
            return this;
        }

        public Builder stateBackend(StateBackend value) {
            this.stateBackend = value;
            return this;
        }

        public Builder incremental(boolean value) {
            this.incremental = value;
            return this;
        }

        public Builder storage(String value) {
            this.storage = value;
            return this;
        }

        /** Turns Flink's changelog state backend on, writing to this directory URI; null = off. */
        public Builder changelogStorage(String value) {
            this.changelogStorage = value;
            return this;
        }

        public Builder retainOnCancellation(boolean value) {
            this.retainOnCancellation = value;
            return this;
        }

        public Builder restartAttempts(int value) {
            this.restartAttempts = value;
            return this;
        }

        public Builder restartDelay(Duration value) {
            this.restartDelay = value;
            return this;
        }

        public CheckpointSettings build() {
            return new CheckpointSettings(interval, mode, stateBackend, incremental, storage, changelogStorage, retainOnCancellation,
                    restartAttempts, restartDelay);
        }
    }
}

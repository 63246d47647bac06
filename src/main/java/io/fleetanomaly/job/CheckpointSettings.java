package io.fleetanomaly.job;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * Checkpointing and recovery of a long-running job: exactly-once checkpoints at an interval,
 * their storage, retention after cancel (so a job can be restored), and a fixed-delay restart
 * strategy. Applied as Flink configuration, so the same values work embedded and on a cluster.
 */
public record CheckpointSettings(
        Duration interval,
        CheckpointingMode mode,
        String storage,
        boolean retainOnCancellation,
        int restartAttempts,
        Duration restartDelay)
        implements Serializable {

    public CheckpointSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpointing interval must be positive, got " + interval);
        }
        if (storage == null || storage.isBlank()) {
            throw new IllegalArgumentException("checkpointing storage must name a directory, e.g. file:///var/lib/fleet-anomaly/checkpoints");
        }
        if (restartAttempts < 0) {
            throw new IllegalArgumentException("restart attempts must be >= 0, got " + restartAttempts);
        }
    }

    public void applyTo(Configuration conf) {
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, mode);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, storage);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, retainOnCancellation
                ? ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION
                : ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, restartDelay);
    }
}

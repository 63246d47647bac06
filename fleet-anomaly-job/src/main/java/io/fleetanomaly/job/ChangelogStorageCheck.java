package io.fleetanomaly.job;

import java.util.Objects;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;

/**
 * {@code checkpointing.changelog_storage} turns Flink's changelog state backend on in the job's
 * configuration, but Flink 2.2 creates a TaskManager's changelog storage from the TaskManager's own
 * configuration (TaskExecutor passes it, not the job's): on a cluster whose configuration does not
 * name the storage, the changelog silently goes to Flink's in-memory storage, which is meant for
 * tests. A task that finds its TaskManager's storage differ from what the job asked for fails at
 * start-up with this message instead. Embedded, the MiniCluster's configuration is the job's, so the
 * check always passes there.
 */
public final class ChangelogStorageCheck {
    private ChangelogStorageCheck() {
    }

    /** Checks the task's TaskManager against the job's changelog setting (no-op when the job has none). */
    public static void verify(RuntimeContext context) {
        if (context instanceof StreamingRuntimeContext streaming) {
            verify(streaming.getJobConfiguration(), streaming.getTaskManagerRuntimeInfo().getConfiguration());
        }
    }

    /**
     * @throws IllegalStateException when the job enables the changelog with a storage directory and the
     *     TaskManager's changelog storage is not the filesystem storage at that directory
     */
    static void verify(Configuration job, Configuration taskManager) {
        String wanted = job.get(CheckpointSettings.CHANGELOG_BASE_PATH);
        if (!job.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG) || wanted == null) {
            return;
        }
        String storage = taskManager.get(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE);
        String basePath = taskManager.get(CheckpointSettings.CHANGELOG_BASE_PATH);
        if (!"filesystem".equals(storage) || !Objects.equals(wanted, basePath)) {
            throw new IllegalStateException("checkpointing.changelog_storage is " + wanted + ", but this TaskManager's changelog storage is "
                    + storage + (basePath == null ? "" : " at " + basePath)
                    + ": Flink creates it from the TaskManager's configuration, not the job's. Put"
                    + " 'state.changelog.storage: filesystem' and 'state.changelog.dstl.dfs.base-path: " + wanted
                    + "' into the cluster's config.yaml (docs/operations.md), or remove checkpointing.changelog_storage");
        }
    }
}

package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job submitted through the REST client (as to a cluster) with checkpointing.changelog_storage,
 * to a cluster whose TaskManager configuration names no changelog storage (Flink would fall back to
 * its in-memory storage): the job fails at start-up with the check's message.
 */
class ChangelogStorageCheckJobTest {
    @Test
    void aClusterWithoutTheChangelogStorageFailsTheJobNamingTheSettingsToAdd(@TempDir Path dir) throws Exception {
        Configuration clusterConfig = new Configuration();
        clusterConfig.set(RestOptions.BIND_PORT, "0");
        try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(clusterConfig)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build())) {
            cluster.start();
            submitWithChangelogTo(cluster.getRestAddress().get(), dir);
        }
    }

    private static void submitWithChangelogTo(URI rest, Path dir) throws Exception {
        ModelBundle bundle = TestBundles.shipped(SimulatorProfile.INDUSTRIAL);
        List<RawRecord> records = SimulatedRecords.of(
                new FleetSimulator(SimulatorSettings.builder().devices(1).eventsPerDevice(50).seed(1).build()), bundle.features());
        String changelog = dir.resolve("changelog").toUri().toString();
        Configuration job = new Configuration();
        CheckpointSettings.builder().interval(Duration.ofSeconds(1)).storage(dir.resolve("checkpoints").toUri().toString())
                .stateBackend(CheckpointSettings.StateBackend.ROCKSDB).changelogStorage(changelog).restartAttempts(0)
                .build().applyTo(job);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(), rest.getPort(), job);
        JobStreams streams = FleetAnomalyJob.buildGraph(env.fromData(records, TypeInformation.of(RawRecord.class)), bundle,
                JobSettings.builder().parallelism(1).build());
        streams.alerts().sinkTo(new DiscardingSink<>());

        assertThatThrownBy(() -> env.execute("changelog-check"))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowableWithMessage(e, "changelog storage is memory"))
                        .as("the check's message in " + ExceptionUtils.stringifyException(e)).isPresent()
                        .get().extracting(Throwable::getMessage).asString()
                        .contains("state.changelog.dstl.dfs.base-path: " + changelog));
    }
}

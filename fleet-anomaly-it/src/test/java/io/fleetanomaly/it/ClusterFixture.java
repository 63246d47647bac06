package io.fleetanomaly.it;

import io.fleetanomaly.testing.kafka.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Kafka broker and one standalone Flink cluster (a JobManager and two TaskManagers of one
 * slot each, separate JVMs) for all integration tests of the run: started by the first test class
 * that asks, stopped when the whole run ends (JUnit's root store), on failure too; a JVM shutdown
 * hook kills whatever is left.
 */
final class ClusterFixture implements ExtensionContext.Store.CloseableResource {
    static final int TASK_MANAGERS = 2;

    final KafkaBroker broker;
    final FlinkLocalCluster flink;
    final Path directory;
    /** The changelog storage directory the cluster's configuration names (state.changelog.dstl.dfs.base-path). */
    final String changelogStorage;

    private ClusterFixture() {
        try {
            // Under the module's target/: the processes' logs stay there for a look after a failure.
            Path target = Path.of("target");
            Files.createDirectories(target);
            directory = Files.createTempDirectory(target.toAbsolutePath(), "cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Retention checks every second, as on a real broker old simulated event times would be deleted.
        broker = new KafkaBroker(Map.of("log.retention.check.interval.ms", "1000", "log.initial.task.delay.ms", "0"));
        // Flink creates a TaskManager's changelog storage from the cluster's configuration, not the job's.
        changelogStorage = "file://" + directory.resolve("changelog");
        Path clusterConfig = directory.resolve("flink-extra.yaml");
        try {
            Files.writeString(clusterConfig, "state.changelog.storage: filesystem\nstate.changelog.dstl.dfs.base-path: " + changelogStorage + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        flink = new FlinkLocalCluster(Path.of(System.getProperty("fleetAnomaly.projectRoot", "..")).toAbsolutePath().normalize(),
                directory.resolve("flink"), TASK_MANAGERS, 1, clusterConfig);
        try {
            broker.start();
            flink.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static ClusterFixture get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(ClusterFixture.class, k -> new ClusterFixture(), ClusterFixture.class);
    }

    @Override
    public void close() {
        try {
            flink.close();
        } finally {
            broker.close();
        }
    }

    /** Puts the fixture into a static field of the test class before its tests run. */
    static final class Extension implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            ClusterFixture fixture = get(context);
            context.getRequiredTestClass().getDeclaredField("cluster").set(null, fixture);
        }
    }
}

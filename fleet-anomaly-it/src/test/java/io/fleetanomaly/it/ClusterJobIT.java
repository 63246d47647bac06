package io.fleetanomaly.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.config.JobConfigLoader;
import io.fleetanomaly.embedded.EmbeddedRun;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.simulator.FleetPublisher;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.simulator.SimulatorSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job jar on a real standalone Flink cluster (deploy/flink-local: JobManager and two
 * TaskManagers as separate JVMs, one slot each), submitted with Flink's own client, reading a
 * labeled simulated fleet from a real Kafka broker and writing alerts exactly-once. What a
 * read_committed consumer of the alert topic sees is compared with the embedded run (a) and with
 * an uninterrupted cluster run (b: stop-with-savepoint, upgrade and rescale both ways; c: three
 * kill -9 of a TaskManager; d: one kill -9 with the changelog state backend). The same fleet goes
 * to every scenario's own events topic (keyed by device_id, same partition count), so each
 * device's events arrive in the same order everywhere.
 */
@ExtendWith(ClusterFixture.Extension.class)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ClusterJobIT {
    static ClusterFixture cluster;
    static final SimulatorSettings FLEET = Scenario.FLEET;
    static final String SETTINGS_V1 = Scenario.SETTINGS_V1;
    static final String SETTINGS_V2 = Scenario.SETTINGS_V2;

    private static List<String> uninterrupted;

    /** The uninterrupted run: the whole fleet, the job at parallelism 2 until it has read everything, then flink stop. */
    static synchronized List<String> uninterrupted() throws Exception {
        if (uninterrupted == null) {
            Scenario run = Scenario.create(cluster, "uninterrupted");
            run.publish(0, new FleetSimulator(FLEET).totalEvents());
            String job = cluster.flink.submit(JobJars.built(), 2, "--config", run.configFile(SETTINGS_V1).toString());
            run.awaitConsumed();
            cluster.flink.stopWithSavepoint(job);
            uninterrupted = AlertTopic.records(run.committedAlerts());
            assertThat(uninterrupted).as("alerts of the uninterrupted run").isNotEmpty();
        }
        return uninterrupted;
    }

    @Test
    void theJobJarOnTheClusterWritesTheAlertsOfTheEmbeddedRun() throws Exception {
        JobConfigLoader loader = JobConfigLoader.load(new Scenario(cluster, "embedded").configFile(SETTINGS_V1));
        loader.config().job.parallelism = 2;
        List<Alert> embedded = Collections.synchronizedList(new ArrayList<>());
        new EmbeddedRun(loader.bundle(), loader.jobSettings(false), 60_000)
                .run(env -> SimulatorSource.addTo(env, FLEET, 0), embedded::add, letter -> {});
        Set<String> embeddedIds = openedIds(embedded.stream().map(a -> a.alertId + "/" + a.status + "/" + a.ts).toList());
        assertThat(embeddedIds).as("alerts the embedded run opened").hasSizeGreaterThanOrEqualTo(5);

        assertThat(openedIds(uninterrupted())).isEqualTo(embeddedIds);
    }

    @Test
    void stopWithSavepointThenAnUpgradedJarAtParallelism2ThenBackTo1WritesTheAlertsOfTheUninterruptedRun() throws Exception {
        List<String> expected = uninterrupted();
        FleetSimulator fleet = new FleetSimulator(FLEET);
        // Stop where alerts are open: in the second and in the third quarter of the fleet's time, the step where
        // the uninterrupted run has the most alerts open.
        int steps = FLEET.eventsPerDevice();
        int firstStop = stepWithMostOpenAlerts(expected, fleet, steps / 4, steps / 2);
        int secondStop = stepWithMostOpenAlerts(expected, fleet, steps / 2 + 20, 3 * steps / 4);
        long firstEnd = fleet.indexOf(0, firstStop);
        long secondEnd = fleet.indexOf(0, secondStop);
        Set<String> openAtFirstStop = openAt(expected, fleet, firstStop);
        assertThat(openAtFirstStop).as("alerts open at the first stop (step " + firstStop + ")").isNotEmpty();

        Scenario run = Scenario.create(cluster, "upgrade");
        Path v1 = JobJars.withPackedConfig(JobJars.built(), run.config(SETTINGS_V1), cluster.directory.resolve("job-v1.jar"));
        Path v2 = JobJars.withPackedConfig(JobJars.built(), run.config(SETTINGS_V2), cluster.directory.resolve("job-v2.jar"));
        String[] packedConfig = {"--config", "classpath:" + JobJars.PACKED_CONFIG};

        run.publish(0, firstEnd);
        String job = cluster.flink.submit(v1, 1, packedConfig);
        run.awaitConsumed();
        String savepoint = cluster.flink.stopWithSavepoint(job);
        List<String> atStop = AlertTopic.records(run.committedAlerts());
        assertThat(openIds(atStop)).as("alerts open in the committed topic at the stop").containsAll(openAtFirstStop);

        run.publish(firstEnd, secondEnd);
        job = cluster.flink.resume(savepoint, v2, 2, packedConfig);
        run.awaitConsumed();
        savepoint = cluster.flink.stopWithSavepoint(job);

        run.publish(secondEnd, fleet.totalEvents());
        job = cluster.flink.resume(savepoint, v1, 1, packedConfig);
        run.awaitConsumed();
        cluster.flink.stopWithSavepoint(job);

        List<String> resumed = AlertTopic.records(run.committedAlerts());
        assertThat(resumed).isEqualTo(expected);
        for (String id : openAtFirstStop) {
            assertThat(resumed).as("alert " + id + ", open at the stop, opened once and resolved after the resume")
                    .filteredOn(r -> r.startsWith(id + "/OPEN/")).hasSize(1);
            assertThat(resumed).filteredOn(r -> r.startsWith(id + "/RESOLVED/")).hasSize(1);
        }
    }

    @Test
    void threeTaskManagerKillsAtParallelism2LeaveTheAlertsOfTheUninterruptedRun() throws Exception {
        List<String> expected = uninterrupted();
        assertThat(runWithTaskManagerKills("failover", SETTINGS_V1, 3, job -> {})).isEqualTo(expected);
    }

    /**
     * checkpointing.changelog_storage on the cluster: the changelog state backend and its filesystem
     * storage come from the cluster's lib/ (deploy/flink-local fetches them, as flink-dist carries
     * them), the storage from the cluster's configuration (ClusterFixture; the job checks it names the
     * same directory), the state changes go to that directory, and a restore after kill -9 replays them.
     */
    @Test
    void aTaskManagerKillWithTheChangelogStateBackendLeavesTheAlertsOfTheUninterruptedRun() throws Exception {
        List<String> expected = uninterrupted();
        String settings = SETTINGS_V1.replace("incremental: true,", "incremental: true, changelog_storage: '" + cluster.changelogStorage + "',");
        assertThat(settings).as("settings with the changelog").contains("changelog_storage");

        // Before the stop: once the job finishes, Flink deletes the log it no longer needs.
        Consumer<String> theLogHasFiles = job -> {
            Path log = cluster.directory.resolve("changelog").resolve(job);
            try (Stream<Path> files = Files.walk(log)) {
                assertThat(files.filter(Files::isRegularFile).count()).as("files of the changelog under " + log).isPositive();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertThat(runWithTaskManagerKills("changelog", settings, 1, theLogHasFiles)).isEqualTo(expected);
    }

    /**
     * The fleet published at 300 events/s to the job at parallelism 2 while a TaskManager is killed
     * (kill -9, after a completed checkpoint) {@code kills} times and started again as a supervisor
     * would; the committed alert records once the job has read everything ({@code beforeStop} looks at
     * the job, by id, just before it stops).
     */
    private static List<String> runWithTaskManagerKills(String name, String settings, int kills, Consumer<String> beforeStop)
            throws Exception {
        Scenario run = Scenario.create(cluster, name);
        long total = new FleetSimulator(FLEET).totalEvents();
        String job = cluster.flink.submit(JobJars.built(), 2, "--config", run.configFile(settings).toString());
        cluster.flink.awaitCheckpointAfter(job, 0, Duration.ofMinutes(2));
        // The fleet arrives while the TaskManagers die: about 40 s of input at 300 events/s.
        CompletableFuture<Long> publisher = CompletableFuture.supplyAsync(() -> {
            try {
                return FleetPublisher.publish(FLEET, 0, total, cluster.broker.bootstrapServers(), run.eventsTopic(),
                        new Properties(), 300, n -> {});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int kill = 1; kill <= kills; kill++) {
            long checkpoints = cluster.flink.completedCheckpoints(job);
            cluster.flink.awaitCheckpointAfter(job, checkpoints, Duration.ofMinutes(3));
            cluster.flink.killTaskManager(kill % 2 + 1);
            // The supervisor: start what is not running (the killed TaskManager, same resource id).
            cluster.flink.start();
        }
        assertThat(publisher.get(3, TimeUnit.MINUTES)).isEqualTo(total);
        run.awaitConsumed();
        assertThat(cluster.flink.rest("/jobs/" + job + "/checkpoints").path("counts").path("restored").asLong())
                .as("restores from a checkpoint").isGreaterThanOrEqualTo(kills);
        beforeStop.accept(job);
        cluster.flink.stopWithSavepoint(job);
        return AlertTopic.records(run.committedAlerts());
    }

    /** Ids of the alerts that opened. */
    static Set<String> openedIds(List<String> records) {
        return records.stream().filter(r -> r.contains("/OPEN/")).map(ClusterJobIT::alertId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Ids of the alerts that opened and did not resolve. */
    static Set<String> openIds(List<String> records) {
        Set<String> open = openedIds(records);
        records.stream().filter(r -> r.contains("/RESOLVED/")).map(ClusterJobIT::alertId).forEach(open::remove);
        return open;
    }

    /**
     * Alerts of the records open once the fleet's steps before {@code step} have been read: opened
     * at or before its device's last event then, resolved after it (or never).
     */
    static Set<String> openAt(List<String> records, FleetSimulator fleet, int step) {
        Map<String, Long> lastTs = new TreeMap<>();
        for (int d = 0; d < fleet.devices(); d++) {
            lastTs.put(fleet.deviceId(d), fleet.eventAt(fleet.indexOf(d, step - 1)).ts());
        }
        Map<String, long[]> spans = new TreeMap<>();
        for (String r : records) {
            String id = alertId(r);
            long at = Long.parseLong(r.substring(r.lastIndexOf('/') + 1));
            long[] span = spans.computeIfAbsent(id, k -> new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
            if (r.contains("/OPEN/")) {
                span[0] = at;
            } else if (r.contains("/RESOLVED/")) {
                span[1] = at;
            }
        }
        return spans.entrySet().stream()
                .filter(e -> {
                    long last = lastTs.get(e.getKey().substring(0, e.getKey().lastIndexOf('/')));
                    return e.getValue()[0] <= last && e.getValue()[1] > last;
                })
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    static int stepWithMostOpenAlerts(List<String> records, FleetSimulator fleet, int fromStep, int toStep) {
        int best = fromStep;
        int most = -1;
        for (int step = fromStep; step < toStep; step++) {
            int open = openAt(records, fleet, step).size();
            if (open > most) {
                most = open;
                best = step;
            }
        }
        return best;
    }

    /** "device/openedAt" of an "device/openedAt/STATUS/ts" record. */
    static String alertId(String record) {
        String withoutTs = record.substring(0, record.lastIndexOf('/'));
        return withoutTs.substring(0, withoutTs.lastIndexOf('/'));
    }
}

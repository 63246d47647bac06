package io.fleetanomaly.it;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.simulator.FleetPublisher;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * One run of the job on the cluster with its own topics (events, alerts, dead letters), consumer
 * group and transactional ids, all named after the scenario. Every scenario reads the same fleet:
 * keyed by device_id onto the same number of partitions, each device's events arrive in the same
 * order everywhere.
 */
record Scenario(ClusterFixture cluster, String name) {
    static final SimulatorSettings FLEET = SimulatorSettings.builder()
            .profile(SimulatorProfile.INDUSTRIAL).devices(20).eventsPerDevice(600).seed(42).build();
    static final int PARTITIONS = 4;
    static final Duration CONSUME_TIMEOUT = Duration.ofMinutes(4);

    static final String SETTINGS_V1 = """
            checkpointing: {interval_ms: 2000, state_backend: rocksdb, incremental: true, restart_attempts: 100, restart_delay_ms: 1000}
            lstm: {batch_size: 64, max_wait_ms: 50}
            """;
    /** A release with changed settings that do not touch state: LSTM batching and the checkpoint interval. */
    static final String SETTINGS_V2 = """
            checkpointing: {interval_ms: 1000, state_backend: rocksdb, incremental: true, restart_attempts: 100, restart_delay_ms: 1000}
            lstm: {batch_size: 16, max_wait_ms: 20}
            """;

    static Scenario create(ClusterFixture cluster, String name) {
        Scenario scenario = new Scenario(cluster, name);
        cluster.broker.createTopic(scenario.eventsTopic(), PARTITIONS);
        cluster.broker.createTopic(scenario.alertsTopic(), PARTITIONS);
        cluster.broker.createTopic("dead-letters-" + name, 1);
        return scenario;
    }

    String eventsTopic() {
        return "events-" + name;
    }

    String alertsTopic() {
        return "alerts-" + name;
    }

    String group() {
        return "fleet-anomaly-" + name;
    }

    /** The job's configuration (input: kafka) with these settings (checkpointing, LSTM). */
    String config(String settings) {
        return """
                input: kafka
                kafka:
                  bootstrap_servers: %s
                  events_topic: %s
                  alerts_topic: %s
                  dead_letters_topic: dead-letters-%s
                  group_id: %s
                  starting_offsets: committed
                  transactional_id_prefix: %s
                  transaction_timeout_ms: 600000
                model:
                  bundle: classpath:bundles/industrial
                %s
                """.formatted(cluster.broker.bootstrapServers(), eventsTopic(), alertsTopic(), name, group(), group(), settings);
    }

    Path configFile(String settings) throws Exception {
        return Files.writeString(cluster.directory.resolve(name + ".yaml"), config(settings));
    }

    /** Events [from, to) of the fleet stream (time-major) to the events topic, as fast as possible. */
    void publish(long from, long to) throws Exception {
        FleetPublisher.publish(FLEET, from, to, cluster.broker.bootstrapServers(), eventsTopic(), new Properties(), 0, n -> {});
    }

    void awaitConsumed() {
        AlertTopic.awaitConsumed(cluster.broker, group(), eventsTopic(), CONSUME_TIMEOUT);
    }

    List<Alert> committedAlerts() {
        return AlertTopic.readCommitted(cluster.broker, alertsTopic());
    }
}

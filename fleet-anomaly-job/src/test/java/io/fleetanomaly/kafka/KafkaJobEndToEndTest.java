package io.fleetanomaly.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.format.AlertJson;
import io.fleetanomaly.job.CheckpointSettings;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.simulator.FaultEpisode;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import io.fleetanomaly.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.job.FleetAnomalyJob;
import io.fleetanomaly.job.JobStreams;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fleetanomaly.simulator.FleetPublisher;
/** The Kafka job against a real Kafka broker (a local KRaft process): events in, alerts and dead letters out. */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class KafkaJobEndToEndTest {
    private static final long GRACE_MS = 60_000;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        // Retention checks every second: records with old timestamps (simulated history) would vanish
        // mid-test, as they would on a real broker within minutes.
        broker = new KafkaBroker(Map.of("log.retention.check.interval.ms", "1000", "log.initial.task.delay.ms", "0"));
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void detectsFaultsWritesEachAlertOnceAndRoutesBadRecords(@TempDir Path checkpoints) throws Exception {
        KafkaSettings kafka = KafkaSettings.builder()
                .bootstrapServers(broker.bootstrapServers())
                .eventsTopic("events-e2e").alertsTopic("alerts-e2e").deadLettersTopic("dead-letters-e2e")
                .scoresTopic("scores-e2e").groupId("e2e").startingOffsets(StartingOffsets.EARLIEST).transactionalIdPrefix("e2e")
                .transactionTimeout(Duration.ofMinutes(5)).boundedAtLatest(true)
                .build();
        broker.createTopic(kafka.eventsTopic(), 3);
        broker.createTopic(kafka.alertsTopic(), 3);
        broker.createTopic(kafka.deadLettersTopic(), 1);
        broker.createTopic(kafka.scoresTopic(), 3);

        SimulatorSettings fleet = SimulatorSettings.builder()
                .profile(SimulatorProfile.INDUSTRIAL).devices(20).eventsPerDevice(600).seed(42).build();
        FleetPublisher.publish(fleet, broker.bootstrapServers(), kafka.eventsTopic(), new Properties(), 0, n -> {});
        Map<String, String> bad = Map.of(
                "not json", "NOT_JSON",
                "{\"device_id\":\"pump-0001\",\"ts\":1767225600000,\"readings\":{\"temperature_c\":\"hot\"}}", "NON_NUMERIC_READING",
                "{\"ts\":1767225600000,\"readings\":{\"temperature_c\":70}}", "MISSING_DEVICE_ID");
        produce(kafka.eventsTopic(), bad.keySet());

        Configuration conf = new Configuration();
        CheckpointSettings.builder().interval(Duration.ofMillis(500)).storage(checkpoints.toUri().toString())
                .restartAttempts(0).build().applyTo(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        ModelBundle bundle = TestBundles.shipped(SimulatorProfile.INDUSTRIAL);
        KafkaJob.attach(env, bundle, JobSettings.builder().parallelism(2).build(), kafka);
        env.execute("kafka-e2e");

        List<Alert> alerts = readCommitted(kafka.alertsTopic()).stream()
                .map(r -> AlertJson.fromJson(new String(r.value(), StandardCharsets.UTF_8))).toList();
        Set<String> records = new HashSet<>();
        Map<String, Alert> opened = new HashMap<>();
        for (Alert a : alerts) {
            assertThat(records.add(a.alertId + "/" + a.status + "/" + a.ts)).as("duplicate " + a.alertId).isTrue();
            if (a.status == AlertStatus.OPEN) {
                assertThat(opened.put(a.alertId, a)).as("opened twice: " + a.alertId).isNull();
            }
        }
        Quality quality = quality(new FleetSimulator(fleet), opened.values());
        assertThat(quality.episodes).isGreaterThanOrEqualTo(8);
        assertThat(quality.precision()).as("alert precision").isGreaterThanOrEqualTo(0.8);
        assertThat(quality.recall()).as("fault recall").isGreaterThanOrEqualTo(0.8);

        ObjectMapper json = new ObjectMapper();
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(kafka.deadLettersTopic())) {
            var letter = json.readTree(r.value());
            reasons.add(letter.path("reason").asText());
            assertThat(letter.path("source_topic").asText()).isEqualTo(kafka.eventsTopic());
            assertThat(letter.has("source_offset")).isTrue();
        }
        assertThat(reasons).containsExactlyInAnyOrderElementsOf(bad.values());

        // Per-event scores: one record per accepted event (no failure, so at-least-once means exactly once here).
        List<ConsumerRecord<byte[], byte[]>> scores = readCommitted(kafka.scoresTopic());
        assertThat(scores).hasSize((int) fleet.totalEvents());
        var score = json.readTree(scores.get(scores.size() - 1).value());
        assertThat(new String(scores.get(scores.size() - 1).key(), StandardCharsets.UTF_8)).isEqualTo(score.path("device_id").asText());
        assertThat(score.path("scores").has("iforest")).isTrue();
        assertThat(score.path("scores").has("mahalanobis")).isTrue();
        assertThat(score.path("contributions").size()).isEqualTo(bundle.features().size());
        assertThat(score.has("cusum")).isTrue();
        long alertsInScores = scores.stream().map(r -> readTree(json, r.value()))
                .filter(n -> !n.path("alert_id").isNull()).map(n -> n.path("alert_id").asText()).distinct().count();
        assertThat(alertsInScores).as("alert ids seen in the score records").isEqualTo(opened.size());
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(ObjectMapper json, byte[] value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final String FAILOVER_EVENTS = "events-failover";
    private static Set<String> failureFreeAlerts;

    /** The failover input (published once) and the alerts of a failure-free run on it (heap state). */
    private static synchronized Set<String> failureFreeAlerts(Path checkpoints) throws Exception {
        if (failureFreeAlerts == null) {
            broker.createTopic(FAILOVER_EVENTS, 3);
            SimulatorSettings fleet = SimulatorSettings.builder()
                    .profile(SimulatorProfile.INDUSTRIAL).devices(12).eventsPerDevice(600).seed(5).build();
            FleetPublisher.publish(fleet, broker.bootstrapServers(), FAILOVER_EVENTS, new Properties(), 0, n -> {});
            failureFreeAlerts = runAndReadAlerts("clean", checkpoints, CheckpointSettings.StateBackend.HASHMAP, null);
            assertThat(failureFreeAlerts).isNotEmpty();
        }
        return failureFreeAlerts;
    }

    /** What happens once, on the first record after the first completed checkpoint. */
    enum Disruption {
        INJECTED_FAILURE,
        BROKER_RESTART
    }

    static final AtomicBoolean DISRUPTED = new AtomicBoolean();

    static final class DisruptOnceAfterCheckpoint implements MapFunction<RawRecord, RawRecord>, CheckpointListener {
        private final Disruption disruption;
        private volatile boolean checkpointed;

        DisruptOnceAfterCheckpoint(Disruption disruption) {
            this.disruption = disruption;
        }

        @Override
        public RawRecord map(RawRecord record) {
            if (checkpointed && DISRUPTED.compareAndSet(false, true)) {
                if (disruption == Disruption.INJECTED_FAILURE) {
                    throw new IllegalStateException("injected failure after the first completed checkpoint");
                }
                // The broker goes away while the job keeps running; its clients must ride it out.
                new Thread(broker::restart, "broker-restart").start();
            }
            return record;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @ParameterizedTest
    @EnumSource(Disruption.class)
    void afterADisruptionTheAlertTopicHoldsExactlyTheAlertsOfAFailureFreeRun(Disruption disruption,
            @TempDir Path checkpoints) throws Exception {
        Set<String> clean = failureFreeAlerts(checkpoints.resolve("clean"));
        DISRUPTED.set(false);
        // Production state: RocksDB with incremental checkpoints (conf/kafka.yaml).
        Set<String> recovered = runAndReadAlerts(disruption.name().toLowerCase(java.util.Locale.ROOT),
                checkpoints.resolve("disrupted"), CheckpointSettings.StateBackend.ROCKSDB, disruption);
        assertThat(DISRUPTED).as("the disruption happened").isTrue();
        assertThat(recovered).isEqualTo(clean);
    }

    @Test
    void withTheChangelogStateBackendAFailureLosesAndDuplicatesNoAlert(@TempDir Path checkpoints) throws Exception {
        Set<String> clean = failureFreeAlerts(checkpoints.resolve("clean"));
        DISRUPTED.set(false);
        // RocksDB, incremental, and Flink's changelog (checkpointing.changelog_storage): restored from a checkpoint
        // whose keyed state is the materialized RocksDB state plus the changes logged since
        Path changelog = checkpoints.resolve("changelog");
        Set<String> recovered = runAndReadAlerts("changelog", checkpoints.resolve("disrupted"),
                CheckpointSettings.StateBackend.ROCKSDB, Disruption.INJECTED_FAILURE, changelog.toUri().toString());
        assertThat(DISRUPTED).as("the disruption happened").isTrue();
        assertThat(recovered).isEqualTo(clean);
        try (var written = Files.walk(changelog)) {
            assertThat(written.count()).as("the changelog storage was written to").isGreaterThan(1);
        }
    }

    /** Runs the Kafka job on its own topics and returns the committed alerts as id/status/ts (asserting no duplicates). */
    private static Set<String> runAndReadAlerts(String name, Path checkpoints, CheckpointSettings.StateBackend backend,
            Disruption disruption) throws Exception {
        return runAndReadAlerts(name, checkpoints, backend, disruption, null);
    }

    private static Set<String> runAndReadAlerts(String name, Path checkpoints, CheckpointSettings.StateBackend backend,
            Disruption disruption, String changelogStorage) throws Exception {
        KafkaSettings kafka = KafkaSettings.builder()
                .bootstrapServers(broker.bootstrapServers())
                .eventsTopic(FAILOVER_EVENTS).alertsTopic("alerts-" + name).deadLettersTopic("dead-letters-" + name)
                .groupId(name).startingOffsets(StartingOffsets.EARLIEST).transactionalIdPrefix(name)
                .transactionTimeout(Duration.ofMinutes(5)).boundedAtLatest(true)
                .build();
        broker.createTopic(kafka.alertsTopic(), 3);
        broker.createTopic(kafka.deadLettersTopic(), 1);
        Configuration conf = new Configuration();
        CheckpointSettings.builder().interval(Duration.ofMillis(300)).storage(checkpoints.toUri().toString())
                .stateBackend(backend).incremental(backend == CheckpointSettings.StateBackend.ROCKSDB)
                .changelogStorage(changelogStorage)
                .restartAttempts(30).restartDelay(Duration.ofMillis(500)).build().applyTo(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        env.getConfig().enableObjectReuse();
        DataStream<RawRecord> raw = env.fromSource(KafkaConnectors.eventSource(kafka), WatermarkStrategy.noWatermarks(), "kafka-events")
                .map(disruption != null ? new DisruptOnceAfterCheckpoint(disruption) : record -> record)
                .returns(RawRecord.class)
                // a slow enough input for checkpoints to complete mid-stream
                .map(record -> {
                    Thread.sleep(0, 200_000);
                    return record;
                })
                .returns(RawRecord.class);
        JobStreams streams = FleetAnomalyJob.buildGraph(raw, TestBundles.shipped(SimulatorProfile.INDUSTRIAL),
                JobSettings.builder().parallelism(2).build());
        streams.alerts().sinkTo(KafkaConnectors.alertSink(kafka));
        env.execute("kafka-" + name);

        Set<String> alerts = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(kafka.alertsTopic())) {
            Alert a = AlertJson.fromJson(new String(r.value(), StandardCharsets.UTF_8));
            assertThat(alerts.add(a.alertId + "/" + a.status + "/" + a.ts)).as("duplicate in " + name).isTrue();
        }
        return alerts;
    }

    private record Quality(int alerts, int truePositives, int episodes, int detected) {
        double precision() {
            return alerts == 0 ? 1 : (double) truePositives / alerts;
        }

        double recall() {
            return episodes == 0 ? 1 : (double) detected / episodes;
        }
    }

    /** Alert openings against the simulator's fault plan: an opening during a fault (or its grace period) detects it. */
    private static Quality quality(FleetSimulator fleet, java.util.Collection<Alert> openings) {
        List<long[]> windows = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        for (FaultEpisode f : fleet.faultPlan()) {
            long start = fleet.eventAt(fleet.indexOf(f.deviceIndex(), f.startStep())).ts();
            long end = fleet.eventAt(fleet.indexOf(f.deviceIndex(), f.endStep() - 1)).ts() + GRACE_MS;
            windows.add(new long[] {start, end});
            devices.add(f.deviceId());
        }
        boolean[] detected = new boolean[windows.size()];
        int truePositives = 0;
        for (Alert a : openings) {
            boolean hit = false;
            for (int i = 0; i < windows.size(); i++) {
                if (devices.get(i).equals(a.deviceId) && a.openedAt >= windows.get(i)[0] && a.openedAt <= windows.get(i)[1]) {
                    detected[i] = true;
                    hit = true;
                }
            }
            truePositives += hit ? 1 : 0;
        }
        int found = 0;
        for (boolean d : detected) {
            found += d ? 1 : 0;
        }
        return new Quality(openings.size(), truePositives, windows.size(), found);
    }

    private static void produce(String topic, Set<String> values) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            int emptyPolls = 0;
            while (emptyPolls < 5) {
                var batch = consumer.poll(Duration.ofSeconds(1));
                emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
                batch.forEach(records::add);
            }
        }
        return records;
    }
}

package io.fleetanomaly.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleOverrides;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.format.EventJsonWriter;
import io.fleetanomaly.format.Sha256;
import io.fleetanomaly.job.CheckpointSettings;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatedEvent;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.Await;
import io.fleetanomaly.testing.TestBundles;
import io.fleetanomaly.testing.kafka.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model and threshold updates through a real Kafka broker, while the job runs: a corrupt bundle is
 * refused and the job goes on with its model; a good one is swapped in mid-stream, every event
 * scored by exactly one version; an alerting override takes effect; after the job is stopped and
 * restored from its checkpoint (started with its original bundle), the swapped model and the
 * override are still in force.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ControlTopicEndToEndTest {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(Map.of("log.retention.check.interval.ms", "1000", "log.initial.task.delay.ms", "0"));
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void swapsRefusesAndKeepsWhatWasAcceptedAcrossARestore(@TempDir Path dir) throws Exception {
        ModelBundle v1 = TestBundles.shipped(SimulatorProfile.INDUSTRIAL);
        Path v2 = write(v1.withVersion("industrial-v2").withWeights(Map.of(ModelBundle.LSTM_AE, 2.0)), dir.resolve("v2"));
        Path corrupt = write(v1.withVersion("industrial-corrupt"), dir.resolve("corrupt"));
        byte[] forest = Files.readAllBytes(corrupt.resolve("iforest.json"));
        forest[forest.length / 2] ^= 1;
        Files.write(corrupt.resolve("iforest.json"), forest);

        KafkaSettings kafka = KafkaSettings.builder()
                .bootstrapServers(broker.bootstrapServers())
                .eventsTopic("events").alertsTopic("alerts").deadLettersTopic("dead-letters").scoresTopic("scores")
                .controlTopic("model-control").controlResultsTopic("model-control-results")
                .controlStartingOffsets(StartingOffsets.EARLIEST)
                .groupId("control-e2e").startingOffsets(StartingOffsets.EARLIEST).transactionalIdPrefix("control-e2e")
                .transactionTimeout(Duration.ofMinutes(5))
                .build();
        for (String topic : List.of("events", "alerts", "scores")) {
            broker.createTopic(topic, 2);
        }
        for (String topic : List.of("dead-letters", "model-control", "model-control-results")) {
            broker.createTopic(topic, 1);
        }
        KafkaPreflight.check(kafka);

        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .profile(SimulatorProfile.INDUSTRIAL).devices(8).eventsPerDevice(450).seed(42).build());
        long third = fleet.totalEvents() / 3;
        Path checkpoints = dir.resolve("checkpoints");

        // Job A: starts with v1
        JobClient jobA = start(v1, kafka, checkpoints, null);
        try {
            publish(fleet, 0, third);
            Map<String, JsonNode> part1 = awaitScores(fleet, 0, third);
            assertThat(versions(part1.values())).containsExactly(v1.version());

            sendControl("{\"id\":\"corrupt\",\"bundle\":\"" + corrupt.toUri() + "\",\"sha256\":\"" + sha256(corrupt) + "\"}");
            sendControl("{\"id\":\"swap\",\"bundle\":\"" + v2.toUri() + "\",\"sha256\":\"" + sha256(v2)
                    + "\",\"version\":\"industrial-v2\"}");
            sendControl("{\"id\":\"h\",\"alerting\":{\"h\":7.5}}");
            List<JsonNode> results = awaitRecords("model-control-results", 3);
            assertThat(results.get(0).path("control_id").asText()).isEqualTo("corrupt");
            assertThat(results.get(0).path("status").asText()).isEqualTo("REFUSED");
            assertThat(results.get(0).path("reason").asText()).isEqualTo("BUNDLE_INVALID");
            assertThat(results.get(0).path("detail").asText()).contains("checksum mismatch for iforest.json");
            assertThat(results.get(0).path("model_version").asText()).as("the running model stays").isEqualTo(v1.version());
            assertThat(results.get(1).path("status").asText()).isEqualTo("ACCEPTED");
            assertThat(results.get(1).path("model_version").asText()).isEqualTo("industrial-v2");
            assertThat(results.get(1).path("previous_model_version").asText()).isEqualTo(v1.version());
            assertThat(results.get(2).path("status").asText()).isEqualTo("ACCEPTED");
            assertThat(results.get(2).path("kind").asText()).isEqualTo("alerting");

            // accepted results are committed with a checkpoint every scoring subtask took after applying them
            publish(fleet, third, 2 * third);
            Map<String, JsonNode> part2 = awaitScores(fleet, third, 2 * third);
            assertThat(versions(part2.values())).as("every event after the swap").containsExactly("industrial-v2");

            // a marker whose result is committed only with a checkpoint taken after all of part 2 was read
            sendControl("{\"id\":\"marker\",\"alerting\":{\"h\":7.5}}");
            assertThat(awaitRecords("model-control-results", 4).get(3).path("status").asText()).isEqualTo("UNCHANGED");
        } finally {
            jobA.cancel().get(1, TimeUnit.MINUTES);
        }

        // Job B: the same job (start-up bundle v1), restored from job A's last checkpoint
        Path checkpoint = latestCheckpoint(checkpoints);
        JobClient jobB = start(v1, kafka, checkpoints, checkpoint);
        try {
            publish(fleet, 2 * third, fleet.totalEvents());
            Map<String, JsonNode> part3 = awaitScores(fleet, 2 * third, fleet.totalEvents());
            assertThat(versions(part3.values())).as("the swapped model after the restore").containsExactly("industrial-v2");
            assertThat(part3.values()).as("no device warms up again").noneMatch(s -> s.path("warming_up").asBoolean());
        } finally {
            jobB.cancel().get(1, TimeUnit.MINUTES);
        }

        assertThat(readAll("model-control-results", "read_committed")).as("no message decided twice").hasSize(4);
        List<JsonNode> alerts = readAll("alerts", "read_committed");
        assertThat(alerts).isNotEmpty();
        for (JsonNode alert : alerts) {
            long ts = alert.path("ts").asLong();
            String version = alert.path("model_version").asText();
            if (ts < fleet.eventAt(third).ts()) {
                assertThat(version).isEqualTo(v1.version());
                assertThat(alert.path("threshold").asDouble()).isEqualTo(v1.alertSettings().h());
            } else if (ts >= fleet.eventAt(2 * third).ts()) {
                assertThat(version).isEqualTo("industrial-v2");
                assertThat(alert.path("threshold").asDouble()).as("the override is in force after the restore").isEqualTo(7.5);
            }
        }
        assertThat(alerts).as("alerts of the restored job").anyMatch(a -> a.path("ts").asLong() >= fleet.eventAt(2 * third).ts());
    }

    private static Path write(ModelBundle bundle, Path dir) {
        BundleWriter.write(bundle, Map.of("source", "test"), "2026-01-01T00:00:00Z", dir);
        return dir;
    }

    private static String sha256(Path bundle) throws IOException {
        return Sha256.hex(Files.readAllBytes(bundle.resolve(BundleLoader.MANIFEST)));
    }

    private static JobClient start(ModelBundle bundle, KafkaSettings kafka, Path checkpoints, Path restoreFrom)
            throws Exception {
        Configuration conf = new Configuration();
        CheckpointSettings.builder().interval(Duration.ofMillis(300)).storage(checkpoints.toUri().toString())
                .restartAttempts(0).build().applyTo(conf);
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        KafkaJob.attach(env, bundle, JobSettings.builder().parallelism(2).build(), kafka, BundleOverrides.none());
        return env.executeAsync("control-e2e");
    }

    private static Path latestCheckpoint(Path checkpoints) throws IOException {
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    // by number, not modification time: deleting a subsumed checkpoint's files touches its directory
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint under " + checkpoints));
        }
    }

    private static void publish(FleetSimulator fleet, long from, long to) throws Exception {
        EventJsonWriter writer = new EventJsonWriter(fleet.featureNames());
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (long i = from; i < to; i++) {
                SimulatedEvent event = fleet.eventAt(i);
                producer.send(new ProducerRecord<>("events", event.deviceId().getBytes(StandardCharsets.UTF_8),
                        writer.write(event.toSensorEvent())));
            }
            producer.flush();
        }
    }

    private static void sendControl(String json) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("model-control", json.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** The score records of events [from, to), one per event (a replay after the restore may repeat one). */
    private static Map<String, JsonNode> awaitScores(FleetSimulator fleet, long from, long to) {
        Set<String> expected = new HashSet<>();
        for (long i = from; i < to; i++) {
            SimulatedEvent e = fleet.eventAt(i);
            expected.add(e.deviceId() + "@" + e.ts());
        }
        Map<String, JsonNode> found = new HashMap<>();
        Await.until("scores of events " + from + " to " + to, WAIT, () -> {
            for (JsonNode score : readAll("scores", "read_uncommitted")) {
                String key = score.path("device_id").asText() + "@" + score.path("ts").asLong();
                if (expected.contains(key)) {
                    found.put(key, score);
                }
            }
            return found.size() == expected.size();
        });
        return found;
    }

    private static List<JsonNode> awaitRecords(String topic, int count) {
        List<List<JsonNode>> read = new ArrayList<>();
        Await.until(count + " records on " + topic, WAIT, () -> {
            read.add(0, readAll(topic, "read_committed"));
            return read.get(0).size() >= count;
        });
        return read.get(0);
    }

    private static Set<String> versions(java.util.Collection<JsonNode> scores) {
        Set<String> versions = new HashSet<>();
        scores.forEach(s -> versions.add(s.path("model_version").asText()));
        return versions;
    }

    /** Every record of the topic, in partition and offset order. */
    private static List<JsonNode> readAll(String topic, String isolation) {
        List<JsonNode> values = new ArrayList<>();
        for (byte[] value : broker.readValues(topic, isolation, Duration.ofSeconds(30))) {
            try {
                values.add(JSON.readTree(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }
}

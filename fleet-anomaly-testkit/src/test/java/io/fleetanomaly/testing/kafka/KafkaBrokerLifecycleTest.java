package io.fleetanomaly.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart, stop and a failing start, each with a broker of its own. */
class KafkaBrokerLifecycleTest {

    @Test
    void restartKeepsRecordsThenStopLeavesNoProcessAndNoDirectoryButKeepsTheLog(@TempDir Path logs) throws Exception {
        String keptBefore = System.getProperty(KafkaBroker.KEEP_LOGS_PROPERTY);
        System.setProperty(KafkaBroker.KEEP_LOGS_PROPERTY, logs.toString());
        KafkaBroker broker = new KafkaBroker();
        try {
            broker.start();
            broker.createTopic("survives", 2);
            produce(broker, "before-", 20);
            String bootstrapServers = broker.bootstrapServers();
            long pidBefore = broker.pid();

            broker.restart();

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrapServers);
            assertThat(alive(pidBefore)).isFalse();
            produce(broker, "after-", 5);
            List<String> values = TestClients.readAll(broker, "survives", "read_committed").stream()
                    .map(ConsumerRecord::value).toList();
            assertThat(values).hasSize(25)
                    .filteredOn(value -> value.startsWith("before-")).hasSize(20);

            long pid = broker.pid();
            Path directory = broker.directory();
            broker.stop();

            assertThat(broker.isRunning()).isFalse();
            assertThat(alive(pid)).isFalse();
            assertThat(directory).doesNotExist();
            Path keptLog = logs.resolve(directory.getFileName() + ".log");
            assertThat(Files.readString(keptLog)).contains("Kafka Server started");
        } finally {
            broker.stop();
            if (keptBefore == null) {
                System.clearProperty(KafkaBroker.KEEP_LOGS_PROPERTY);
            } else {
                System.setProperty(KafkaBroker.KEEP_LOGS_PROPERTY, keptBefore);
            }
        }
    }

    @Test
    void failedStartReportsTheBrokerOutputAndCleansUp() {
        // A metrics reporter class that does not exist: the log dir formats, the broker exits.
        KafkaBroker broker = new KafkaBroker(Map.of("metric.reporters", "io.fleetanomaly.NoSuchReporter"));

        IllegalStateException failure = catchThrowableOfType(IllegalStateException.class, broker::start);

        assertThat(failure).hasMessageContaining("last lines of").hasMessageContaining("NoSuchReporter");
        Matcher directory = Pattern.compile("Kafka test broker in (\\S+):").matcher(failure.getMessage());
        assertThat(directory.find()).isTrue();
        assertThat(Path.of(directory.group(1))).doesNotExist();
        assertThat(broker.isRunning()).isFalse();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void produce(KafkaBroker broker, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = TestClients.producer(broker, Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("survives", "key-" + i, prefix + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }
}

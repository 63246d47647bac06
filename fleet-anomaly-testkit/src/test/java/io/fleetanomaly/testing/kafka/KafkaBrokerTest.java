package io.fleetanomaly.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Plain and transactional clients against one real broker, started by the extension. */
class KafkaBrokerTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void answersOnLoopbackWithOneNode() throws Exception {
        assertThat(KAFKA.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(KAFKA.broker().isRunning()).isTrue();
        try (Admin admin = KAFKA.broker().admin()) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void createsATopicWithThreePartitions() throws Exception {
        KAFKA.broker().createTopic("three-partitions", 3);

        try (Admin admin = KAFKA.broker().admin()) {
            TopicDescription description = admin.describeTopics(List.of("three-partitions")).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get("three-partitions");
            assertThat(description.partitions()).hasSize(3)
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
        }
    }

    @Test
    void consumesAllHundredProducedRecordsInOrderPerPartition() throws Exception {
        KAFKA.broker().createTopic("plain", 3);
        Map<Integer, List<String>> sentByPartition = new HashMap<>();
        try (KafkaProducer<String, String> producer = TestClients.producer(KAFKA.broker(), Map.of())) {
            for (int i = 0; i < 100; i++) {
                RecordMetadata sent = producer.send(
                        new ProducerRecord<>("plain", "device-" + (i % 7), "event-" + i)).get(30, TimeUnit.SECONDS);
                sentByPartition.computeIfAbsent(sent.partition(), p -> new ArrayList<>()).add("event-" + i);
            }
        }

        List<ConsumerRecord<String, String>> records = TestClients.readAll(KAFKA.broker(), "plain", "read_uncommitted");

        Map<Integer, List<String>> readByPartition = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            readByPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.value());
        }
        assertThat(records).hasSize(100);
        assertThat(sentByPartition).hasSizeGreaterThan(1);
        assertThat(readByPartition).isEqualTo(sentByPartition);
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
        KAFKA.broker().createTopic("transactional", 3);
        // Flink's KafkaSink asks for a one-hour transaction timeout by default: the broker must allow it.
        Map<String, String> settings = Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "broker-test-tx",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(KafkaBroker.TRANSACTION_MAX_TIMEOUT.toMillis()));
        try (KafkaProducer<String, String> producer = TestClients.producer(KAFKA.broker(), settings)) {
            producer.initTransactions();
            sendInTransaction(producer, "committed-a-", 10);
            producer.commitTransaction();
            sendInTransaction(producer, "aborted-", 10);
            producer.flush();
            producer.abortTransaction();
            sendInTransaction(producer, "committed-b-", 5);
            producer.commitTransaction();
        }

        List<String> committed = values(TestClients.readAll(KAFKA.broker(), "transactional", "read_committed"));
        List<String> uncommitted = values(TestClients.readAll(KAFKA.broker(), "transactional", "read_uncommitted"));

        assertThat(committed).hasSize(15).allMatch(value -> value.startsWith("committed-"));
        assertThat(uncommitted).hasSize(25).filteredOn(value -> value.startsWith("aborted-")).hasSize(10);
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String prefix, int count) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>("transactional", "key-" + i, prefix + i));
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}

package io.fleetanomaly.testing.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients with string keys and values for the broker's own tests. */
final class TestClients {
    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    private TestClients() {}

    static KafkaProducer<String, String> producer(KafkaBroker broker, Map<String, String> settings) {
        Properties properties = broker.clientProperties();
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.putAll(settings);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(KafkaBroker broker, String isolationLevel) {
        Properties properties = broker.clientProperties();
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Every record of the topic visible at the consumer's isolation level, read from the beginning
     * up to the end offsets found first (for read_committed, the last stable offset).
     */
    static List<ConsumerRecord<String, String>> readAll(KafkaBroker broker, String topic, String isolationLevel) {
        try (KafkaConsumer<String, String> consumer = consumer(broker, isolationLevel)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("read " + records.size() + " records of " + topic
                            + ", end offsets " + end + " not reached in " + READ_LIMIT.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}

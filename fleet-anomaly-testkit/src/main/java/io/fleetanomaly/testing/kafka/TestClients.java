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

/** Plain Kafka clients for the broker's own tests (string keys and values) and its {@link KafkaBroker#readValues}. */
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
        return new KafkaConsumer<>(consumerProperties(broker, isolationLevel), new StringDeserializer(), new StringDeserializer());
    }

    /** A reader's properties: the isolation level, no group offsets committed. */
    static Properties consumerProperties(KafkaBroker broker, String isolationLevel) {
        Properties properties = broker.clientProperties();
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return properties;
    }

    /**
     * Every record of the topic visible at the consumer's isolation level, read from the beginning
     * up to the end offsets found first (for read_committed, the last stable offset).
     */
    static List<ConsumerRecord<String, String>> readAll(KafkaBroker broker, String topic, String isolationLevel) {
        try (KafkaConsumer<String, String> consumer = consumer(broker, isolationLevel)) {
            return readToEnd(consumer, topic, READ_LIMIT);
        }
    }

    /** Reads the topic with {@code consumer} from the beginning to the end offsets found first, in poll order. */
    static <K, V> List<ConsumerRecord<K, V>> readToEnd(KafkaConsumer<K, V> consumer, String topic, Duration limit) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("read " + records.size() + " records of " + topic
                        + ", end offsets " + end + " not reached in " + limit.toSeconds() + " s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}

package io.fleetanomaly.it;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.format.AlertJson;
import io.fleetanomaly.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a consumer of the job's topics sees, and how far the job has read its input. */
final class AlertTopic {
    private AlertTopic() {}

    /** Every alert a read_committed consumer sees in the topic (in partition order), up to the last stable offset. */
    static List<Alert> readCommitted(KafkaBroker broker, String topic) {
        Properties p = broker.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Alert> alerts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + end + " in 60 s");
                }
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> alerts.add(AlertJson.fromJson(new String(r.value(), StandardCharsets.UTF_8))));
            }
        }
        return alerts;
    }

    /** id/status/ts of each alert record, each once (fails on a duplicate record). */
    static List<String> records(List<Alert> alerts) {
        List<String> records = alerts.stream().map(a -> a.alertId + "/" + a.status + "/" + a.ts).sorted().toList();
        if (records.stream().distinct().count() != records.size()) {
            throw new AssertionError("duplicate alert records: " + records.stream()
                    .collect(Collectors.groupingBy(r -> r, Collectors.counting())).entrySet().stream()
                    .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList());
        }
        return records;
    }

    /**
     * Waits until the consumer group has committed offsets at the end of every partition of the
     * topic: the Kafka source commits them when a checkpoint completes, so every event of the topic
     * has then been processed and its alerts are in a committed (or committing) transaction.
     */
    static void awaitConsumed(KafkaBroker broker, String group, String topic, Duration timeout) {
        try (Admin admin = broker.admin()) {
            FlinkLocalCluster.await("group " + group + " at the end of " + topic, timeout, () -> {
                try {
                    var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
                    Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                            .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
                    var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                            || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }
}

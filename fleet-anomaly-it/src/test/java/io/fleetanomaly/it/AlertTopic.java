package io.fleetanomaly.it;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.format.AlertJson;
import io.fleetanomaly.testing.Await;
import io.fleetanomaly.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** What a consumer of the job's topics sees, and how far the job has read its input. */
final class AlertTopic {
    private AlertTopic() {}

    /** Every alert a read_committed consumer sees in the topic (in partition order), up to the last stable offset. */
    static List<Alert> readCommitted(KafkaBroker broker, String topic) {
        return broker.readValues(topic, "read_committed", Duration.ofSeconds(60)).stream()
                .map(value -> AlertJson.fromJson(new String(value, StandardCharsets.UTF_8)))
                .toList();
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
            Await.until("group " + group + " at the end of " + topic, timeout, () -> {
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

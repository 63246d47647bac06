package io.fleetanomaly.kafka;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.format.AlertJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An alert as its JSON contract, keyed by device_id so one device's alerts stay in order on one
 * partition. The Kafka record timestamp is the produce time; the alert's event time is its {@code ts}
 * field (alerts of replayed history would otherwise fall to the topic's time-based retention at once).
 */
public class AlertRecordSerializer implements KafkaRecordSerializationSchema<Alert> {
    private final String topic;

    public AlertRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Alert alert, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null,
                alert.deviceId.getBytes(StandardCharsets.UTF_8),
                AlertJson.toJson(alert).getBytes(StandardCharsets.UTF_8));
    }
}

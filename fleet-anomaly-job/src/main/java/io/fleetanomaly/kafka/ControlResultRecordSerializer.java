package io.fleetanomaly.kafka;

import io.fleetanomaly.control.ControlResult;
import io.fleetanomaly.format.ControlResultJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A control result as JSON ({@code docs/contracts.md}), keyed by its control id. */
public class ControlResultRecordSerializer implements KafkaRecordSerializationSchema<ControlResult> {
    private final String topic;

    public ControlResultRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ControlResult result, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, result.decidedAt,
                result.controlId.getBytes(StandardCharsets.UTF_8),
                ControlResultJson.toJson(result).getBytes(StandardCharsets.UTF_8));
    }
}

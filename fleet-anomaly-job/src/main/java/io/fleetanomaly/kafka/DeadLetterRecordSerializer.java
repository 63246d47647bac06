package io.fleetanomaly.kafka;

import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.format.DeadLetterJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A dead letter as JSON (raw record, reason, source topic/partition/offset), keyed by its reason. */
public class DeadLetterRecordSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private final String topic;

    public DeadLetterRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, letter.rejectedAt,
                letter.reason.name().getBytes(StandardCharsets.UTF_8),
                DeadLetterJson.toJson(letter).getBytes(StandardCharsets.UTF_8));
    }
}

package io.fleetanomaly.kafka;

import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.format.ScoreJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A per-event score record ({@link ScoreJson}), keyed by device_id; the record timestamp is the produce time. */
public class ScoreRecordSerializer implements KafkaRecordSerializationSchema<ScoredEvent> {
    private final String topic;
    private final List<String> detectorNames;
    private final List<String> featureNames;
    private transient ScoreJson json;

    public ScoreRecordSerializer(String topic, List<String> detectorNames, List<String> featureNames) {
        this.topic = topic;
        this.detectorNames = List.copyOf(detectorNames);
        this.featureNames = List.copyOf(featureNames);
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        json = new ScoreJson(detectorNames, featureNames);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ScoredEvent event, KafkaSinkContext context, Long timestamp) {
        if (json == null) {
            json = new ScoreJson(detectorNames, featureNames);
        }
        return new ProducerRecord<>(topic, null, null, event.deviceId.getBytes(StandardCharsets.UTF_8), json.write(event));
    }
}

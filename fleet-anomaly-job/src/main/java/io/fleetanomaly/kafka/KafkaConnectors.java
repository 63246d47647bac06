package io.fleetanomaly.kafka;

import io.fleetanomaly.control.ControlResult;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.ScoredEvent;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The job's Kafka source and sinks, built from {@link KafkaSettings}. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /** Events as raw records (value plus topic/partition/offset); parsing happens in the job. */
    public static KafkaSource<RawRecord> eventSource(KafkaSettings settings) {
        return rawSource(settings, settings.eventsTopic(), startingOffsets(settings.startingOffsets()));
    }

    /**
     * Control messages as raw records (read and checked in the job). Read it at parallelism 1: the
     * messages take effect in the order the source reads them, so give the topic one partition.
     */
    public static KafkaSource<RawRecord> controlSource(KafkaSettings settings) {
        OffsetsInitializer start = settings.controlStartingOffsets() == StartingOffsets.COMMITTED
                ? OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST)
                : startingOffsets(settings.controlStartingOffsets());
        return rawSource(settings, settings.controlTopic(), start);
    }

    private static KafkaSource<RawRecord> rawSource(KafkaSettings settings, String topic, OffsetsInitializer start) {
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(topic)
                .setGroupId(settings.groupId())
                .setStartingOffsets(start)
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(settings.clientProperties());
        if (settings.boundedAtLatest()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Control results, exactly once: a result is visible once what it reports is in a completed checkpoint. */
    public static KafkaSink<ControlResult> controlResultSink(KafkaSettings settings) {
        return exactlyOnceSink(settings, new ControlResultRecordSerializer(settings.controlResultsTopic()), "-control-results");
    }

    /**
     * Alerts with exactly-once delivery: written in Kafka transactions committed with Flink's
     * checkpoints, so a read_committed consumer sees every alert once, across failures.
     */
    public static KafkaSink<Alert> alertSink(KafkaSettings settings) {
        return exactlyOnceSink(settings, alertProducerProperties(settings), new AlertRecordSerializer(settings.alertsTopic()),
                "-alerts");
    }

    /**
     * The alert sink's producer: the pass-through client properties, and {@code linger.ms} 0 unless
     * they set it. Alerts are few, so waiting up to Kafka's default 5 ms for others to batch with
     * buys nothing but latency; transactions (exactly once) commit with the checkpoint whatever the
     * linger, which only decides when a record leaves the producer's buffer within its transaction.
     */
    static Properties alertProducerProperties(KafkaSettings settings) {
        Properties properties = settings.clientProperties();
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        return properties;
    }

    /** Records written in Kafka transactions committed with Flink's checkpoints, transactional ids {@code prefix + suffix}. */
    private static <T> KafkaSink<T> exactlyOnceSink(KafkaSettings settings, KafkaRecordSerializationSchema<T> serializer,
            String transactionalIdSuffix) {
        return exactlyOnceSink(settings, settings.clientProperties(), serializer, transactionalIdSuffix);
    }

    private static <T> KafkaSink<T> exactlyOnceSink(KafkaSettings settings, Properties producerProperties,
            KafkaRecordSerializationSchema<T> serializer, String transactionalIdSuffix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setKafkaProducerConfig(producerProperties)
                .setProperty("transaction.timeout.ms", Long.toString(settings.transactionTimeout().toMillis()))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.transactionalIdPrefix() + transactionalIdSuffix)
                .build();
    }

    /** Dead letters, at least once: nothing is lost; after a failure a letter may appear twice. */
    public static KafkaSink<DeadLetter> deadLetterSink(KafkaSettings settings) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setKafkaProducerConfig(settings.clientProperties())
                .setRecordSerializer(new DeadLetterRecordSerializer(settings.deadLettersTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /**
     * Per-event scores for dashboards, at least once: after a failure, the events since the last
     * checkpoint are scored and written again (same values; a consumer keeps the last per device and ts).
     */
    public static KafkaSink<ScoredEvent> scoreSink(KafkaSettings settings, List<String> detectorNames,
            List<String> featureNames) {
        return KafkaSink.<ScoredEvent>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setKafkaProducerConfig(settings.clientProperties())
                .setRecordSerializer(new ScoreRecordSerializer(settings.scoresTopic(), detectorNames, featureNames))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    static OffsetsInitializer startingOffsets(StartingOffsets offsets) {
        return switch (offsets) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }
}

package io.fleetanomaly.kafka;

import io.fleetanomaly.bundle.BundleOverrides;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.job.FleetAnomalyJob;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.job.JobStreams;
import io.fleetanomaly.job.control.ControlSettings;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The production wiring: events from Kafka, alerts to Kafka exactly-once (keyed by device_id),
 * dead letters (rejected and late records) to their own topic, optionally per-event scores, through the same job graph as the embedded run. Checkpointing
 * comes from the environment's configuration ({@code CheckpointSettings}). With
 * {@code kafka.control_topic}, model swaps and alerting overrides are read from it while the job
 * runs, and their results written to {@code kafka.control_results_topic}.
 */
public final class KafkaJob {
    private KafkaJob() {}

    public static JobStreams attach(StreamExecutionEnvironment env, ModelBundle bundle, JobSettings settings,
            KafkaSettings kafka) {
        return attach(env, bundle, settings, kafka, BundleOverrides.none());
    }

    /**
     * @param overrides the configuration's overrides, applied to each bundle the control topic swaps
     *     in as they were to {@code bundle} (used with {@code kafka.control_topic})
     */
    public static JobStreams attach(StreamExecutionEnvironment env, ModelBundle bundle, JobSettings settings,
            KafkaSettings kafka, BundleOverrides overrides) {
        boolean writeScores = kafka.scoresTopic() != null;
        FleetAnomalyJob.Builder job = FleetAnomalyJob.builder(bundle)
                .settings(writeScores ? settings.toBuilder().emitScores(true).build() : settings)
                .input(e -> e.fromSource(KafkaConnectors.eventSource(kafka), WatermarkStrategy.noWatermarks(), "kafka-events")
                        .uid("kafka-events"))
                .alertSink(KafkaConnectors.alertSink(kafka))
                .deadLetterSink(KafkaConnectors.deadLetterSink(kafka));
        if (writeScores) {
            job.scoreSink(KafkaConnectors.scoreSink(kafka, List.of(bundle.detectorNames()), bundle.features()));
        }
        if (kafka.controlTopic() != null) {
            job.control(e -> e.fromSource(KafkaConnectors.controlSource(kafka), WatermarkStrategy.noWatermarks(), "kafka-control")
                            .setParallelism(1)
                            .uid("kafka-control"),
                    ControlSettings.defaults(overrides));
            if (kafka.controlResultsTopic() != null) {
                job.controlResultSink(KafkaConnectors.controlResultSink(kafka));
            }
        }
        return job.build().attachTo(env);
    }
}

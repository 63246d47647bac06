package io.fleetanomaly.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.kafka.KafkaJob;
import io.fleetanomaly.kafka.KafkaSettings;
import io.fleetanomaly.kafka.StartingOffsets;
import io.fleetanomaly.simulator.FleetPublisher;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import io.fleetanomaly.testing.kafka.KafkaBroker;
import io.fleetanomaly.testing.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With Kafka input the status line also reads the source's consumer lag, the Kafka connector's own gauge. */
class KafkaLiveStatusTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void theStatusLineCarriesTheConsumerLagOfTheKafkaSource() throws Exception {
        KafkaBroker broker = KAFKA.broker();
        KafkaSettings kafka = KafkaSettings.builder().bootstrapServers(broker.bootstrapServers())
                .eventsTopic("status-events").alertsTopic("status-alerts").deadLettersTopic("status-dead-letters")
                .groupId("status").startingOffsets(StartingOffsets.EARLIEST).transactionalIdPrefix("status")
                .transactionTimeout(Duration.ofMinutes(5)).boundedAtLatest(true).build();
        broker.createTopic(kafka.eventsTopic(), 2);
        broker.createTopic(kafka.alertsTopic(), 1);
        broker.createTopic(kafka.deadLettersTopic(), 1);
        SimulatorSettings fleet = SimulatorSettings.builder()
                .profile(SimulatorProfile.INDUSTRIAL).devices(4).eventsPerDevice(200).seed(5).build();
        FleetPublisher.publish(fleet, broker.bootstrapServers(), kafka.eventsTopic(), new Properties(), 0, n -> {});

        LiveMetrics metrics = LiveMetrics.create();
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2,
                    metrics.configure(new Configuration()));
            KafkaJob.attach(env, TestBundles.shipped(SimulatorProfile.INDUSTRIAL),
                    JobSettings.builder().parallelism(2).build(), kafka);
            env.execute("status-kafka");

            assertThat(metrics.sum("events_accepted")).isEqualTo(fleet.totalEvents());
            assertThat(metrics.has("pendingRecords")).isTrue();
            assertThat(metrics.sum("pendingRecords")).isZero(); // read to the end
            assertThat(LiveStatus.describe(metrics, 0, 0, 0)).contains("consumer lag 0");
        } finally {
            metrics.close();
        }
    }
}

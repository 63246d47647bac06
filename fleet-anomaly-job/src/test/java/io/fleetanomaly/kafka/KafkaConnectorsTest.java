package io.fleetanomaly.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectorsTest {
    private static KafkaSettings settings(Map<String, String> clientProperties) {
        return KafkaSettings.builder().bootstrapServers("127.0.0.1:9092").eventsTopic("events").alertsTopic("alerts")
                .deadLettersTopic("dead-letters").clientProperties(clientProperties).build();
    }

    @Test
    void theAlertSinksProducerSendsWithoutLingerAndKeepsThePassThroughProperties() {
        KafkaSettings kafka = settings(Map.of("security.protocol", "PLAINTEXT"));
        assertThat(KafkaConnectors.alertProducerProperties(kafka))
                .containsEntry("linger.ms", "0")
                .containsEntry("security.protocol", "PLAINTEXT");
        assertThat(kafka.clientProperties()).as("the other clients keep Kafka's default linger").doesNotContainKey("linger.ms");
    }

    @Test
    void aLingerTheConfigurationSetsIsKept() {
        assertThat(KafkaConnectors.alertProducerProperties(settings(Map.of("linger.ms", "5"))))
                .containsEntry("linger.ms", "5");
    }
}

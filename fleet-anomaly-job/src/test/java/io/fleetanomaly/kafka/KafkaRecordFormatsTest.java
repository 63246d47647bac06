package io.fleetanomaly.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.Severity;
import io.fleetanomaly.format.AlertJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaRecordFormatsTest {
    @Test
    void rawRecordsKeepValueAndPosition() {
        List<RawRecord> out = new ArrayList<>();
        Collector<RawRecord> collector = new Collector<>() {
            @Override
            public void collect(RawRecord record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
        RawRecordDeserializer deserializer = new RawRecordDeserializer();
        deserializer.deserialize(new ConsumerRecord<>("events", 2, 41L, null, "{}".getBytes(StandardCharsets.UTF_8)), collector);
        deserializer.deserialize(new ConsumerRecord<>("events", 0, 7L, null, null), collector);
        assertThat(out).hasSize(2);
        assertThat(new String(out.get(0).value, StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(out.get(0).sourceTopic).isEqualTo("events");
        assertThat(out.get(0).sourcePartition).isEqualTo(2);
        assertThat(out.get(0).sourceOffset).isEqualTo(41L);
        assertThat(out.get(1).value).as("a tombstone becomes an empty record (EMPTY dead letter)").isEmpty();
    }

    @Test
    void alertsAreKeyedByDeviceAndCarryTheJsonContract() {
        Alert alert = new Alert();
        alert.alertId = "pump-0001/5";
        alert.deviceId = "pump-0001";
        alert.status = AlertStatus.OPEN;
        alert.severity = Severity.HIGH;
        alert.openedAt = 5;
        alert.ts = 5;
        alert.detectorNames = new String[] {"iforest"};
        alert.detectorScores = new double[] {3};
        alert.detectorWeights = new double[] {1};
        alert.topSensorNames = new String[0];
        alert.topSensorContributions = new double[0];
        ProducerRecord<byte[], byte[]> record = new AlertRecordSerializer("alerts").serialize(alert, null, null);
        assertThat(record.topic()).isEqualTo("alerts");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("pump-0001");
        assertThat(record.timestamp()).as("produce time, not the old event time").isNull();
        assertThat(AlertJson.fromJson(new String(record.value(), StandardCharsets.UTF_8)).alertId).isEqualTo("pump-0001/5");
    }

    @Test
    void deadLettersKeepTheirSourcePosition() {
        DeadLetter letter = new DeadLetter(new RawRecord("x".getBytes(StandardCharsets.UTF_8), "events", 1, 99L),
                DeadLetterReason.NOT_JSON, "bad", 7L);
        ProducerRecord<byte[], byte[]> record = new DeadLetterRecordSerializer("dlq").serialize(letter, null, null);
        String json = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"source_topic\":\"events\"").contains("\"source_partition\":1")
                .contains("\"source_offset\":99").contains("\"reason\":\"NOT_JSON\"");
    }

    @Test
    void clientPropertiesKafkaWouldRefuseAreOneLineNamingThePropertyWithoutItsValue() {
        // issue 12: a malformed sasl.jaas.config ended in a 32-line stack trace from inside the admin client
        assertThatThrownBy(() -> KafkaSettings.builder().bootstrapServers("127.0.0.1:9092")
                .clientProperties(Map.of("sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cret\""))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sasl.jaas.config is not a valid JAAS configuration")
                .hasMessageContaining("semi-colon")
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> KafkaSettings.builder().bootstrapServers("127.0.0.1:9092")
                .clientProperties(Map.of("retries", "many-s3cret")).build())
                .hasMessageContaining("retries")
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> KafkaSettings.builder().bootstrapServers("127.0.0.1:9092")
                .clientProperties(Map.of("security.protocol", "SASL_PLAINTEXTT")).build())
                .hasMessageContaining("security.protocol");
    }

    @Test
    void settingsNeverShowSecretValuesAndNameMissingKeys() {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cret\";";
        KafkaSettings settings = KafkaSettings.builder().bootstrapServers("127.0.0.1:9092")
                .clientProperties(Map.of("sasl.jaas.config", jaas)).build();
        assertThat(settings.toString()).contains("sasl.jaas.config").doesNotContain("s3cret");
        assertThat(settings.clientProperties()).containsEntry("sasl.jaas.config", jaas);
        assertThatThrownBy(() -> KafkaSettings.builder().build()).hasMessageContaining("kafka.bootstrap_servers is required");
        assertThat(StartingOffsets.parse("Earliest")).isEqualTo(StartingOffsets.EARLIEST);
        assertThatThrownBy(() -> StartingOffsets.parse("middle")).hasMessageContaining("committed, earliest or latest");
    }
}

package io.fleetanomaly.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertResolution;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.Severity;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    private static Alert sample(AlertStatus status) {
        Alert alert = new Alert();
        alert.alertId = "pump-0042/1763800000000";
        alert.deviceId = "pump-0042";
        alert.status = status;
        alert.severity = Severity.HIGH;
        alert.severityScore = 0.83;
        alert.openedAt = 1763800000000L;
        alert.ts = 1763800004000L;
        alert.score = 7.4;
        alert.cusum = 12.9;
        alert.threshold = 5.0;
        alert.detectorNames = new String[] {"iforest", "mahalanobis"};
        alert.detectorScores = new double[] {3.2, 9.8};
        alert.detectorWeights = new double[] {0.5, 0.5};
        alert.topSensorNames = new String[] {"vibration_mm_s"};
        alert.topSensorContributions = new double[] {0.71};
        alert.modelVersion = "industrial-5@2026-11-22";
        alert.durationMs = 4000;
        alert.peakScore = 9.1;
        alert.peakSeverity = Severity.CRITICAL;
        alert.resolution = AlertResolution.SETTLED_AT_NEW_LEVEL;
        return alert;
    }

    @Test
    void writesTheContractShape() throws Exception {
        JsonNode json = new ObjectMapper().readTree(AlertJson.toJson(sample(AlertStatus.OPEN)));
        assertThat(json.path("alert_id").asText()).isEqualTo("pump-0042/1763800000000");
        assertThat(json.path("status").asText()).isEqualTo("OPEN");
        assertThat(json.path("severity").asText()).isEqualTo("HIGH");
        assertThat(json.path("detectors").path("mahalanobis").path("score").asDouble()).isEqualTo(9.8);
        assertThat(json.path("detectors").path("iforest").path("weight").asDouble()).isEqualTo(0.5);
        assertThat(json.path("top_sensors").get(0).path("name").asText()).isEqualTo("vibration_mm_s");
        assertThat(json.path("model_version").asText()).isEqualTo("industrial-5@2026-11-22");
        assertThat(json.has("duration_ms")).isFalse();
    }

    @Test
    void roundTripsIncludingResolvedFields() {
        String json = AlertJson.toJson(sample(AlertStatus.RESOLVED));
        assertThat(json).contains("\"resolution\":\"settled_at_new_level\"");
        Alert back = AlertJson.fromJson(json);
        assertThat(back).usingRecursiveComparison().isEqualTo(sample(AlertStatus.RESOLVED));
    }

    @Test
    void rejectsNonJson() {
        assertThatThrownBy(() -> AlertJson.fromJson("{oops")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadLetterKeepsTextOrBase64AndSource() throws Exception {
        RawRecord text = new RawRecord("not json".getBytes(StandardCharsets.UTF_8), "events", 3, 77L);
        JsonNode json = new ObjectMapper().readTree(
                DeadLetterJson.toJson(new DeadLetter(text, DeadLetterReason.NOT_JSON, "bad", 5L)));
        assertThat(json.path("raw").asText()).isEqualTo("not json");
        assertThat(json.path("reason").asText()).isEqualTo("NOT_JSON");
        assertThat(json.path("source_partition").asInt()).isEqualTo(3);
        assertThat(json.path("source_offset").asLong()).isEqualTo(77L);

        RawRecord binary = RawRecord.of(new byte[] {(byte) 0xff, 0x01}, "simulator");
        JsonNode b = new ObjectMapper().readTree(
                DeadLetterJson.toJson(new DeadLetter(binary, DeadLetterReason.NOT_JSON, "bad", 5L)));
        assertThat(b.path("raw_base64").asText()).isEqualTo("/wE=");
        assertThat(b.has("source_partition")).isFalse();
    }
}

package io.fleetanomaly.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertResolution;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.Severity;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes and reads the alert JSON contract of DESIGN.md. */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    public static String toJson(Alert alert) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("alert_id", alert.alertId);
        root.put("device_id", alert.deviceId);
        root.put("status", alert.status.name());
        root.put("severity", alert.severity.name());
        root.put("severity_score", round(alert.severityScore));
        root.put("opened_at", alert.openedAt);
        root.put("ts", alert.ts);
        root.put("score", round(alert.score));
        root.put("cusum", round(alert.cusum));
        root.put("threshold", alert.threshold);
        ObjectNode detectors = root.putObject("detectors");
        for (int i = 0; i < alert.detectorNames.length; i++) {
            ObjectNode detector = detectors.putObject(alert.detectorNames[i]);
            detector.put("score", round(alert.detectorScores[i]));
            detector.put("weight", round(alert.detectorWeights[i]));
        }
        ArrayNode sensors = root.putArray("top_sensors");
        for (int i = 0; i < alert.topSensorNames.length; i++) {
            ObjectNode sensor = sensors.addObject();
            sensor.put("name", alert.topSensorNames[i]);
            sensor.put("contribution", round(alert.topSensorContributions[i]));
        }
        root.put("model_version", alert.modelVersion);
        if (alert.status == AlertStatus.RESOLVED) {
            root.put("duration_ms", alert.durationMs);
            root.put("peak_score", round(alert.peakScore));
            root.put("peak_severity", alert.peakSeverity == null ? null : alert.peakSeverity.name());
            root.put("resolution", alert.resolution == null ? null : alert.resolution.jsonName());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Alert fromJson(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an alert JSON document: " + e.getOriginalMessage(), e);
        }
        Alert alert = new Alert();
        alert.alertId = root.path("alert_id").asText(null);
        alert.deviceId = root.path("device_id").asText(null);
        alert.status = AlertStatus.valueOf(root.path("status").asText());
        alert.severity = Severity.valueOf(root.path("severity").asText());
        alert.severityScore = root.path("severity_score").asDouble();
        alert.openedAt = root.path("opened_at").asLong();
        alert.ts = root.path("ts").asLong();
        alert.score = root.path("score").asDouble();
        alert.cusum = root.path("cusum").asDouble();
        alert.threshold = root.path("threshold").asDouble();
        List<String> names = new ArrayList<>();
        List<double[]> scoreAndWeight = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("detectors").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            names.add(entry.getKey());
            scoreAndWeight.add(new double[] {
                entry.getValue().path("score").asDouble(), entry.getValue().path("weight").asDouble()});
        }
        alert.detectorNames = names.toArray(new String[0]);
        alert.detectorScores = scoreAndWeight.stream().mapToDouble(p -> p[0]).toArray();
        alert.detectorWeights = scoreAndWeight.stream().mapToDouble(p -> p[1]).toArray();
        JsonNode sensors = root.path("top_sensors");
        alert.topSensorNames = new String[sensors.size()];
        alert.topSensorContributions = new double[sensors.size()];
        for (int i = 0; i < sensors.size(); i++) {
            alert.topSensorNames[i] = sensors.get(i).path("name").asText();
            alert.topSensorContributions[i] = sensors.get(i).path("contribution").asDouble();
        }
        alert.modelVersion = root.path("model_version").asText(null);
        if (alert.status == AlertStatus.RESOLVED) {
            alert.durationMs = root.path("duration_ms").asLong();
            alert.peakScore = root.path("peak_score").asDouble();
            String peak = root.path("peak_severity").asText(null);
            alert.peakSeverity = peak == null ? null : Severity.valueOf(peak);
            String resolution = root.path("resolution").asText(null);
            alert.resolution = resolution == null ? null : AlertResolution.ofJsonName(resolution);
        }
        return alert;
    }

    /** Four decimals are plenty for people and dashboards, and keep lines short. */
    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 10_000.0) / 10_000.0 : value;
    }
}

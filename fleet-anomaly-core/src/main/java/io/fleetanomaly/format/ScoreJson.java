package io.fleetanomaly.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fleetanomaly.events.ScoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes one per-event score record (the optional scores output, for dashboards):
 * <pre>
 * {"device_id":"pump-0001","ts":1767225600000,"warming_up":false,"fused_score":1.7,
 *  "scores":{"iforest":1.2,"mahalanobis":2.3,"lstm_ae":1.5},
 *  "contributions":{"temperature_c":0.6,...},"cusum":0.4,"alert_id":null,"severity_score":null,"model_version":"industrial-5"}
 * </pre>
 * A score that does not exist (warm-up) is written as {@code null}. Detectors and sensors are named
 * as the event's model names them ({@link ScoredEvent#detectorNames}, set by the alert function),
 * else as given here. Not thread-safe.
 */
public final class ScoreJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final String[] detectorNames;
    private final String[] featureNames;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

    public ScoreJson(List<String> detectorNames, List<String> featureNames) {
        this.detectorNames = detectorNames.toArray(new String[0]);
        this.featureNames = featureNames.toArray(new String[0]);
    }

    public byte[] write(ScoredEvent event) {
        buffer.reset();
        try (JsonGenerator gen = FACTORY.createGenerator(buffer)) {
            gen.writeStartObject();
            gen.writeStringField("device_id", event.deviceId);
            gen.writeNumberField("ts", event.ts);
            gen.writeBooleanField("warming_up", event.warmingUp);
            gen.writeFieldName("fused_score");
            writeNumber(gen, event.warmingUp ? Double.NaN : event.fusedScore);
            writeObject(gen, "scores", event.detectorNames != null ? event.detectorNames : detectorNames,
                    event.warmingUp ? null : event.detectorScores);
            writeObject(gen, "contributions", event.featureNames != null ? event.featureNames : featureNames,
                    event.warmingUp ? null : event.sensorContributions);
            gen.writeFieldName("cusum");
            writeNumber(gen, event.cusum);
            gen.writeStringField("alert_id", event.openAlertId);
            gen.writeFieldName("severity_score");
            writeNumber(gen, event.openAlertId == null ? Double.NaN : event.severityScore);
            if (event.modelVersion != null) {
                gen.writeStringField("model_version", event.modelVersion);
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeObject(JsonGenerator gen, String field, String[] names, double[] values) throws IOException {
        gen.writeObjectFieldStart(field);
        for (int i = 0; i < names.length; i++) {
            gen.writeFieldName(names[i]);
            writeNumber(gen, values == null || i >= values.length ? Double.NaN : values[i]);
        }
        gen.writeEndObject();
    }

    private static void writeNumber(JsonGenerator gen, double value) throws IOException {
        if (Double.isFinite(value)) {
            gen.writeNumber(value);
        } else {
            gen.writeNull();
        }
    }
}

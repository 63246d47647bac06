package io.fleetanomaly.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fleetanomaly.events.SensorEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the sensor-event JSON contract. A {@link Double#NaN} value is written as {@code null}
 * (a missing reading). Not thread-safe: one writer per thread or operator instance.
 */
public final class EventJsonWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final String[] featureNames;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

    public EventJsonWriter(List<String> featureNames) {
        this.featureNames = featureNames.toArray(new String[0]);
    }

    public byte[] write(SensorEvent event) {
        return write(event.deviceId, event.ts, event.values, event.label, event.anomalyType);
    }

    /** @param label 0/1, or {@link SensorEvent#LABEL_UNKNOWN} to leave label fields out. */
    public byte[] write(String deviceId, long ts, double[] values, int label, String anomalyType) {
        if (values.length != featureNames.length) {
            throw new IllegalArgumentException(
                    "expected " + featureNames.length + " values, got " + values.length);
        }
        buffer.reset();
        try (JsonGenerator gen = FACTORY.createGenerator(buffer)) {
            gen.writeStartObject();
            gen.writeStringField("device_id", deviceId);
            gen.writeNumberField("ts", ts);
            gen.writeObjectFieldStart("readings");
            for (int i = 0; i < values.length; i++) {
                gen.writeFieldName(featureNames[i]);
                if (Double.isNaN(values[i])) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(values[i]);
                }
            }
            gen.writeEndObject();
            if (label != SensorEvent.LABEL_UNKNOWN) {
                gen.writeNumberField("label", label);
                if (anomalyType == null) {
                    gen.writeNullField("anomaly_type");
                } else {
                    gen.writeStringField("anomaly_type", anomalyType);
                }
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}

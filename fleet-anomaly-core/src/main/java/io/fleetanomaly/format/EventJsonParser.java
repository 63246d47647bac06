package io.fleetanomaly.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.SensorEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates the sensor-event JSON contract with Jackson's streaming parser (no tree
 * per event). Readings are placed in the model's feature order; readings the model does not know
 * are ignored; a missing or null reading becomes NaN. Anything else wrong is a rejection with a
 * {@link DeadLetterReason} and a detail naming the field.
 */
public final class EventJsonParser {
    /** Device ids longer than this are rejected: they are almost certainly garbage. */
    static final int MAX_DEVICE_ID_LENGTH = 256;

    /** Marks a timestamp that is valid ISO-8601 but does not fit in epoch milliseconds. */
    private static final long TS_BEYOND_EPOCH_MILLIS = Long.MIN_VALUE + 1;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final String[] featureNames;
    private final Map<String, Integer> featureIndex = new HashMap<>();
    private final TimestampRange timestampRange;

    public EventJsonParser(List<String> featureNames, TimestampRange timestampRange) {
        this.featureNames = featureNames.toArray(new String[0]);
        for (int i = 0; i < this.featureNames.length; i++) {
            featureIndex.put(this.featureNames[i], i);
        }
        this.timestampRange = timestampRange;
    }

    public ParseOutcome parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return ParseOutcome.rejected(DeadLetterReason.EMPTY, "empty record");
        }
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return parseObject(parser);
        } catch (JsonParseException e) {
            return ParseOutcome.rejected(DeadLetterReason.NOT_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            return ParseOutcome.rejected(DeadLetterReason.NOT_JSON, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // A record must never stop the job: whatever the parser did not foresee is a dead letter.
            return ParseOutcome.failure("the parser failed on this record: " + e);
        }
    }

    private ParseOutcome parseObject(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return ParseOutcome.rejected(DeadLetterReason.NOT_AN_OBJECT, "top-level value is not a JSON object");
        }
        String deviceId = null;
        long ts = Long.MIN_VALUE;
        double[] values = null;
        int label = SensorEvent.LABEL_UNKNOWN;
        String anomalyType = null;

        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "device_id":
                    if (token != JsonToken.VALUE_STRING) {
                        return ParseOutcome.rejected(DeadLetterReason.INVALID_DEVICE_ID, "device_id must be a string");
                    }
                    deviceId = parser.getText();
                    break;
                case "ts":
                    ts = parseTimestamp(parser, token);
                    if (ts == TS_BEYOND_EPOCH_MILLIS) {
                        return ParseOutcome.rejected(DeadLetterReason.TIMESTAMP_OUT_OF_RANGE,
                                "ts " + describe(parser, token) + " is beyond the range of epoch milliseconds");
                    }
                    if (ts == Long.MIN_VALUE) {
                        return ParseOutcome.rejected(DeadLetterReason.INVALID_TIMESTAMP,
                                "ts must be epoch milliseconds or an ISO-8601 string, got " + describe(parser, token));
                    }
                    break;
                case "readings":
                    if (token != JsonToken.START_OBJECT) {
                        return ParseOutcome.rejected(DeadLetterReason.MISSING_READINGS, "readings must be an object");
                    }
                    values = new double[featureNames.length];
                    java.util.Arrays.fill(values, Double.NaN);
                    ParseOutcome bad = parseReadings(parser, values);
                    if (bad != null) {
                        return bad;
                    }
                    break;
                case "label":
                    if (token == JsonToken.VALUE_NUMBER_INT && (parser.getIntValue() == 0 || parser.getIntValue() == 1)) {
                        label = parser.getIntValue();
                    } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                        label = token == JsonToken.VALUE_TRUE ? 1 : 0;
                    } else if (token != JsonToken.VALUE_NULL) {
                        return ParseOutcome.rejected(DeadLetterReason.INVALID_LABEL, "label must be 0, 1 or null");
                    }
                    break;
                case "anomaly_type":
                    anomalyType = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    parser.skipChildren();
                    break;
                default:
                    parser.skipChildren();
            }
        }
        if (deviceId == null) {
            return ParseOutcome.rejected(DeadLetterReason.MISSING_DEVICE_ID, "no device_id");
        }
        if (deviceId.isBlank() || deviceId.length() > MAX_DEVICE_ID_LENGTH) {
            return ParseOutcome.rejected(DeadLetterReason.INVALID_DEVICE_ID,
                    "device_id must be non-blank and at most " + MAX_DEVICE_ID_LENGTH + " characters");
        }
        if (ts == Long.MIN_VALUE) {
            return ParseOutcome.rejected(DeadLetterReason.MISSING_TIMESTAMP, "no ts");
        }
        if (!timestampRange.contains(ts)) {
            return ParseOutcome.rejected(DeadLetterReason.TIMESTAMP_OUT_OF_RANGE,
                    "ts " + ts + " (" + Instant.ofEpochMilli(ts) + ") is outside " + timestampRange);
        }
        if (values == null) {
            return ParseOutcome.rejected(DeadLetterReason.MISSING_READINGS, "no readings");
        }
        if (allNaN(values)) {
            return ParseOutcome.rejected(DeadLetterReason.MISSING_READINGS,
                    "readings hold none of the model's features " + String.join(", ", featureNames));
        }
        return ParseOutcome.accepted(new SensorEvent(deviceId, ts, values, label, anomalyType));
    }

    /** Returns null when all readings are acceptable, else the rejection. */
    private ParseOutcome parseReadings(JsonParser parser, double[] values) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            Integer index = featureIndex.get(name);
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                double value = parser.getDoubleValue();
                if (!Double.isFinite(value)) {
                    return ParseOutcome.rejected(DeadLetterReason.NON_FINITE_READING,
                            "reading " + name + " is " + parser.getText());
                }
                if (index != null) {
                    values[index] = value;
                }
            } else if (token == JsonToken.VALUE_NULL) {
                // missing: stays NaN
            } else {
                return ParseOutcome.rejected(DeadLetterReason.NON_NUMERIC_READING,
                        "reading " + name + " is not a number: " + describe(parser, token));
            }
        }
        return null;
    }

    private static long parseTimestamp(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            try {
                return toEpochMilli(Instant.parse(text));
            } catch (DateTimeParseException e) {
                try {
                    return toEpochMilli(OffsetDateTime.parse(text).toInstant());
                } catch (DateTimeParseException e2) {
                    return Long.MIN_VALUE;
                }
            }
        }
        parser.skipChildren();
        return Long.MIN_VALUE;
    }

    /** An instant Java can hold (years up to ±1,000,000,000) may not fit in a long of milliseconds. */
    private static long toEpochMilli(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return TS_BEYOND_EPOCH_MILLIS;
        }
    }

    private static String describe(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return token == JsonToken.START_OBJECT ? "an object" : "an array";
        }
        return token.isScalarValue() ? "'" + parser.getText() + "'" : String.valueOf(token);
    }

    private static boolean allNaN(double[] values) {
        for (double v : values) {
            if (!Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }
}

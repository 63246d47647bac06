package io.fleetanomaly.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.SensorEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates the sensor-event JSON contract with Jackson's streaming parser (no tree
 * per event). Readings are placed in the model's feature order; readings the model does not know
 * are ignored; a missing or null reading becomes NaN. Anything else wrong is a rejection with a
 * {@link DeadLetterReason} and a short detail naming the field. No input makes it throw.
 */
public final class EventJsonParser {
    /** Device ids longer than this are rejected: they are almost certainly garbage. */
    static final int MAX_DEVICE_ID_LENGTH = 256;
    /** Ground-truth anomaly types longer than this are rejected. */
    static final int MAX_ANOMALY_TYPE_LENGTH = 256;
    /** Default of {@code validation.max_record_bytes}: 20 times the largest event a 64-feature bundle reads. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
    /** Objects and arrays nested deeper than this are rejected (the contract needs 2). */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Numbers written with more characters than this are rejected (a double needs about 25). */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** How much of an offending value a detail quotes. */
    private static final int QUOTED_CHARS = 64;

    /**
     * {@link StreamReadFeature#USE_FAST_DOUBLE_PARSER}: Jackson's FastDoubleParser instead of
     * {@link Double#parseDouble} (a quarter of the parse step's CPU). Both round correctly to the
     * nearest double, so every reading parses to the same bits.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build();

    private static final int FIELD_DEVICE_ID = 1;
    private static final int FIELD_TS = 2;
    private static final int FIELD_READINGS = 4;
    private static final int FIELD_LABEL = 8;
    private static final int FIELD_ANOMALY_TYPE = 16;

    private final String[] featureNames;
    private final Map<String, Integer> featureIndex = new HashMap<>();
    private final TimestampRange timestampRange;
    private final int maxRecordBytes;

    public EventJsonParser(List<String> featureNames, TimestampRange timestampRange) {
        this(featureNames, timestampRange, DEFAULT_MAX_RECORD_BYTES);
    }

    public EventJsonParser(List<String> featureNames, TimestampRange timestampRange, int maxRecordBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max record bytes must be >= 1, got " + maxRecordBytes);
        }
        this.featureNames = featureNames.toArray(new String[0]);
        for (int i = 0; i < this.featureNames.length; i++) {
            featureIndex.put(this.featureNames[i], i);
        }
        this.timestampRange = timestampRange;
        this.maxRecordBytes = maxRecordBytes;
    }

    public ParseOutcome parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return ParseOutcome.rejected(DeadLetterReason.EMPTY, "empty record");
        }
        if (bytes.length > maxRecordBytes) {
            return ParseOutcome.rejected(DeadLetterReason.TOO_LARGE, "record of " + bytes.length
                    + " bytes is larger than validation.max_record_bytes (" + maxRecordBytes + ")");
        }
        if (!looksLikeUtf8(bytes)) {
            return ParseOutcome.rejected(DeadLetterReason.NOT_JSON, "not UTF-8 (a UTF-16 or UTF-32 byte order or NUL byte at the start)");
        }
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return parseObject(parser);
        } catch (StreamConstraintsException e) {
            return ParseOutcome.rejected(DeadLetterReason.TOO_LARGE, firstLine(e.getOriginalMessage()));
        } catch (JsonParseException e) {
            return ParseOutcome.rejected(DeadLetterReason.NOT_JSON, firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            return ParseOutcome.rejected(DeadLetterReason.NOT_JSON, firstLine(e.getMessage()));
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
        long ts = 0;
        boolean hasTs = false;
        double[] values = null;
        int label = SensorEvent.LABEL_UNKNOWN;
        String anomalyType = null;
        int seen = 0;

        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            int bit = fieldBit(field);
            if ((seen & bit) != 0) {
                return ParseOutcome.rejected(DeadLetterReason.DUPLICATE_FIELD, "field " + field + " appears more than once");
            }
            seen |= bit;
            switch (bit) {
                case FIELD_DEVICE_ID:
                    if (token != JsonToken.VALUE_STRING) {
                        return ParseOutcome.rejected(DeadLetterReason.INVALID_DEVICE_ID,
                                "device_id must be a string, got " + describe(parser, token));
                    }
                    if (parser.getTextLength() > MAX_DEVICE_ID_LENGTH) {
                        return ParseOutcome.rejected(DeadLetterReason.INVALID_DEVICE_ID, "device_id of "
                                + parser.getTextLength() + " characters is longer than " + MAX_DEVICE_ID_LENGTH);
                    }
                    deviceId = parser.getText();
                    break;
                case FIELD_TS:
                    ParsedTimestamp parsed = parseTimestamp(parser, token);
                    if (parsed.reason() != null) {
                        return ParseOutcome.rejected(parsed.reason(), parsed.problem());
                    }
                    ts = parsed.millis();
                    hasTs = true;
                    break;
                case FIELD_READINGS:
                    if (token != JsonToken.START_OBJECT) {
                        return ParseOutcome.rejected(DeadLetterReason.MISSING_READINGS,
                                "readings must be an object, got " + describe(parser, token));
                    }
                    values = new double[featureNames.length];
                    Arrays.fill(values, Double.NaN);
                    ParseOutcome bad = parseReadings(parser, values);
                    if (bad != null) {
                        return bad;
                    }
                    break;
                case FIELD_LABEL:
                    if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                            && (parser.getIntValue() == 0 || parser.getIntValue() == 1)) {
                        label = parser.getIntValue();
                    } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                        label = token == JsonToken.VALUE_TRUE ? 1 : 0;
                    } else if (token != JsonToken.VALUE_NULL) {
                        return ParseOutcome.rejected(DeadLetterReason.INVALID_LABEL,
                                "label must be 0, 1 or null, got " + describe(parser, token));
                    }
                    break;
                case FIELD_ANOMALY_TYPE:
                    if (token == JsonToken.VALUE_STRING) {
                        if (parser.getTextLength() > MAX_ANOMALY_TYPE_LENGTH) {
                            return ParseOutcome.rejected(DeadLetterReason.INVALID_LABEL, "anomaly_type of "
                                    + parser.getTextLength() + " characters is longer than " + MAX_ANOMALY_TYPE_LENGTH);
                        }
                        anomalyType = parser.getText();
                    }
                    parser.skipChildren();
                    break;
                default:
                    parser.skipChildren();
            }
        }
        ParseOutcome trailing = trailingData(parser);
        if (trailing != null) {
            return trailing;
        }
        if (deviceId == null) {
            return ParseOutcome.rejected(DeadLetterReason.MISSING_DEVICE_ID, "no device_id");
        }
        if (deviceId.isBlank() || hasControlCharacter(deviceId)) {
            return ParseOutcome.rejected(DeadLetterReason.INVALID_DEVICE_ID,
                    "device_id must be non-blank and free of control characters, got " + quote(deviceId));
        }
        if (!hasTs) {
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
        boolean[] seen = new boolean[values.length];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            Integer index = featureIndex.get(name);
            if (index != null) {
                if (seen[index]) {
                    return ParseOutcome.rejected(DeadLetterReason.DUPLICATE_FIELD,
                            "reading " + name + " appears more than once");
                }
                seen[index] = true;
            }
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                double value = parser.getDoubleValue();
                if (!Double.isFinite(value)) {
                    return ParseOutcome.rejected(DeadLetterReason.NON_FINITE_READING,
                            "reading " + quote(name) + " is " + describe(parser, token));
                }
                if (index != null) {
                    values[index] = value;
                }
            } else if (token == JsonToken.VALUE_NULL) {
                // missing: stays NaN
            } else {
                return ParseOutcome.rejected(DeadLetterReason.NON_NUMERIC_READING,
                        "reading " + quote(name) + " is not a number: " + describe(parser, token));
            }
        }
        return null;
    }

    /**
     * After the object only whitespace may follow: a second JSON value or garbage is reported,
     * not silently ignored (it usually means two records glued together or a broken producer).
     */
    private static ParseOutcome trailingData(JsonParser parser) throws IOException {
        long end = parser.currentLocation().getByteOffset();
        try {
            if (parser.nextToken() == null) {
                return null;
            }
        } catch (JsonParseException e) {
            return ParseOutcome.rejected(DeadLetterReason.TRAILING_DATA,
                    "unexpected data after the JSON object (byte " + end + "): " + firstLine(e.getOriginalMessage()));
        }
        return ParseOutcome.rejected(DeadLetterReason.TRAILING_DATA,
                "another JSON value follows the object (byte " + end + ")");
    }

    private static int fieldBit(String field) {
        return switch (field) {
            case "device_id" -> FIELD_DEVICE_ID;
            case "ts" -> FIELD_TS;
            case "readings" -> FIELD_READINGS;
            case "label" -> FIELD_LABEL;
            case "anomaly_type" -> FIELD_ANOMALY_TYPE;
            default -> 0; // fields the contract does not know are ignored, repeated or not
        };
    }

    /** A parsed {@code ts}: epoch milliseconds, or the reason it is not one. */
    private record ParsedTimestamp(long millis, DeadLetterReason reason, String problem) {
        static ParsedTimestamp of(long millis) {
            return new ParsedTimestamp(millis, null, null);
        }

        static ParsedTimestamp beyondEpochMillis(String text) {
            return new ParsedTimestamp(0, DeadLetterReason.TIMESTAMP_OUT_OF_RANGE,
                    "ts " + quote(text) + " is beyond the range of epoch milliseconds");
        }
    }

    private static ParsedTimestamp parseTimestamp(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = parser.getNumberType();
            return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG
                    ? ParsedTimestamp.of(parser.getLongValue()) : ParsedTimestamp.beyondEpochMillis(parser.getText());
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            Instant instant;
            try {
                instant = Instant.parse(text);
            } catch (DateTimeParseException e) {
                try {
                    instant = OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException e2) {
                    instant = null;
                }
            }
            if (instant != null) {
                try {
                    return ParsedTimestamp.of(instant.toEpochMilli());
                } catch (ArithmeticException e) {
                    // Instant holds years up to ±1,000,000,000, a long of milliseconds about ±292,000,000
                    return ParsedTimestamp.beyondEpochMillis(text);
                }
            }
        }
        return new ParsedTimestamp(0, DeadLetterReason.INVALID_TIMESTAMP,
                "ts must be epoch milliseconds or an ISO-8601 string, got " + describe(parser, token));
    }

    /** The value at the current token, quoted and shortened for a detail; skips an object or array. */
    private static String describe(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return token == JsonToken.START_OBJECT ? "an object" : "an array";
        }
        return token.isScalarValue() ? quote(parser.getText()) : String.valueOf(token);
    }

    /** A value quoted for a detail, cut to {@value #QUOTED_CHARS} characters: a detail never repeats a large input. */
    static String quote(String value) {
        if (value.length() <= QUOTED_CHARS) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, QUOTED_CHARS) + "...' (" + value.length() + " characters)";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    /**
     * Jackson would detect UTF-16 and UTF-32 from a byte order mark or NUL bytes at the start and
     * decode them; the contract is UTF-8, so such records are not read.
     */
    private static boolean looksLikeUtf8(byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            return false;
        }
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
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

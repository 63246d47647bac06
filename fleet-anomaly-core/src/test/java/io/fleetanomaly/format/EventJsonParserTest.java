package io.fleetanomaly.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.SensorEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonParserTest {
    private static final List<String> FEATURES = List.of("temperature_c", "pressure_bar");
    private final EventJsonParser parser = new EventJsonParser(FEATURES, TimestampRange.defaults());

    private ParseOutcome parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheContractExampleInFeatureOrder() {
        ParseOutcome outcome = parse("{\"device_id\":\"pump-0042\",\"ts\":1763800000000,"
                + "\"readings\":{\"pressure_bar\":2.51,\"temperature_c\":75.1},\"label\":1,\"anomaly_type\":\"overheating\"}");
        assertThat(outcome.isAccepted()).isTrue();
        SensorEvent event = outcome.event();
        assertThat(event.deviceId).isEqualTo("pump-0042");
        assertThat(event.ts).isEqualTo(1763800000000L);
        assertThat(event.values).containsExactly(75.1, 2.51);
        assertThat(event.label).isEqualTo(1);
        assertThat(event.anomalyType).isEqualTo("overheating");
    }

    @Test
    void missingOrNullReadingsAreNaNAndUnknownFieldsAndReadingsAreFine() {
        ParseOutcome outcome = parse("{\"device_id\":\"d\",\"ts\":\"2026-01-01T00:00:00Z\",\"firmware\":{\"v\":[1,2]},"
                + "\"readings\":{\"temperature_c\":null,\"pressure_bar\":2.5,\"humidity\":40}}");
        assertThat(outcome.isAccepted()).isTrue();
        assertThat(outcome.event().values[0]).isNaN();
        assertThat(outcome.event().values[1]).isEqualTo(2.5);
        assertThat(outcome.event().label).isEqualTo(SensorEvent.LABEL_UNKNOWN);
        assertThat(outcome.event().ts).isEqualTo(1767225600000L);
    }

    @Test
    void acceptsIsoTimestampsWithOffsets() {
        ParseOutcome outcome = parse("{\"device_id\":\"d\",\"ts\":\"2026-01-01T01:00:00+01:00\",\"readings\":{\"temperature_c\":1}}");
        assertThat(outcome.event().ts).isEqualTo(1767225600000L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "EMPTY|''",
        "NOT_JSON|{\"device_id\": \"d\", ",
        "NOT_JSON|hello",
        "NOT_AN_OBJECT|[1,2,3]",
        "MISSING_DEVICE_ID|{\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}",
        "INVALID_DEVICE_ID|{\"device_id\":42,\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}",
        "INVALID_DEVICE_ID|{\"device_id\":\"  \",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}",
        "MISSING_TIMESTAMP|{\"device_id\":\"d\",\"readings\":{\"temperature_c\":1}}",
        "INVALID_TIMESTAMP|{\"device_id\":\"d\",\"ts\":\"yesterday\",\"readings\":{\"temperature_c\":1}}",
        "INVALID_TIMESTAMP|{\"device_id\":\"d\",\"ts\":1.5,\"readings\":{\"temperature_c\":1}}",
        "TIMESTAMP_OUT_OF_RANGE|{\"device_id\":\"d\",\"ts\":1763800000,\"readings\":{\"temperature_c\":1}}",
        "TIMESTAMP_OUT_OF_RANGE|{\"device_id\":\"d\",\"ts\":99999999999999,\"readings\":{\"temperature_c\":1}}",
        "MISSING_READINGS|{\"device_id\":\"d\",\"ts\":1763800000000}",
        "MISSING_READINGS|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"humidity\":3}}",
        "MISSING_READINGS|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":[1,2]}",
        "NON_NUMERIC_READING|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":\"75.1\"}}",
        "NON_NUMERIC_READING|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":true}}",
        "NON_NUMERIC_READING|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":[1]}}",
        "NON_FINITE_READING|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":NaN}}",
        "NON_FINITE_READING|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":-Infinity}}",
        "NON_FINITE_READING|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1e999}}",
        "INVALID_LABEL|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1},\"label\":7}",
        // issue 12: numbers beyond long/int are out of range or invalid, not NOT_JSON
        "TIMESTAMP_OUT_OF_RANGE|{\"device_id\":\"d\",\"ts\":99999999999999999999,\"readings\":{\"temperature_c\":1}}",
        "TIMESTAMP_OUT_OF_RANGE|{\"device_id\":\"d\",\"ts\":-99999999999999999999,\"readings\":{\"temperature_c\":1}}",
        "TIMESTAMP_OUT_OF_RANGE|{\"device_id\":\"d\",\"ts\":9223372036854775807,\"readings\":{\"temperature_c\":1}}",
        "TIMESTAMP_OUT_OF_RANGE|{\"device_id\":\"d\",\"ts\":-9223372036854775808,\"readings\":{\"temperature_c\":1}}",
        "TIMESTAMP_OUT_OF_RANGE|{\"device_id\":\"d\",\"ts\":-0,\"readings\":{\"temperature_c\":1}}",
        "INVALID_LABEL|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1},\"label\":99999999999999999999}",
        "INVALID_LABEL|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1},\"label\":4294967297}",
        "INVALID_LABEL|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1},\"label\":1.0}",
        // duplicate keys are reported, not silently resolved to the last value
        "DUPLICATE_FIELD|{\"device_id\":\"d\",\"ts\":1763800000000,\"ts\":1763800001000,\"readings\":{\"temperature_c\":1}}",
        "DUPLICATE_FIELD|{\"device_id\":\"d\",\"device_id\":\"e\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}",
        "DUPLICATE_FIELD|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1,\"temperature_c\":900}}",
        "DUPLICATE_FIELD|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1},\"readings\":{\"temperature_c\":2}}",
        // so is anything after the object
        "TRAILING_DATA|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}garbage",
        "TRAILING_DATA|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}} {\"device_id\":\"e\"}",
        "TRAILING_DATA|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}}",
        "NON_FINITE_READING|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1e309}}",
        "NON_FINITE_READING|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":-1e309}}",
        "INVALID_DEVICE_ID|{\"device_id\":\"pump\\u00001\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}",
        "INVALID_DEVICE_ID|{\"device_id\":\"pump\\n1\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}",
        "TOO_LARGE|{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1},\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    })
    void rejectsBadInputWithTheReason(DeadLetterReason reason, String json) {
        ParseOutcome outcome = parse(json);
        assertThat(outcome.isAccepted()).isFalse();
        assertThat(outcome.reason()).isEqualTo(reason);
        assertThat(outcome.detail()).isNotBlank();
    }

    @Test
    void aTimestampBeyondEpochMillisIsOutOfRangeNotAnException() {
        // issue 12, the poison pill: 83 bytes whose ISO-8601 ts Instant can hold but a long of ms cannot
        String pill = "{\"device_id\":\"pump-42\",\"ts\":\"+300000000-01-01T00:00:00Z\",\"readings\":{\"power_kw\":1}}";
        assertThat(pill.getBytes(StandardCharsets.UTF_8)).hasSize(83);
        ParseOutcome outcome = parse(pill);
        assertThat(outcome.reason()).isEqualTo(DeadLetterReason.TIMESTAMP_OUT_OF_RANGE);
        assertThat(outcome.detail()).contains("+300000000-01-01T00:00:00Z").contains("beyond the range of epoch milliseconds");
        assertThat(parse("{\"device_id\":\"d\",\"ts\":\"-300000000-01-01T00:00:00+01:00\",\"readings\":{\"temperature_c\":1}}")
                .reason()).isEqualTo(DeadLetterReason.TIMESTAMP_OUT_OF_RANGE);
    }

    @Test
    void repeatedFieldsTheContractDoesNotKnowAreIgnoredLikeAnyUnknownField() {
        ParseOutcome outcome = parse("{\"device_id\":\"d\",\"ts\":1763800000000,\"fw\":1,\"fw\":2,"
                + "\"readings\":{\"temperature_c\":1,\"humidity\":3,\"humidity\":4}}\n");
        assertThat(outcome.isAccepted()).isTrue();
    }

    @Test
    void aRecordAboveTheSizeLimitIsTooLargeBeforeItIsParsed() {
        EventJsonParser small = new EventJsonParser(FEATURES, TimestampRange.defaults(), 100);
        String json = "{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}";
        assertThat(small.parse(json.getBytes(StandardCharsets.UTF_8)).isAccepted()).isTrue();
        ParseOutcome outcome = small.parse((json + " ".repeat(100)).getBytes(StandardCharsets.UTF_8));
        assertThat(outcome.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(outcome.detail()).contains("validation.max_record_bytes (100)");
    }

    @Test
    void detailsQuoteAtMostAShortPrefixOfALargeValue() {
        String hot = "h".repeat(40_000);
        ParseOutcome outcome = parse("{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":\"" + hot + "\"}}");
        assertThat(outcome.reason()).isEqualTo(DeadLetterReason.NON_NUMERIC_READING);
        assertThat(outcome.detail()).hasSizeLessThan(200).contains("(40000 characters)");
        // a 100 KB device id: above the default record limit, and too long when the limit is raised
        byte[] longId = ("{\"device_id\":\"" + "p".repeat(100_000) + "\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(longId).reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        ParseOutcome raised = new EventJsonParser(FEATURES, TimestampRange.defaults(), 1 << 20).parse(longId);
        assertThat(raised.reason()).isEqualTo(DeadLetterReason.INVALID_DEVICE_ID);
        assertThat(raised.detail()).hasSizeLessThan(200).contains("100000 characters");
    }

    @Test
    void nonAsciiDeviceIdsAndNegativeZeroAreAccepted() {
        ParseOutcome outcome = parse("{\"device_id\":\"насос-7 ポンプ\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":-0}}");
        assertThat(outcome.isAccepted()).isTrue();
        assertThat(outcome.event().deviceId).isEqualTo("насос-7 ポンプ");
        assertThat(outcome.event().values[0]).isZero();
    }

    @Test
    void utf16AndUtf32AreNotReadAsJson() {
        String json = "{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}";
        assertThat(parser.parse(json.getBytes(StandardCharsets.UTF_16LE)).reason()).isEqualTo(DeadLetterReason.NOT_JSON);
        assertThat(parser.parse(json.getBytes(StandardCharsets.UTF_16)).reason()).isEqualTo(DeadLetterReason.NOT_JSON);
        assertThat(parser.parse(json.getBytes(java.nio.charset.Charset.forName("UTF-32BE"))).reason())
                .isEqualTo(DeadLetterReason.NOT_JSON);
        byte[] latin1 = "{\"device_id\":\"caf\u00e9\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}"
                .getBytes(StandardCharsets.ISO_8859_1);
        ParseOutcome outcome = parser.parse(latin1);
        assertThat(outcome.reason()).isEqualTo(DeadLetterReason.NOT_JSON);
        assertThat(outcome.detail()).containsIgnoringCase("UTF-8");
    }

    @Test
    void timestampsAtTheLimitsOfTheRangeAreJudgedByTheRange() {
        TimestampRange everything = new TimestampRange(Long.MIN_VALUE, Long.MAX_VALUE);
        EventJsonParser open = new EventJsonParser(FEATURES, everything);
        for (long ts : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, Long.MAX_VALUE}) {
            ParseOutcome outcome = open.parse(("{\"device_id\":\"d\",\"ts\":" + ts
                    + ",\"readings\":{\"temperature_c\":1}}").getBytes(StandardCharsets.UTF_8));
            assertThat(outcome.isAccepted()).as("ts %d", ts).isTrue();
            assertThat(outcome.event().ts).isEqualTo(ts);
        }
    }

    @Test
    void aHugeFutureBoundMeansNoBoundInsteadOfOverflowing() {
        // issue 12: max_future_ms 9223372036854775807 overflowed and rejected every event
        EventJsonParser unbounded = new EventJsonParser(FEATURES, new TimestampRange(TimestampRange.DEFAULT_EARLIEST, Long.MAX_VALUE));
        ParseOutcome outcome = unbounded.parse("{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":1}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(outcome.isAccepted()).isTrue();
        assertThat(new TimestampRange(0, Long.MAX_VALUE).latest(System.currentTimeMillis())).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsNullAndNonUtf8Bytes() {
        assertThat(parser.parse(null).reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(parser.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}).reason()).isEqualTo(DeadLetterReason.NOT_JSON);
    }

    @Test
    void detailNamesTheOffendingReading() {
        ParseOutcome outcome = parse("{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"pressure_bar\":\"high\"}}");
        assertThat(outcome.detail()).contains("pressure_bar");
    }

    @Test
    void writerOutputParsesBackToTheSameEvent() {
        EventJsonWriter writer = new EventJsonWriter(FEATURES);
        byte[] json = writer.write("pump-0001", 1763800000000L, new double[] {75.25, Double.NaN}, 0, null);
        ParseOutcome outcome = parser.parse(json);
        assertThat(outcome.isAccepted()).isTrue();
        assertThat(outcome.event().values[0]).isEqualTo(75.25);
        assertThat(outcome.event().values[1]).isNaN();
        assertThat(outcome.event().label).isZero();
    }

    /** The parser reads numbers with Jackson's fast double parser: every value must come out as Double.parseDouble reads it. */
    @Test
    void readingsParseToTheSameBitsAsDoubleParseDouble() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            String text = switch (i % 4) {
                case 0 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20)); // shortest repr
                case 1 -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL)); // any finite
                case 2 -> String.format(java.util.Locale.ROOT, "%.17e", random.nextDouble() * 1000); // long mantissas
                default -> (random.nextBoolean() ? "-" : "") + random.nextInt(100_000) + "." + random.nextInt(1_000_000_000)
                        + random.nextInt(1_000_000_000); // more digits than a double holds
            };
            ParseOutcome outcome = parse("{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":" + text + "}}");
            assertThat(Double.doubleToRawLongBits(outcome.event().values[0])).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
        for (String edge : List.of("4.9e-324", "2.4703282292062327e-324", "2.2250738585072011e-308", "1.7976931348623157e308",
                "-0.0", "0e10", "9007199254740993", "123456789012345678901234567890")) {
            assertThat(Double.doubleToRawLongBits(parse("{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":"
                    + "{\"temperature_c\":" + edge + "}}").event().values[0])).as(edge)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(edge)));
        }
    }
}

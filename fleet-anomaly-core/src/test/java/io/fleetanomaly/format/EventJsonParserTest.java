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
}

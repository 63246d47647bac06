package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.DeadLetterJson;
import io.fleetanomaly.format.EventJsonParser;
import io.fleetanomaly.format.TimestampRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The hostile inputs issue 12 lists, each through the job's parse step ({@link ParseEventsFunction}
 * in an operator harness, with the default limits unless a case raises them): each is an event or a
 * dead letter with the expected reason, and the dead letter is bounded.
 */
class HostileInputTest {
    static final List<String> FEATURES = List.of("temperature_c", "pressure_bar");
    static final String TS = "\"ts\":1763800000000";

    /** What the parse step makes of one record: the event, or the dead letter. */
    record Outcome(SensorEvent event, DeadLetter letter) {
        DeadLetterReason reason() {
            return letter == null ? null : letter.reason;
        }
    }

    static Outcome parse(byte[] record, int maxRecordBytes) throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, SensorEvent> harness = ProcessFunctionTestHarnesses
                .forProcessFunction(new ParseEventsFunction(FEATURES, TimestampRange.defaults(), maxRecordBytes))) {
            harness.processElement(new StreamRecord<>(new RawRecord(record, "events", 0, 9L)));
            List<SensorEvent> events = harness.extractOutputValues();
            var letters = harness.getSideOutput(ParseEventsFunction.DEAD_LETTERS);
            int deadLetters = letters == null ? 0 : letters.size();
            assertThat(events.size() + deadLetters).as("one record in, one record out").isEqualTo(1);
            if (deadLetters == 1) {
                DeadLetter letter = letters.poll().getValue();
                int json = DeadLetterJson.toJson(letter).getBytes(StandardCharsets.UTF_8).length;
                assertThat(json).as("dead letter size").isLessThan(Math.max(2 * record.length + 4096, 140_000));
                return new Outcome(null, letter);
            }
            return new Outcome(events.get(0), null);
        }
    }

    static Outcome parse(String json) throws Exception {
        return parse(json.getBytes(StandardCharsets.UTF_8), EventJsonParser.DEFAULT_MAX_RECORD_BYTES);
    }

    @Test
    void aTenMegabyteRecordIsTooLargeAndItsDeadLetterSmall() throws Exception {
        byte[] record = ("{\"device_id\":\"d\"," + TS + ",\"readings\":{\"temperature_c\":1},\"blob\":\""
                + "x".repeat(10 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        Outcome outcome = parse(record, EventJsonParser.DEFAULT_MAX_RECORD_BYTES);
        assertThat(outcome.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(outcome.letter().rawSize).isEqualTo(record.length);
        assertThat(outcome.letter().raw).hasSize(DeadLetter.MAX_RAW_BYTES);
    }

    @Test
    void deeplyNestedJsonIsTooLargeNotAStackOverflow() throws Exception {
        int depth = 50_000;
        String nested = "[".repeat(depth) + "]".repeat(depth);
        Outcome outcome = parse(("{\"device_id\":\"d\"," + TS + ",\"readings\":{\"temperature_c\":1},\"x\":" + nested + "}")
                .getBytes(StandardCharsets.UTF_8), 1 << 20);
        assertThat(outcome.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(outcome.letter().detail).contains("nesting depth");
        assertThat(parse("[".repeat(depth)).reason()).isEqualTo(DeadLetterReason.NOT_AN_OBJECT);
    }

    @Test
    void aHundredKilobyteDeviceIdIsRejected() throws Exception {
        String record = "{\"device_id\":\"" + "p".repeat(100 * 1024) + "\"," + TS + ",\"readings\":{\"temperature_c\":1}}";
        assertThat(parse(record).reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        Outcome raised = parse(record.getBytes(StandardCharsets.UTF_8), 1 << 20);
        assertThat(raised.reason()).isEqualTo(DeadLetterReason.INVALID_DEVICE_ID);
        assertThat(raised.letter().detail).hasSizeLessThan(200);
    }

    @Test
    void tenThousandReadingsAreTooLargeByDefaultAndParsedWhenTheLimitAllows() throws Exception {
        StringBuilder readings = new StringBuilder("\"temperature_c\":75.5");
        for (int i = 0; i < 10_000; i++) {
            readings.append(",\"sensor_").append(i).append("\":").append(i);
        }
        String record = "{\"device_id\":\"d\"," + TS + ",\"readings\":{" + readings + "}}";
        assertThat(parse(record).reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        Outcome raised = parse(record.getBytes(StandardCharsets.UTF_8), 1 << 20);
        assertThat(raised.event().values).containsExactly(75.5, Double.NaN);
    }

    @Test
    void readingsAtTheEdgesOfADouble() throws Exception {
        assertThat(parse("{\"device_id\":\"d\"," + TS + ",\"readings\":{\"temperature_c\":1e309}}").reason())
                .isEqualTo(DeadLetterReason.NON_FINITE_READING);
        assertThat(parse("{\"device_id\":\"d\"," + TS + ",\"readings\":{\"temperature_c\":-0}}").event().values[0]).isZero();
        assertThat(parse("{\"device_id\":\"d\"," + TS + ",\"readings\":{\"temperature_c\":-0.0}}").event().values[0]).isZero();
        assertThat(parse("{\"device_id\":\"d\"," + TS + ",\"readings\":{\"temperature_c\":4.9e-324}}").event().values[0])
                .isEqualTo(Double.MIN_VALUE);
        assertThat(parse("{\"device_id\":\"d\"," + TS + ",\"readings\":{\"temperature_c\":1" + "0".repeat(200) + "}}").reason())
                .isEqualTo(DeadLetterReason.TOO_LARGE);
    }

    @Test
    void nonUtf8BytesAreNotJson() throws Exception {
        byte[] record = ("{\"device_id\":\"d\"," + TS + ",\"readings\":{\"temperature_c\":1}}").getBytes(StandardCharsets.UTF_8);
        record[15] = (byte) 0xC3; // a UTF-8 lead byte followed by an ASCII byte
        Outcome outcome = parse(record, EventJsonParser.DEFAULT_MAX_RECORD_BYTES);
        assertThat(outcome.reason()).isEqualTo(DeadLetterReason.NOT_JSON);
        assertThat(DeadLetterJson.toJson(outcome.letter())).contains("raw_base64");
        assertThat(parse(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0x7B}, 100).reason()).isEqualTo(DeadLetterReason.NOT_JSON);
    }

    @Test
    void nulAndNonAsciiDeviceIds() throws Exception {
        assertThat(parse("{\"device_id\":\"pump\\u0000-7\"," + TS + ",\"readings\":{\"temperature_c\":1}}").reason())
                .isEqualTo(DeadLetterReason.INVALID_DEVICE_ID);
        assertThat(parse("{\"device_id\":\"\\u0000\"," + TS + ",\"readings\":{\"temperature_c\":1}}").reason())
                .isEqualTo(DeadLetterReason.INVALID_DEVICE_ID);
        assertThat(parse("{\"device_id\":\"Pumpe-Süd-7 🚰\"," + TS + ",\"readings\":{\"temperature_c\":1}}").event().deviceId)
                .isEqualTo("Pumpe-Süd-7 🚰");
    }

    @Test
    void timestampsAtTheLimitsOfALong() throws Exception {
        for (String ts : new String[] {"9223372036854775807", "-9223372036854775808", "9223372036854775808",
                "-9223372036854775809", "\"+292278994-08-17T07:12:55.807Z\"", "\"+300000000-01-01T00:00:00Z\"",
                "\"-300000000-01-01T00:00:00Z\""}) {
            assertThat(parse("{\"device_id\":\"d\",\"ts\":" + ts + ",\"readings\":{\"temperature_c\":1}}").reason())
                    .as(ts).isEqualTo(DeadLetterReason.TIMESTAMP_OUT_OF_RANGE);
        }
    }

    @Test
    void thePoisonPillOfTheIssue() throws Exception {
        Outcome outcome = parse(ParseEventsFunctionTest.POISON_PILL);
        assertThat(outcome.reason()).isEqualTo(DeadLetterReason.TIMESTAMP_OUT_OF_RANGE);
    }
}

package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.EventJsonParser;
import io.fleetanomaly.format.TimestampRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseEventsFunctionTest {
    static final List<String> FEATURES = List.of("temperature_c", "power_kw");
    static final String POISON_PILL =
            "{\"device_id\":\"pump-42\",\"ts\":\"+300000000-01-01T00:00:00Z\",\"readings\":{\"power_kw\":1}}";

    static OneInputStreamOperatorTestHarness<RawRecord, SensorEvent> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(
                new ParseEventsFunction(FEATURES, TimestampRange.defaults(), EventJsonParser.DEFAULT_MAX_RECORD_BYTES));
    }

    static RawRecord record(String json, long offset) {
        return new RawRecord(json.getBytes(StandardCharsets.UTF_8), "events", 0, offset);
    }

    @Test
    void thePoisonPillIsADeadLetterAndTheNextRecordIsParsed() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, SensorEvent> harness = harness()) {
            harness.processElement(new StreamRecord<>(record(POISON_PILL, 7)));
            harness.processElement(new StreamRecord<>(record(
                    "{\"device_id\":\"pump-42\",\"ts\":1763800000000,\"readings\":{\"power_kw\":44.5}}", 8)));

            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(event -> assertThat(event.deviceId).isEqualTo("pump-42"));
            List<DeadLetter> letters = harness.getSideOutput(ParseEventsFunction.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).toList();
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.reason).isEqualTo(DeadLetterReason.TIMESTAMP_OUT_OF_RANGE);
                assertThat(letter.sourceOffset).isEqualTo(7);
                assertThat(new String(letter.raw, StandardCharsets.UTF_8)).isEqualTo(POISON_PILL);
            });
        }
    }
}

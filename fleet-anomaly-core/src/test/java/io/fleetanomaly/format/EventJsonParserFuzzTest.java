package io.fleetanomaly.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.SensorEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the event parser (Jazzer): whatever the bytes, the outcome is an event
 * that honours the contract or a dead letter with a reason, and the dead letter stays bounded.
 *
 * <p>{@code mvn verify} runs it in regression mode on the committed inputs
 * ({@code src/test/resources/io/fleetanomaly/format/EventJsonParserFuzzTestInputs}, among them every
 * hostile input of issue 12); {@code .ci/run} fuzzes it for a bounded time ({@code JAZZER_FUZZ=1}).
 */
class EventJsonParserFuzzTest {
    static final List<String> FEATURES = List.of("temperature_c", "pressure_bar");
    /** Small, so the fuzzer also reaches the size limit. */
    static final int MAX_RECORD_BYTES = 2048;
    private static final EventJsonParser PARSER =
            new EventJsonParser(FEATURES, TimestampRange.defaults(), MAX_RECORD_BYTES);

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"\"device_id\"", "\"ts\"", "\"readings\"", "\"label\"", "\"anomaly_type\"",
            "\"temperature_c\"", "\"pressure_bar\"", "1763800000000", "\"2026-01-01T00:00:00Z\"", "+300000000-",
            "NaN", "Infinity", "1e309", "-0", "null", "true", "\\u0000", "[[[[", "}{"})
    void everyRecordIsAnEventOrADeadLetterWithAReason(byte[] record) {
        ParseOutcome outcome = PARSER.parse(record);
        assertOutcomeHonoursTheContract(record, outcome);
    }

    static void assertOutcomeHonoursTheContract(byte[] record, ParseOutcome outcome) {
        if (outcome.isAccepted()) {
            SensorEvent event = outcome.event();
            assertThat(record.length).isBetween(1, MAX_RECORD_BYTES);
            assertThat(event.deviceId).isNotBlank().hasSizeLessThanOrEqualTo(256);
            assertThat(event.deviceId.chars().noneMatch(Character::isISOControl)).isTrue();
            assertThat(TimestampRange.defaults().contains(event.ts)).isTrue();
            assertThat(event.values).hasSize(FEATURES.size());
            boolean anyReading = false;
            for (double value : event.values) {
                assertThat(Double.isNaN(value) || Double.isFinite(value)).isTrue();
                anyReading |= !Double.isNaN(value);
            }
            assertThat(anyReading).isTrue();
            assertThat(event.label).isIn(SensorEvent.LABEL_UNKNOWN, 0, 1);
            return;
        }
        assertThat(outcome.reason()).isNotNull().isNotEqualTo(DeadLetterReason.PARSER_FAILURE);
        assertThat(outcome.reason()).isNotEqualTo(DeadLetterReason.LATE_EVENT);
        assertThat(outcome.detail()).isNotNull();
        DeadLetter letter = new DeadLetter(new RawRecord(record, "events", 0, 1L), outcome.reason(), outcome.detail(), 1L);
        byte[] json = DeadLetterJson.toJson(letter).getBytes(StandardCharsets.UTF_8);
        // the raw copy takes at most twice the record's bytes; the rest is the reason, a detail of at most 500 characters (escaped) and the source
        assertThat(json.length).isLessThanOrEqualTo(2 * Math.min(record.length, DeadLetter.MAX_RAW_BYTES) + 4096);
    }
}

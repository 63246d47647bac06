package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.TimestampRange;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the job's parse step as Flink runs it ({@link ParseEventsFunction} in
 * an operator test harness): every record comes out exactly once, as an event or as a dead letter
 * with a reason that keeps the record's source position, and the operator never throws (a throw
 * would fail the task and replay the record forever).
 *
 * <p>Regression mode in {@code mvn verify} on the committed inputs
 * ({@code src/test/resources/io/fleetanomaly/job/ParseEventsFunctionFuzzTestInputs}); a bounded
 * fuzzing run in {@code .ci/run}.
 */
class ParseEventsFunctionFuzzTest {
    private static OneInputStreamOperatorTestHarness<RawRecord, SensorEvent> harness;
    private static long offset;

    private static OneInputStreamOperatorTestHarness<RawRecord, SensorEvent> harness() throws Exception {
        if (harness == null) {
            harness = ProcessFunctionTestHarnesses.forProcessFunction(
                    new ParseEventsFunction(List.of("temperature_c", "pressure_bar"), TimestampRange.defaults(), 2048));
        }
        return harness;
    }

    @AfterAll
    static void close() throws Exception {
        if (harness != null) {
            harness.close();
            harness = null;
        }
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"\"device_id\"", "\"ts\"", "\"readings\"", "\"label\"", "\"temperature_c\"",
            "\"pressure_bar\"", "1763800000000", "\"2026-01-01T00:00:00Z\"", "1e309", "-0", "null", "\\u0000"})
    void everyRecordComesOutOnceAsAnEventOrADeadLetter(byte[] value) throws Exception {
        OneInputStreamOperatorTestHarness<RawRecord, SensorEvent> parse = harness();
        long position = ++offset;
        parse.processElement(new StreamRecord<>(new RawRecord(value, "events", 3, position)));

        List<SensorEvent> events = parse.extractOutputValues();
        ConcurrentLinkedQueue<StreamRecord<DeadLetter>> letters = parse.getSideOutput(ParseEventsFunction.DEAD_LETTERS);
        int deadLetters = letters == null ? 0 : letters.size();
        assertThat(events.size() + deadLetters).isEqualTo(1);
        if (deadLetters == 1) {
            DeadLetter letter = letters.poll().getValue();
            assertThat(letter.reason).isNotNull().isNotEqualTo(DeadLetterReason.PARSER_FAILURE);
            assertThat(letter.sourcePartition).isEqualTo(3);
            assertThat(letter.sourceOffset).isEqualTo(position);
            assertThat(letter.rawSize).isEqualTo(value.length);
            assertThat(letter.detail.length()).isLessThanOrEqualTo(DeadLetter.MAX_DETAIL_CHARS + 3);
        }
        parse.getOutput().clear();
    }
}

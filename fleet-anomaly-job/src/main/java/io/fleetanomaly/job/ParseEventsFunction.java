package io.fleetanomaly.job;

import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.EventJsonParser;
import io.fleetanomaly.format.ParseOutcome;
import io.fleetanomaly.format.TimestampRange;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates raw records. Valid events go downstream; everything else goes to the
 * {@link #DEAD_LETTERS} side output with the raw bytes and a reason, and is counted. Never throws
 * on any input: a record the parser fails on is a {@code PARSER_FAILURE} dead letter.
 */
public class ParseEventsFunction extends ProcessFunction<RawRecord, SensorEvent> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private List<String> featureNames;
    private final TimestampRange timestampRange;
    private final int maxRecordBytes;

    private transient EventJsonParser parser;
    private transient Counter accepted;
    private transient Counter rejected;
    private transient Map<DeadLetterReason, Counter> rejectedByReason;

    public ParseEventsFunction(List<String> featureNames, TimestampRange timestampRange, int maxRecordBytes) {
        this.featureNames = List.copyOf(featureNames);
        this.timestampRange = timestampRange;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Parses into {@code features} from now on (a control stream swapped in a bundle of other
     * features; see {@code ControlState.features}).
     */
    public void useFeatures(List<String> features) {
        featureNames = List.copyOf(features);
        if (parser != null) {
            parser = new EventJsonParser(featureNames, timestampRange, maxRecordBytes);
        }
    }

    public List<String> features() {
        return featureNames;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new EventJsonParser(featureNames, timestampRange, maxRecordBytes);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("fleet_anomaly");
        accepted = metrics.counter("events_accepted");
        rejected = metrics.counter("dead_letters");
        rejectedByReason = new EnumMap<>(DeadLetterReason.class);
        MetricGroup byReason = metrics.addGroup("dead_letter_reason");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            rejectedByReason.put(reason, byReason.counter(reason.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<SensorEvent> out) {
        ParseOutcome outcome;
        try {
            outcome = parser.parse(record.value);
        } catch (RuntimeException | StackOverflowError e) {
            // The parser catches everything itself; this is the operator's own guarantee: a record that
            // fails the parse step is a dead letter, never a task failure that would replay it forever.
            outcome = ParseOutcome.failure("the parse step failed on this record: " + e);
        }
        if (outcome.isAccepted()) {
            accepted.inc();
            out.collect(outcome.event());
        } else {
            rejected.inc();
            rejectedByReason.get(outcome.reason()).inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(record, outcome.reason(), outcome.detail(), System.currentTimeMillis()));
        }
    }
}

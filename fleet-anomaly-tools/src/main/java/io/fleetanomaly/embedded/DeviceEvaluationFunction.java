package io.fleetanomaly.embedded;

import io.fleetanomaly.events.ScoredEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs {@link AlertLabelMatcher} per device on the per-event scores stream (which carries the
 * open alert id); the device's totals are emitted when the input ends (final watermark).
 */
public class DeviceEvaluationFunction extends KeyedProcessFunction<String, ScoredEvent, EvaluationRecord> {
    private final AlertLabelMatcher matcher;
    private transient ValueState<EvaluationState> state;

    public DeviceEvaluationFunction(long graceMs) {
        this.matcher = new AlertLabelMatcher(graceMs);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("evaluation", TypeInformation.of(EvaluationState.class)));
    }

    @Override
    public void processElement(ScoredEvent event, Context ctx, Collector<EvaluationRecord> out) throws Exception {
        EvaluationState s = state.value();
        if (s == null) {
            s = new EvaluationState();
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        matcher.observe(s, event, out::collect);
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EvaluationRecord> out) throws Exception {
        EvaluationState s = state.value();
        if (s != null) {
            matcher.finish(s, ctx.getCurrentKey(), out::collect);
            state.clear();
        }
    }
}

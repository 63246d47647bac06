package io.fleetanomaly.job.control;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.ControlResult;
import io.fleetanomaly.control.ControlState;
import io.fleetanomaly.events.RawRecord;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The control part of the job graph: control records → {@code control-loader} (async I/O, one
 * message at a time, in order) → {@code control-decisions} (parallelism 1, operator state) → the
 * accepted control states, to be broadcast, and the control results.
 */
public final class ControlGraph {
    private final DataStream<ControlState> accepted;
    private final DataStream<ControlResult> results;

    private ControlGraph(DataStream<ControlState> accepted, DataStream<ControlResult> results) {
        this.accepted = accepted;
        this.results = results;
    }

    public static ControlGraph attach(DataStream<RawRecord> control, ModelBundle startup, ControlSettings settings) {
        long timeoutMs = settings.loadTimeout().toMillis();
        SingleOutputStreamOperator<LoadedControl> loaded = AsyncDataStream
                .orderedWait(control, new ControlBundleLoader(settings.overrides(), settings.loadTimeout()),
                        timeoutMs, TimeUnit.MILLISECONDS, 1)
                .setParallelism(1)
                .name("control-loader")
                .uid("control-loader");
        SingleOutputStreamOperator<ControlState> decisions = loaded
                .process(new ControlDecisionFunction(startup))
                .setParallelism(1)
                .name("control-decisions")
                .uid("control-decisions");
        DataStream<ControlState> accepted = decisions
                .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator(context -> new EndOfTime()))
                .setParallelism(1)
                .name("control-no-event-time")
                .uid("control-no-event-time");
        return new ControlGraph(accepted, decisions.getSideOutput(ControlDecisionFunction.RESULTS));
    }

    /** The accepted control states, broadcast with the state descriptor of the operator that reads them. */
    public BroadcastStream<ControlState> broadcast(MapStateDescriptor<?, ?> descriptor) {
        return accepted.broadcast(descriptor);
    }

    /** The accepted control states, to every subtask of the operator that reads them (its own broadcast state). */
    public DataStream<ControlState> broadcast() {
        return accepted.broadcast();
    }

    public DataStream<ControlResult> results() {
        return results;
    }

    /**
     * Control carries no event time: its watermark is at the end of time from the start, so the
     * operators that also read events (parse step, device window) keep the events' watermark.
     */
    static final class EndOfTime implements WatermarkGenerator<ControlState> {
        private boolean emitted;

        @Override
        public void onEvent(ControlState state, long timestamp, WatermarkOutput output) {
            onPeriodicEmit(output);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (!emitted) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
                emitted = true;
            }
        }
    }
}

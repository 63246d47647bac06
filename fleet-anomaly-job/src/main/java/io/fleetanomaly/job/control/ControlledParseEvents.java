package io.fleetanomaly.job.control;

import io.fleetanomaly.control.ControlState;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.job.ParseEventsFunction;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The parse step of a job with a control stream: a {@link ParseEventsFunction} that parses events
 * into {@link ControlState#features}, the start-up bundle's features followed by those of every
 * bundle swapped in since, so a bundle of other features finds its readings in the events. The
 * scoring operator maps that order onto its model's. Broadcast state {@value #STATE_NAME}.
 */
public class ControlledParseEvents extends BroadcastProcessFunction<RawRecord, ControlState, SensorEvent>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    static final String STATE_NAME = "parse-order";
    private static final String IN_FORCE = "in-force";
    public static final MapStateDescriptor<String, ParseOrder> PARSE_ORDER =
            new MapStateDescriptor<>(STATE_NAME, Types.STRING, TypeInformation.of(ParseOrder.class));

    private final ParseEventsFunction parse;
    private final List<String> startupFeatures;
    private final String startupContentHash;

    private transient ParseContext context;

    /**
     * @param parse the parse function, built with the start-up bundle's features
     * @param startupContentHash the start-up bundle's content hash
     */
    public ControlledParseEvents(ParseEventsFunction parse, String startupContentHash) {
        this.parse = parse;
        this.startupFeatures = parse.features();
        this.startupContentHash = startupContentHash;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        BroadcastState<String, ParseOrder> state = context.getOperatorStateStore().getBroadcastState(PARSE_ORDER);
        ParseOrder restored = state.get(IN_FORCE);
        if (restored == null) {
            return;
        }
        if (startupContentHash.equals(restored.startupContentHash)) {
            parse.useFeatures(Arrays.asList(restored.features));
        } else { // started with another bundle: its features (see ControlState.forStartup)
            state.put(IN_FORCE, new ParseOrder(startupFeatures.toArray(new String[0]), startupContentHash));
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // the broadcast state is Flink's to snapshot
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        parse.setRuntimeContext(getRuntimeContext());
        parse.open(openContext);
        context = new ParseContext();
    }

    @Override
    public void close() throws Exception {
        parse.close();
    }

    @Override
    public void processElement(RawRecord record, ReadOnlyContext ctx, Collector<SensorEvent> out) throws Exception {
        context.current = ctx;
        parse.processElement(record, context, out);
    }

    @Override
    public void processBroadcastElement(ControlState next, Context ctx, Collector<SensorEvent> out) throws Exception {
        ctx.getBroadcastState(PARSE_ORDER).put(IN_FORCE, new ParseOrder(next.features, next.startupContentHash));
        if (!Arrays.asList(next.features).equals(parse.features())) {
            parse.useFeatures(Arrays.asList(next.features));
        }
    }

    /** The parse function's context over this operator's (side outputs; no timers in the parse step). */
    private final class ParseContext extends ProcessFunction<RawRecord, SensorEvent>.Context {
        private ReadOnlyContext current;

        ParseContext() {
            parse.super();
        }

        @Override
        public Long timestamp() {
            return current.timestamp();
        }

        @Override
        public TimerService timerService() {
            throw new UnsupportedOperationException("the parse step uses no timers");
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            current.output(outputTag, value);
        }
    }
}

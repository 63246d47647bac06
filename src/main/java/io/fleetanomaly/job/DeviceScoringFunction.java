package io.fleetanomaly.job;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.EventJsonWriter;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.DeviceWindowState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-device window operator: keeps each device's window, imputation and warm-up state in
 * keyed state and scores every event with the bundle's detectors (see {@link DeviceScorer}).
 * With {@link EventOrder#EVENT_TIME} it holds events until the watermark passes them and scores
 * them in timestamp order; either way, events already behind the watermark are not scored.
 */
public class DeviceScoringFunction extends KeyedProcessFunction<String, SensorEvent, ScoredEvent> {
    /**
     * Events behind the watermark (later than the out-of-orderness bound allows), as dead letters
     * with reason {@link DeadLetterReason#LATE_EVENT}: the event's JSON, counted as {@code late_events}.
     */
    public static final OutputTag<DeadLetter> LATE_EVENTS = new OutputTag<>("late-events") {};

    private final ModelBundle bundle;
    private final EventOrder order;

    private transient DeviceScorer scorer;
    private transient EventJsonWriter lateEventWriter;
    private transient ValueState<DeviceWindowState> windowState;
    private transient ListState<SensorEvent> pending;
    private transient Counter scored;
    private transient Counter warmingUp;
    private transient Counter imputed;
    private transient Counter late;

    public DeviceScoringFunction(ModelBundle bundle, EventOrder order) {
        this.bundle = bundle;
        this.order = order;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = new DeviceScorer(bundle);
        lateEventWriter = new EventJsonWriter(bundle.features());
        windowState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("device-window", TypeInformation.of(DeviceWindowState.class)));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("events-awaiting-watermark", TypeInformation.of(SensorEvent.class)));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("fleet_anomaly");
        scored = metrics.counter("events_scored");
        warmingUp = metrics.counter("events_warming_up");
        imputed = metrics.counter("readings_imputed");
        late = metrics.counter("late_events");
    }

    @Override
    public void processElement(SensorEvent event, Context ctx, Collector<ScoredEvent> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (event.ts < watermark) {
            late.inc();
            ctx.output(LATE_EVENTS, lateEvent(event, watermark));
            return;
        }
        if (order == EventOrder.ARRIVAL) {
            score(event, out);
        } else {
            pending.add(event);
            ctx.timerService().registerEventTimeTimer(event.ts);
        }
    }

    /** EVENT_TIME: the watermark passed {@code timestamp}; score the held events up to it, oldest first. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredEvent> out) throws Exception {
        List<SensorEvent> due = new ArrayList<>();
        List<SensorEvent> later = new ArrayList<>();
        for (SensorEvent event : pending.get()) {
            (event.ts <= timestamp ? due : later).add(event);
        }
        due.sort(Comparator.comparingLong(e -> e.ts)); // stable: equal timestamps keep arrival order
        for (SensorEvent event : due) {
            score(event, out);
        }
        pending.update(later);
    }

    private void score(SensorEvent event, Collector<ScoredEvent> out) throws Exception {
        DeviceWindowState state = windowState.value();
        if (state == null) {
            state = scorer.newState();
        }
        ScoredEvent result = scorer.score(state, event);
        windowState.update(state);
        if (result.warmingUp) {
            warmingUp.inc();
        } else {
            scored.inc();
        }
        if (result.imputedMask != 0) {
            imputed.inc(Long.bitCount(result.imputedMask));
        }
        out.collect(result);
    }

    private DeadLetter lateEvent(SensorEvent event, long watermark) {
        RawRecord record = new RawRecord();
        record.value = lateEventWriter.write(event);
        String detail = "event time " + Instant.ofEpochMilli(event.ts) + " is " + (watermark - event.ts)
                + " ms behind the watermark " + Instant.ofEpochMilli(watermark)
                + " (more than job.out_of_orderness_ms late)";
        return new DeadLetter(record, DeadLetterReason.LATE_EVENT, detail, System.currentTimeMillis());
    }
}

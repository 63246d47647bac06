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
import java.time.Duration;
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
 *
 * <p>Lateness is judged per device, not against the job-wide watermark: a device whose uplink lags
 * the rest of the fleet is still scored. An event more than the out-of-orderness bound older than
 * its device's newest event is late; so is, with {@link EventOrder#EVENT_TIME}, an event older than
 * one already scored (it can no longer enter the window in order). Late events are not scored: they
 * go to the dead letters as {@link DeadLetterReason#LATE_EVENT}.
 *
 * <p>With {@code EVENT_TIME}, events wait until their device's newest event is the bound ahead of
 * them (or, should the device fall silent, until the watermark passes them by the bound) and are
 * scored in timestamp order.
 */
public class DeviceScoringFunction extends KeyedProcessFunction<String, SensorEvent, ScoredEvent> {
    /** Late events, as dead letters with the event's JSON; counted as {@code late_events}. */
    public static final OutputTag<DeadLetter> LATE_EVENTS = new OutputTag<>("late-events") {};

    private final ModelBundle bundle;
    private final EventOrder order;
    private final long boundMs;
    private final int deviceWarmupEvents;

    private transient DeviceScorer scorer;
    private transient EventJsonWriter lateEventWriter;
    private transient ValueState<DeviceWindowState> windowState;
    private transient ListState<SensorEvent> pending;
    private transient Counter scored;
    private transient Counter warmingUp;
    private transient Counter imputed;
    private transient Counter late;

    /** @param deviceWarmupEvents a device's first events that only build its baselines (see JobSettings) */
    public DeviceScoringFunction(ModelBundle bundle, EventOrder order, Duration outOfOrderness, int deviceWarmupEvents) {
        this.bundle = bundle;
        this.order = order;
        this.boundMs = outOfOrderness.toMillis();
        this.deviceWarmupEvents = deviceWarmupEvents;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = new DeviceScorer(bundle, deviceWarmupEvents);
        lateEventWriter = new EventJsonWriter(bundle.features());
        windowState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("device-window", TypeInformation.of(DeviceWindowState.class)));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("events-awaiting-order", TypeInformation.of(SensorEvent.class)));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("fleet_anomaly");
        scored = metrics.counter("events_scored");
        warmingUp = metrics.counter("events_warming_up");
        imputed = metrics.counter("readings_imputed");
        late = metrics.counter("late_events");
    }

    @Override
    public void processElement(SensorEvent event, Context ctx, Collector<ScoredEvent> out) throws Exception {
        DeviceWindowState state = state();
        long newest = state.newestTs;
        if (newest != Long.MIN_VALUE && event.ts < newest - boundMs) {
            rejectLate(ctx, event, (newest - event.ts) + " ms older than the device's newest event at "
                    + Instant.ofEpochMilli(newest) + " (job.out_of_orderness_ms is " + boundMs + ")");
            return;
        }
        state.newestTs = Math.max(newest, event.ts);
        if (order == EventOrder.ARRIVAL) {
            score(state, event, out);
            windowState.update(state);
            return;
        }
        if (event.ts < state.lastScoredTs) {
            rejectLate(ctx, event, "older than the device's event at " + Instant.ofEpochMilli(state.lastScoredTs)
                    + ", already scored (job.event_order: event_time)");
            return;
        }
        pending.add(event);
        ctx.timerService().registerEventTimeTimer(event.ts + boundMs);
        release(state, state.newestTs - boundMs, out);
        windowState.update(state);
    }

    /** EVENT_TIME backstop for a device that fell silent: the watermark is the bound past a held event. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredEvent> out) throws Exception {
        DeviceWindowState state = state();
        if (release(state, timestamp - boundMs, out)) {
            windowState.update(state);
        }
    }

    private DeviceWindowState state() throws Exception {
        DeviceWindowState state = windowState.value();
        return state != null ? state : scorer.newState();
    }

    /** Scores the held events with timestamps up to {@code upTo}, oldest first, keeps the rest; true if any was scored. */
    private boolean release(DeviceWindowState state, long upTo, Collector<ScoredEvent> out) throws Exception {
        List<SensorEvent> due = new ArrayList<>();
        List<SensorEvent> held = new ArrayList<>();
        for (SensorEvent event : pending.get()) {
            (event.ts <= upTo ? due : held).add(event);
        }
        if (due.isEmpty()) {
            return false;
        }
        due.sort(Comparator.comparingLong(e -> e.ts)); // stable: equal timestamps keep arrival order
        for (SensorEvent event : due) {
            score(state, event, out);
        }
        state.lastScoredTs = due.get(due.size() - 1).ts;
        pending.update(held);
        return true;
    }

    private void score(DeviceWindowState state, SensorEvent event, Collector<ScoredEvent> out) {
        ScoredEvent result = scorer.score(state, event);
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

    private void rejectLate(Context ctx, SensorEvent event, String why) {
        late.inc();
        RawRecord record = new RawRecord();
        record.value = lateEventWriter.write(event);
        String detail = "event time " + Instant.ofEpochMilli(event.ts) + " is " + why;
        ctx.output(LATE_EVENTS, new DeadLetter(record, DeadLetterReason.LATE_EVENT, detail, System.currentTimeMillis()));
    }
}

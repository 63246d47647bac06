package io.fleetanomaly.job;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.DeviceWindowState;
import org.apache.flink.api.common.functions.OpenContext;
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
 */
public class DeviceScoringFunction extends KeyedProcessFunction<String, SensorEvent, ScoredEvent> {
    /**
     * Events older than the current watermark (later than the out-of-orderness bound allows): not
     * scored, since they would enter the device's window out of order; emitted here and counted.
     */
    public static final OutputTag<SensorEvent> LATE_EVENTS = new OutputTag<>("late-events") {};

    private final ModelBundle bundle;
    private final int deviceWarmupEvents;

    private transient DeviceScorer scorer;
    private transient ValueState<DeviceWindowState> windowState;
    private transient Counter scored;
    private transient Counter warmingUp;
    private transient Counter imputed;
    private transient Counter late;

    public DeviceScoringFunction(ModelBundle bundle) {
        this(bundle, 0);
    }

    /** @param deviceWarmupEvents a device's first events that only build its baselines (see JobSettings) */
    public DeviceScoringFunction(ModelBundle bundle, int deviceWarmupEvents) {
        this.bundle = bundle;
        this.deviceWarmupEvents = deviceWarmupEvents;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = new DeviceScorer(bundle, deviceWarmupEvents);
        windowState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("device-window", TypeInformation.of(DeviceWindowState.class)));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("fleet_anomaly");
        scored = metrics.counter("events_scored");
        warmingUp = metrics.counter("events_warming_up");
        imputed = metrics.counter("readings_imputed");
        late = metrics.counter("late_events");
    }

    @Override
    public void processElement(SensorEvent event, Context ctx, Collector<ScoredEvent> out) throws Exception {
        if (event.ts < ctx.timerService().currentWatermark()) {
            late.inc();
            ctx.output(LATE_EVENTS, event);
            return;
        }
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
}

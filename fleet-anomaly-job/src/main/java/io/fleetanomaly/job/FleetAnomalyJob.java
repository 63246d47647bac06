package io.fleetanomaly.job;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.ControlResult;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.job.alerting.CusumAlertFunction;
import io.fleetanomaly.job.control.ControlGraph;
import io.fleetanomaly.job.control.ControlSettings;
import io.fleetanomaly.job.control.ControlledDeviceScoring;
import io.fleetanomaly.job.control.ControlledParseEvents;
import io.fleetanomaly.job.serialization.SensorEventTypeInfo;
import java.util.Objects;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the fleet-anomaly job graph. The source and sinks are parameters, so the embedded run
 * plugs the simulator and stdout, production plugs Kafka, and tests plug bounded inputs and
 * collecting sinks — all through the same graph:
 *
 * <pre>
 * raw records → parse + validate ─► dead letters
 *            → keyBy(device_id) → device window + native detectors ─► late events (dead letters)
 *            → (when the bundle has one) batched LSTM autoencoder, across devices → fusion
 *            → (same keys, no shuffle) CUSUM alerts ─► alerts, optional per-event scores
 * </pre>
 */
public final class FleetAnomalyJob {
    private final ModelBundle bundle;
    private final JobSettings settings;
    private final Function<StreamExecutionEnvironment, DataStream<RawRecord>> input;
    private final Sink<Alert> alertSink;
    private final Sink<DeadLetter> deadLetterSink;
    private final Sink<ScoredEvent> scoreSink;
    private final Function<StreamExecutionEnvironment, DataStream<RawRecord>> control;
    private final ControlSettings controlSettings;
    private final Sink<ControlResult> controlResultSink;

    private FleetAnomalyJob(Builder builder) {
        this.bundle = Objects.requireNonNull(builder.bundle, "bundle");
        this.settings = builder.settings;
        this.input = Objects.requireNonNull(builder.input, "input");
        this.alertSink = builder.alertSink;
        this.deadLetterSink = builder.deadLetterSink;
        this.scoreSink = builder.scoreSink;
        this.control = builder.control;
        this.controlSettings = builder.controlSettings;
        this.controlResultSink = builder.controlResultSink;
    }

    public static Builder builder(ModelBundle bundle) {
        return new Builder(bundle);
    }

    /** Adds the job to the environment, wires the sinks given, and returns all its output streams. */
    public JobStreams attachTo(StreamExecutionEnvironment env) {
        if (settings.parallelism() != JobSettings.FLINK_PARALLELISM) {
            env.setParallelism(settings.parallelism());
        }
        env.setMaxParallelism(settings.maxParallelism());
        env.setBufferTimeout(settings.bufferTimeout().toMillis());
        // Safe: no operator keeps a reference to a record after emitting it or reads one it has emitted.
        env.getConfig().enableObjectReuse();
        JobStreams streams = buildGraph(input.apply(env), control == null ? null : control.apply(env), bundle, settings,
                controlSettings);
        if (alertSink != null) {
            streams.alerts().sinkTo(alertSink).name("alert-sink").uid("alert-sink");
        }
        if (deadLetterSink != null) {
            streams.deadLetters().sinkTo(deadLetterSink).name("dead-letter-sink").uid("dead-letter-sink");
        }
        if (scoreSink != null && streams.scores() != null) {
            streams.scores().sinkTo(scoreSink).name("score-sink").uid("score-sink");
        }
        if (controlResultSink != null && streams.controlResults() != null) {
            streams.controlResults().sinkTo(controlResultSink).setParallelism(1)
                    .name("control-result-sink").uid("control-result-sink");
        }
        KeyedChainGuard.check(streams.alerts());
        return streams;
    }

    /**
     * {@code pipeline.generic-types: false}: every record and state type must have a serializer of
     * its own (POJO, primitive, array, ...). A type that would fall back to Kryo (whose format
     * neither evolves nor is checked) fails the job at graph-building time instead of slipping
     * into a savepoint unnoticed.
     */
    public static void disableGenericTypes(StreamExecutionEnvironment env) {
        Configuration noGenericTypes = new Configuration();
        noGenericTypes.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(noGenericTypes);
    }

    /** The graph itself, from raw records to outputs (generic types disabled in its environment: {@link #disableGenericTypes}). */
    public static JobStreams buildGraph(DataStream<RawRecord> raw, ModelBundle bundle, JobSettings settings) {
        return buildGraph(raw, null, bundle, settings, null);
    }

    /**
     * The graph with, when {@code control} is given, model and threshold updates from a control
     * stream (see {@code docs/operations.md}): its records are loaded and decided on at parallelism 1,
     * and what is accepted is broadcast to the parse step and the device window operator, which
     * announces it in-band to the LSTM and alert operators.
     *
     * @param control raw control records, or null: the job runs with {@code bundle} until stopped
     * @param controlSettings how control records are applied (with {@code control})
     */
    public static JobStreams buildGraph(DataStream<RawRecord> raw, DataStream<RawRecord> control, ModelBundle bundle,
            JobSettings settings, ControlSettings controlSettings) {
        disableGenericTypes(raw.getExecutionEnvironment());
        ControlGraph controlGraph = control == null ? null : ControlGraph.attach(control, bundle, controlSettings);
        // Parsed at the input's parallelism, so the edge from the source is forward: a rebalance
        // would interleave one device's records from two channels and break their order.
        ParseEventsFunction parse = new ParseEventsFunction(bundle.features(), settings.timestampRange(),
                settings.maxRecordBytes());
        SingleOutputStreamOperator<SensorEvent> events = (controlGraph == null
                        ? raw.process(parse)
                        : raw.connect(controlGraph.broadcast(ControlledParseEvents.PARSE_ORDER))
                                .process(new ControlledParseEvents(parse, bundle.identity().contentHash())))
                // its own serializer on the keyBy exchange instead of the POJO serializer's reflection (records only, not state)
                .returns(SensorEventTypeInfo.INSTANCE)
                .setParallelism(raw.getParallelism())
                .name("parse-events")
                .uid("parse-events");

        WatermarkStrategy<SensorEvent> watermarks = WatermarkStrategy
                .<SensorEvent>forBoundedOutOfOrderness(settings.outOfOrderness())
                .withTimestampAssigner((event, previous) -> event.ts)
                .withIdleness(settings.idleness());

        KeyedStream<SensorEvent, String> byDevice = events
                .assignTimestampsAndWatermarks(watermarks)
                .setParallelism(raw.getParallelism())
                .name("event-time")
                .uid("event-time")
                .keyBy(new DeviceIdSelector.OfEvent());
        DeviceScoringFunction scoring = new DeviceScoringFunction(bundle, settings)
                .chainedToAlerts(raw.getExecutionEnvironment().isChainingEnabled());
        SingleOutputStreamOperator<ScoredEvent> scored = (controlGraph == null
                        ? byDevice.transform("device-window-scoring", TypeInformation.of(ScoredEvent.class),
                                new DeviceScoringOperator(scoring))
                        : byDevice.connect(controlGraph.broadcast())
                                .transform("device-window-scoring", TypeInformation.of(ScoredEvent.class),
                                        new ControlledDeviceScoringOperator(
                                                new ControlledDeviceScoring(scoring, controlSettings.overrides()))))
                .name("device-window-scoring")
                .uid("device-window-scoring");

        DataStream<ScoredEvent> fused = scored;
        // with a control stream in the graph whatever the start-up bundle: a bundle swapped in may have an LSTM autoencoder
        if (controlGraph != null || bundle.hasLstm()) {
            fused = scored
                    .transform("lstm-autoencoder-scoring", TypeInformation.of(ScoredEvent.class),
                            LstmScoringOperator.forModel(bundle, settings.lstm()))
                    .uid("lstm-autoencoder-scoring");
        }

        SingleOutputStreamOperator<Alert> alerts = DataStreamUtils
                .reinterpretAsKeyedStream(fused, new DeviceIdSelector.OfScore())
                .process(new CusumAlertFunction(
                        bundle.alertSettings(),
                        bundle.detectorNames(),
                        bundle.detectorWeights(),
                        bundle.features().toArray(new String[0]),
                        bundle.identity(),
                        settings.emitScores(),
                        settings.deviceIdleTimeout(),
                        settings.deviceStateTtl()))
                .name("cusum-alerts")
                .uid("cusum-alerts");

        DataStream<ScoredEvent> scores = settings.emitScores() ? alerts.getSideOutput(CusumAlertFunction.SCORES) : null;
        DataStream<DeadLetter> deadLetters = events.getSideOutput(ParseEventsFunction.DEAD_LETTERS)
                .union(scored.getSideOutput(DeviceScoringFunction.LATE_EVENTS));
        return new JobStreams(alerts, deadLetters, scores, controlGraph == null ? null : controlGraph.results());
    }

    public static final class Builder {
        private final ModelBundle bundle;
        private JobSettings settings = JobSettings.builder().build();
        private Function<StreamExecutionEnvironment, DataStream<RawRecord>> input;
        private Sink<Alert> alertSink;
        private Sink<DeadLetter> deadLetterSink;
        private Sink<ScoredEvent> scoreSink;
        private Function<StreamExecutionEnvironment, DataStream<RawRecord>> control;
        private ControlSettings controlSettings;
        private Sink<ControlResult> controlResultSink;

        private Builder(ModelBundle bundle) {
            this.bundle = bundle;
        }

        public Builder settings(JobSettings settings) {
            this.settings = settings;
            return this;
        }

        /** How to add the source of raw records to an environment. */
        public Builder input(Function<StreamExecutionEnvironment, DataStream<RawRecord>> input) {
            this.input = input;
            return this;
        }

        public Builder alertSink(Sink<Alert> alertSink) {
            this.alertSink = alertSink;
            return this;
        }

        public Builder deadLetterSink(Sink<DeadLetter> deadLetterSink) {
            this.deadLetterSink = deadLetterSink;
            return this;
        }

        public Builder scoreSink(Sink<ScoredEvent> scoreSink) {
            this.scoreSink = scoreSink;
            return this;
        }

        /**
         * Model and threshold updates while the job runs: how to add the source of control records
         * (JSON, {@code docs/contracts.md}) to an environment, and how to apply them.
         */
        public Builder control(Function<StreamExecutionEnvironment, DataStream<RawRecord>> control, ControlSettings settings) {
            this.control = Objects.requireNonNull(control, "control");
            this.controlSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Where the result of each control message goes (with {@link #control}). */
        public Builder controlResultSink(Sink<ControlResult> sink) {
            this.controlResultSink = sink;
            return this;
        }

        public FleetAnomalyJob build() {
            return new FleetAnomalyJob(this);
        }
    }
}

package io.fleetanomaly.benchmark;

import io.fleetanomaly.alerting.CusumDetector;
import io.fleetanomaly.state.CusumState;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.iforest.IsolationForest;
import io.fleetanomaly.features.WindowFeatures;
import io.fleetanomaly.detectors.lstm.LstmAutoencoderScorer;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisModel;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.fusion.DeferredShares;
import io.fleetanomaly.format.EventJsonParser;
import io.fleetanomaly.format.TimestampRange;
import io.fleetanomaly.fusion.ScoreFusion;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.DeviceWindow;
import io.fleetanomaly.state.DeviceWindowState;
import java.util.ArrayList;
import java.util.List;

/**
 * What each stage of the job costs per event, measured in isolation: a plain loop over the core
 * class that does the stage's work, on the benchmark's own events (the first steps of every
 * device, up to a sample), one untimed pass to warm the JIT up, then timed passes until the thread has
 * spent the budget of CPU time. The detectors are fed the inputs the job would feed them (window features,
 * scaled readings, real windows), prepared beforehand so a row times its stage alone. No Flink:
 * the difference between the sum of the rows and the job's cost per event is what the runtime
 * (serialisation, the keyBy exchange, keyed state, watermarks, metrics) adds.
 */
final class StageCosts {
    /** One stage: microseconds per event (per window for the LSTM, which scores one per event). */
    record Stage(String name, double microsPerEvent, String what) {}

    private static volatile double sink;

    private final BenchmarkEvents events;
    private final ModelBundle bundle;
    private final double seconds;
    private final int sampleSteps;

    /**
     * @param seconds timed budget per stage (after its warm-up pass)
     * @param sampleEvents about how many events the loops use (whole steps of every device)
     */
    StageCosts(BenchmarkEvents events, ModelBundle bundle, double seconds, int sampleEvents) {
        this.events = events;
        this.bundle = bundle;
        this.seconds = seconds;
        this.sampleSteps = Math.max(bundle.window() + 2,
                Math.min(events.eventsPerDevice(), sampleEvents / events.devices()));
    }

    /** The rows; {@code ort} (may be null) times the LSTM row on the events' real windows. */
    List<Stage> measure(LstmAutoencoderScorer ort, int batchSize) {
        int devices = events.devices();
        int sample = Math.min(events.size(), sampleSteps * devices);
        SensorEvent[] sampled = java.util.Arrays.copyOf(events.events(), sample);
        byte[][] json = java.util.Arrays.copyOf(events.json(), sample);
        int f = bundle.featureCount();
        List<Stage> stages = new ArrayList<>();

        EventJsonParser parser = new EventJsonParser(bundle.features(), TimestampRange.defaults());
        stages.add(new Stage("parse", time(sample, () -> {
            long accepted = 0;
            for (byte[] value : json) {
                accepted += parser.parse(value).isAccepted() ? 1 : 0;
            }
            sink = accepted;
        }), "EventJsonParser.parse of the event's JSON bytes"));

        DeviceWindow window = new DeviceWindow(bundle.scaler(), bundle.window());
        DeviceWindowState[] states = new DeviceWindowState[devices];
        for (int d = 0; d < devices; d++) {
            states[d] = window.newState();
        }
        stages.add(new Stage("window and features", time(sample, () -> {
            long imputed = 0;
            for (int i = 0; i < sampled.length; i++) {
                imputed += window.advance(states[i % devices], sampled[i].values);
            }
            sink = imputed;
        }), "DeviceWindow.advance: scale, impute, ring buffer, window features"));

        // The detectors' inputs, as the job computes them, for every event whose window is full.
        Inputs inputs = prepareInputs(sampled, f);

        IsolationForest forest = bundle.isolationForest();
        double[] forestRaw = new double[inputs.count];
        boolean paths = forest.recordsPaths();
        int[] pathScratch = new int[forest.numTrees()];
        stages.add(new Stage("Isolation Forest", time(inputs.count, () -> {
            for (int i = 0; i < inputs.count; i++) {
                // as the job's scorer: the walk records its paths, from which an event's attribution is read when asked for
                forestRaw[i] = paths ? forest.scoreRecordingPaths(inputs.windowFeatures[i], pathScratch)
                        : forest.score(inputs.windowFeatures[i]);
            }
        }), forest.numTrees() + " trees, score only" + (paths ? ", recording each tree's path" : "")
                + " (the job defers the attribution: row below)"));

        MahalanobisModel mahalanobis = bundle.fleetMahalanobis();
        double[] scratch = new double[f];
        double[] contributions = new double[f];
        double[] mahalanobisRaw = new double[inputs.count];
        stages.add(new Stage("Mahalanobis", time(inputs.count, () -> {
            for (int i = 0; i < inputs.count; i++) {
                mahalanobisRaw[i] = mahalanobis.distanceSquared(inputs.readings[i], scratch, contributions);
            }
        }), "fleet model d² with per-sensor contributions (Cholesky solve)"));

        if (ort != null) {
            float[] batch = inputs.windowBatch(batchSize, bundle.window() * f);
            double windowsPerSecond = CpuClock.ortWindowsPerCpuSecond(ort, batch, batchSize, seconds / 2, seconds);
            stages.add(new Stage("LSTM autoencoder", 1e6 / windowsPerSecond,
                    "ONNX Runtime, batch " + batchSize + " of the events' windows, per window"));
        }

        ScoreFusion fusion = bundle.fusion();
        int lstmIndex = bundle.hasLstm() ? bundle.detectorIndex(ModelBundle.LSTM_AE) : -1;
        ScoredEvent[] fused = new ScoredEvent[inputs.count];
        DeferredShares deferredForestShares = DeviceScorer.forestSensorShares(forest, f);
        stages.add(new Stage("fusion", time(inputs.count, () -> {
            for (int i = 0; i < inputs.count; i++) {
                ScoredEvent scored = new ScoredEvent();
                fusion.startDeferred(scored, f, lstmIndex >= 0 ? 2 : 1, inputs.windowFeatures[i].length);
                fusion.addDeferredBorrowing(scored, 0, bundle.isolationForestCalibration().calibrate(forestRaw[i]),
                        inputs.windowFeatures[i], deferredForestShares);
                fusion.add(scored, 1, bundle.mahalanobisCalibration().calibrate(mahalanobisRaw[i]), contributions);
                if (lstmIndex >= 0) {
                    fusion.add(scored, lstmIndex, bundle.lstm().calibration().calibrate(0.0), contributions);
                }
                fusion.finish(scored);
                fused[i] = scored;
            }
        }), "calibrate each detector's score, fuse them, keep the sensor shares for later (as the job)"));

        // Which events' contributions the CUSUM reads (those that open or continue an alert): it
        // asks for them, and the forest's attribution is computed for these events only.
        CusumDetector cusum = new CusumDetector(bundle.alertSettings(), f);
        java.util.BitSet asked = new java.util.BitSet(inputs.count);
        CusumState[] askingStates = new CusumState[devices];
        for (int i = 0; i < inputs.count; i++) {
            int device = inputs.device[i];
            if (askingStates[device] == null) {
                askingStates[device] = cusum.newState();
            }
            ScoredEvent event = fused[i];
            int index = i;
            cusum.observeDeferred(askingStates[device], inputs.ts[i], event.fusedScore, event, e -> {
                asked.set(index);
                return e.contributions();
            });
        }
        stages.add(new Stage("CUSUM", time(inputs.count, () -> {
            CusumState[] cusumStates = new CusumState[devices];
            long alerts = 0;
            for (int i = 0; i < inputs.count; i++) {
                int device = inputs.device[i];
                if (cusumStates[device] == null) {
                    cusumStates[device] = cusum.newState();
                }
                alerts += cusum.observeDeferred(cusumStates[device], inputs.ts[i], fused[i].fusedScore,
                        fused[i], ScoredEvent::contributions) == null ? 0 : 1;
            }
            sink = alerts;
        }), "CusumDetector.observe per device (alert records not built)"));

        double[] askedShares = new double[f];
        // the job reads an asked event's attribution along the paths its score's walk recorded
        int[][] askedPaths = new int[inputs.count][];
        if (paths) {
            for (int i = asked.nextSetBit(0); i >= 0; i = asked.nextSetBit(i + 1)) {
                askedPaths[i] = new int[forest.numTrees()];
                forest.scoreRecordingPaths(inputs.windowFeatures[i], askedPaths[i]);
            }
        }
        double[] attribution = new double[forest.dimensions()];
        stages.add(new Stage("IF attribution", time(inputs.count, () -> {
            double total = 0;
            for (int i = asked.nextSetBit(0); i >= 0; i = asked.nextSetBit(i + 1)) {
                java.util.Arrays.fill(askedShares, 0.0);
                if (paths) {
                    forest.attributionOfPaths(askedPaths[i], attribution);
                    for (int j = 0; j < f; j++) {
                        askedShares[j] = WindowFeatures.sensorShare(attribution, f, j);
                    }
                } else {
                    deferredForestShares.compute(inputs.windowFeatures[i], askedShares);
                }
                total += askedShares[0];
            }
            sink = total;
        }), String.format(java.util.Locale.ROOT, "the forest's attribution%s, for the %.1f%% of events whose contributions"
                + " the CUSUM reads (opening or in an alert), per event", paths ? " along the recorded paths" : "",
                100.0 * asked.cardinality() / inputs.count)));
        return stages;
    }

    private Inputs prepareInputs(SensorEvent[] sampled, int f) {
        int devices = events.devices();
        DeviceWindow window = new DeviceWindow(bundle.scaler(), bundle.window());
        DeviceWindowState[] states = new DeviceWindowState[devices];
        for (int d = 0; d < devices; d++) {
            states[d] = window.newState();
        }
        int full = Math.max(0, sampled.length - (bundle.window() - 1) * devices);
        Inputs inputs = new Inputs(full, f);
        for (int i = 0; i < sampled.length; i++) {
            DeviceWindowState state = states[i % devices];
            window.advance(state, sampled[i].values);
            if (window.isFull(state) && inputs.count < full) {
                int k = inputs.count++;
                inputs.windowFeatures[k] = window.windowFeatures().clone();
                inputs.readings[k] = window.reading().clone();
                inputs.device[k] = i % devices;
                inputs.ts[k] = sampled[i].ts;
                if (inputs.windows.size() < Inputs.WINDOW_POOL) {
                    inputs.windows.add(window.chronologicalWindow(state));
                }
            }
        }
        return inputs;
    }

    /**
     * Runs {@code pass} once untimed, then until the budget of this thread's CPU time is spent;
     * CPU microseconds per item (CPU time, not wall time: other processes on the machine do not count).
     */
    private double time(int itemsPerPass, Runnable pass) {
        if (itemsPerPass == 0) {
            return Double.NaN;
        }
        pass.run();
        CpuClock.Spent spent = CpuClock.runFor(seconds, pass);
        return spent.nanos() / 1e3 / ((double) spent.passes() * itemsPerPass);
    }

    private static final class Inputs {
        static final int WINDOW_POOL = 4096;
        final double[][] windowFeatures;
        final double[][] readings;
        final int[] device;
        final long[] ts;
        final List<float[]> windows = new ArrayList<>();
        int count;

        Inputs(int capacity, int features) {
            windowFeatures = new double[capacity][];
            readings = new double[capacity][];
            device = new int[capacity];
            ts = new long[capacity];
        }

        /** One batch of real windows, cycled from the pool when it holds fewer. */
        float[] windowBatch(int batchSize, int valuesPerWindow) {
            float[] batch = new float[batchSize * valuesPerWindow];
            for (int b = 0; b < batchSize; b++) {
                float[] w = windows.get(b % windows.size());
                System.arraycopy(w, 0, batch, b * valuesPerWindow, valuesPerWindow);
            }
            return batch;
        }
    }
}

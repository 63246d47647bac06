package io.fleetanomaly.scoring;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.MahalanobisSettings;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.iforest.IsolationForest;
import io.fleetanomaly.detectors.mahalanobis.DeviceBaseline;
import io.fleetanomaly.detectors.mahalanobis.DeviceModel;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisModel;
import io.fleetanomaly.detectors.mahalanobis.PcaMonitor;
import io.fleetanomaly.detectors.mahalanobis.ReadingSpread;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.features.DeviceScaler;
import io.fleetanomaly.features.PredictiveSpread;
import io.fleetanomaly.features.WeeklyPrior;
import io.fleetanomaly.features.DeviceSpread;
import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.features.PlausibleRanges;
import io.fleetanomaly.features.VarianceChange;
import io.fleetanomaly.features.WindowFeatures;
import io.fleetanomaly.fusion.DeferredShares;
import io.fleetanomaly.fusion.PendingContributions;
import io.fleetanomaly.fusion.ScoreFusion;
import io.fleetanomaly.state.DeviceBaselineMapper;
import io.fleetanomaly.state.DeviceModelMapper;
import io.fleetanomaly.state.DeviceModelsState;
import io.fleetanomaly.state.DeviceScalerMapper;
import io.fleetanomaly.state.DeviceWarmupState;
import io.fleetanomaly.state.DeviceWindowState;
import io.fleetanomaly.state.WarmupReadingsState;

/**
 * Per-device scoring, free of Flink so the streaming operator, training and evaluation share one
 * implementation. For each event it scales and imputes the reading, updates the device's window,
 * and, once warm, scores it with the Isolation Forest and Mahalanobis detectors, calibrates them
 * and adds them to the fusion with their sensor attributions. Without an LSTM autoencoder in the
 * bundle it finishes the fusion; with one it attaches the window for the LSTM scoring operator,
 * which adds its score and finishes.
 *
 * <p>A device's state is reached through a {@link DeviceStateStore}: the hot window state on every
 * event; in device mode the warm-up (read and written during the warm-up only) or the fitted
 * models (written once, then read). The detectors' own classes never reach keyed state: the
 * scorer converts with the mappers of {@code io.fleetanomaly.state}.
 *
 * <p>Not thread-safe: holds scratch buffers, one instance per operator instance.
 */
public final class DeviceScorer {
    public static final int IFOREST_INDEX = 0;
    public static final int MAHALANOBIS_INDEX = 1;

    private final DeviceWindow window;
    private final int features;
    private final IsolationForest forest;
    private final MahalanobisModel fleetMahalanobis;
    private final MahalanobisMode mahalanobisMode;
    private final int deviceWarmupEvents;
    private final double deviceShrinkage;
    private final int deviceSmoothingEvents;
    /** Fleet mode with a PCA monitor: readings averaged for its smoothed statistics. */
    private final int fleetSmoothingEvents;
    private final PcaMonitor.Scratch pcaScratch;
    /** Device mode with device-scaled inputs: every detector sees the device on its own scale ({@link DeviceScaler}). */
    private final boolean deviceScaling;
    private final long seasonPeriodMs;
    /** The fleet's weekly gains every device's scaler applies (null = none). */
    private final WeeklyPrior weeklyPrior;
    private final int seasonHarmonics;
    private final int levelEvents;
    private final int referenceEvents;
    private final boolean missingPeakHold;
    private final int seasonCorrectionEvents;
    /** Device mode with device-scaled inputs: the variance statistic beside the reading's d²; null = none. */
    private final VarianceChange varianceChange;
    /** Device mode with a reference level: the level's fall under a missing daily peak scores ({@link DeviceScaler#missingPeakDeficit}). */
    private final boolean missingPeakScore;
    /**
     * With the missing-peak score: the largest warm-up lag-one autocorrelation of a sensor it scores
     * ({@link MahalanobisSettings#EVERY_SENSOR} = every sensor; see {@link VarianceChange#lagOneAutocorrelation}).
     */
    private final double missingPeakMaxAutocorrelation;
    /** Whether the missing-peak score leaves sensors out by their warm-up autocorrelation. */
    private final boolean gatesMissingPeakSensors;
    /** Device-scaled inputs: what the device's reading model divides each sensor by. */
    private final ReadingSpread readingSpread;
    private final DeviceSpread spread;
    private final int warmupEvents;
    private final ScoreCalibration forestCalibration;
    private final ScoreCalibration mahalanobisCalibration;
    /** Device mode learned from the job's warm-up: d² is calibrated with its χ²(F) tail (see constructor). */
    private final boolean chiSquaredCalibration;
    private final ScoreFusion fusion;
    private final boolean lstmFollows;
    /** See {@link #deferAttribution()}. */
    private boolean deferAttribution;
    /** The forest's shares of a deferred event, from the input the event keeps. */
    private DeferredShares deferredForestShares;
    /** The last deferred event's record, which borrows the window's forest input until the next event. */
    private PendingContributions borrowingRecord;
    /** Where the last deferred event's walk ended in each tree ({@link IsolationForest#scoreRecordingPaths}); null: not recorded. */
    private int[] forestPaths;

    private final double[] forestAttribution;
    private final double[] mahalanobisContributions;
    private final double[] mahalanobisScratch;
    private final double[] smoothed;
    private final double[] smoothedContributions;
    private final double[] varianceTerms;
    private final double[] deviates;
    private final double[] forestShares;
    /** Readings outside are clamped and kept out of a device-mode warm-up; null: none (training, older bundles). */
    private PlausibleRanges plausibleRanges;
    /** Features of the event being scored that were clamped (scratch, per event). */
    private long clampedMask;
    /** The event's readings, clamped into the plausible ranges (scratch, per event). */
    private final double[] clampedValues;
    /** Device mode: the fitted models of the device being scored, null before (scratch, per event). */
    private DeviceModel readingModel;
    private DeviceModel smoothedModel;
    /** Device mode with the variance statistic: the device's difference spreads, null before (scratch, per event). */
    private double[] differenceSpread;
    /** Device mode with device-scaled inputs: the device's scaler for the event being scored, null before (scratch, per event). */
    private DeviceScaler eventScaler;
    /** Sensors imputed in the event being scored (scratch, per event). */
    private long imputedMask;

    public DeviceScorer(ModelBundle bundle) {
        this(bundle, 0);
    }

    /**
     * @param deviceWarmupEvents a device's first events that only build its baselines and are not
     *     scored (0 = the window and the bundle's device-mode warm-up only); when positive, the
     *     device-mode Mahalanobis model is learned from exactly these events
     */
    public DeviceScorer(ModelBundle bundle, int deviceWarmupEvents) {
        this(new DeviceWindow(bundle.scaler(), bundle.window()), bundle.isolationForest(), bundle.fleetMahalanobis(),
                bundle.mahalanobisSettings(), deviceWarmupEvents, bundle.isolationForestCalibration(),
                bundle.mahalanobisCalibration(), bundle.fusion(), bundle.hasLstm());
        this.plausibleRanges = bundle.plausibleRanges();
    }

    private DeviceScorer(
            DeviceWindow window,
            IsolationForest forest,
            MahalanobisModel fleetMahalanobis,
            MahalanobisSettings mahalanobisSettings,
            int extraWarmupEvents,
            ScoreCalibration forestCalibration,
            ScoreCalibration mahalanobisCalibration,
            ScoreFusion fusion,
            boolean lstmFollows) {
        this.window = window;
        this.features = window.features();
        this.forest = forest;
        this.fleetMahalanobis = fleetMahalanobis;
        this.mahalanobisMode = mahalanobisSettings.mode();
        if (extraWarmupEvents < 0) {
            throw new IllegalArgumentException("device warm-up events must be >= 0, got " + extraWarmupEvents);
        }
        this.deviceWarmupEvents = extraWarmupEvents > 0
                ? Math.max(8, extraWarmupEvents)
                : mahalanobisSettings.deviceWarmupEvents();
        this.deviceShrinkage = mahalanobisSettings.deviceShrinkage();
        this.deviceSmoothingEvents = mahalanobisSettings.deviceSmoothingEventsFor(deviceWarmupEvents, window.window());
        this.fleetSmoothingEvents = Math.max(1, Math.min(mahalanobisSettings.deviceSmoothingEvents(), window.window()));
        this.pcaScratch = fleetMahalanobis != null && fleetMahalanobis.pca() != null
                ? fleetMahalanobis.pca().newScratch()
                : null;
        if (mahalanobisSettings.deviceScaledInputs() && mahalanobisMode != MahalanobisMode.DEVICE) {
            throw new IllegalArgumentException("a bundle trained on device-scaled inputs runs in device mode only");
        }
        this.deviceScaling = mahalanobisSettings.deviceScaledInputs();
        this.seasonPeriodMs = mahalanobisSettings.seasonPeriodMs();
        this.weeklyPrior = mahalanobisSettings.weeklyPrior();
        this.seasonHarmonics = mahalanobisSettings.seasonHarmonics();
        this.levelEvents = mahalanobisSettings.levelEvents();
        this.referenceEvents = mahalanobisSettings.referenceEvents();
        this.missingPeakHold = mahalanobisSettings.missingPeakHold();
        this.seasonCorrectionEvents = mahalanobisSettings.seasonCorrectionEvents();
        this.varianceChange = mahalanobisSettings.varianceEvents() > 0 && deviceScaling
                && mahalanobisMode == MahalanobisMode.DEVICE
                ? new VarianceChange(mahalanobisSettings.varianceEvents(), deviceWarmupEvents - 1) : null;
        this.missingPeakScore = mahalanobisSettings.missingPeakScore() && deviceScaling
                && mahalanobisMode == MahalanobisMode.DEVICE;
        this.missingPeakMaxAutocorrelation = mahalanobisSettings.missingPeakMaxAutocorrelation();
        this.gatesMissingPeakSensors = missingPeakScore && mahalanobisSettings.gatesMissingPeakSensors();
        this.readingSpread = mahalanobisSettings.readingSpread();
        this.spread = mahalanobisSettings.spread();
        int baselines = mahalanobisMode == MahalanobisMode.DEVICE ? deviceWarmupEvents : 0;
        // events are counted before the check, so a warm-up of N events means the (N+1)-th is the first scored
        int explicit = extraWarmupEvents > 0 ? extraWarmupEvents + 1 : 0;
        this.warmupEvents = Math.max(window.window(), Math.max(explicit, baselines));
        this.forestCalibration = forestCalibration;
        this.mahalanobisCalibration = mahalanobisCalibration;
        // The bundle's device-mode calibration was fitted with the bundle's device warm-up; a model
        // learned from a different number of events (the job's warm-up) has a different spread of
        // d², so it is calibrated with the χ²(F) tail instead: −ln P(χ²(F) ≥ d²), Exp(1) on Gaussian data.
        this.chiSquaredCalibration = mahalanobisMode == MahalanobisMode.DEVICE && extraWarmupEvents > 0;
        this.fusion = fusion;
        this.lstmFollows = lstmFollows;
        this.forestAttribution = new double[WindowFeatures.dimensions(features)];
        this.mahalanobisContributions = new double[features];
        this.mahalanobisScratch = new double[features];
        this.smoothed = new double[features];
        this.smoothedContributions = new double[features];
        this.varianceTerms = new double[features];
        this.deviates = new double[features];
        this.forestShares = new double[features];
        this.clampedValues = new double[features];
    }

    /**
     * A scorer for raw (uncalibrated) scores only, used by training to fit the calibrations with
     * exactly the code that scores in production.
     */
    public static DeviceScorer forRawScores(
            FeatureScaler scaler, int window, IsolationForest forest, MahalanobisModel fleetMahalanobis,
            MahalanobisSettings mahalanobisSettings) {
        return new DeviceScorer(new DeviceWindow(scaler, window), forest, fleetMahalanobis, mahalanobisSettings,
                0, null, null, null, false);
    }

    /** A new device's hot state. */
    public DeviceWindowState newWindowState() {
        return window.newState();
    }

    /** A new device's state, held in memory (training, evaluation, tests). */
    public InMemoryDeviceState newDevice() {
        return new InMemoryDeviceState(newWindowState());
    }

    /** Whether a device's hot state was made for this scorer's window and features. */
    public boolean fits(DeviceWindowState state) {
        return window.fits(state);
    }

    /** Updates the device's state with the event and scores it (or marks it as warming up). */
    public ScoredEvent score(DeviceStateStore device, SensorEvent event) {
        ScoredEvent scored = new ScoredEvent();
        scored.deviceId = event.deviceId;
        scored.ts = event.ts;
        scored.label = event.label;
        scored.anomalyType = event.anomalyType;
        scored.imputedMask = advance(device, event.ts, event.values);
        scored.clampedMask = clampedMask;
        DeviceWindowState state = device.window();
        if (!isWarm(state)) {
            scored.warmingUp = true;
            return scored;
        }
        if (deferAttribution) {
            double[] forestInput = window.windowFeatures();
            double forestRaw = forestPaths != null ? forest.scoreRecordingPaths(forestInput, forestPaths)
                    : forest.score(forestInput);
            double mahalanobisRaw = mahalanobisDistance(state);
            fusion.startDeferred(scored, features, lstmFollows ? 2 : 1, forestInput.length);
            borrowingRecord = fusion.addDeferredBorrowing(scored, IFOREST_INDEX, forestCalibration.calibrate(forestRaw),
                    forestInput, deferredForestShares);
            fusion.add(scored, MAHALANOBIS_INDEX, calibrateMahalanobis(mahalanobisRaw), mahalanobisContributions);
        } else {
            double forestRaw = forest.score(window.windowFeatures(), forestAttribution);
            double mahalanobisRaw = mahalanobisDistance(state);
            sensorShares(forestAttribution, features, forestShares);
            fusion.start(scored, features);
            fusion.add(scored, IFOREST_INDEX, forestCalibration.calibrate(forestRaw), forestShares);
            fusion.add(scored, MAHALANOBIS_INDEX, calibrateMahalanobis(mahalanobisRaw), mahalanobisContributions);
        }
        if (mahalanobisMode == MahalanobisMode.DEVICE) {
            scored.belowNormalMask = belowNormalMask(deviates);
        }
        if (lstmFollows) {
            scored.window = window.chronologicalWindow(state);
        } else {
            fusion.finish(scored);
        }
        return scored;
    }

    /**
     * Defers each scored event's sensor contributions until they are asked for
     * ({@link ScoredEvent#contributions()}): the Isolation Forest then walks without its
     * attribution (about a third of its cost), and its attribution is computed from its input
     * only for an event whose contributions are read. The event's record borrows the window's
     * forest input until this scorer's next event, and copies it then only if the contributions
     * may still be read ({@link ScoredEvent#discardContributions()} says they will not). The contributions, fused score and
     * detector scores have the same bits either way. For the job, whose alert function reads the
     * contributions of events that open or continue an alert (and of every event when it writes
     * the scores output). The walk records its paths ({@link IsolationForest#scoreRecordingPaths}), so
     * the contributions asked for before this scorer's next event read the attribution along them
     * instead of walking the forest again.
     */
    public DeviceScorer deferAttribution() {
        this.deferAttribution = true;
        if (forest.recordsPaths()) {
            this.forestPaths = new int[forest.numTrees()];
            this.deferredForestShares = new RecordedPathShares(forest, features, window.windowFeatures(), forestPaths);
        } else {
            this.deferredForestShares = forestSensorShares(forest, features);
        }
        return this;
    }

    /**
     * The forest's sensor shares of a deferred event. While the event's record still borrows the
     * scorer's forest input (the input handed in is that very array), this scorer has not scored
     * another event since (it stops the record's borrowing first), so the paths its walk recorded
     * are the event's, and the attribution is read along them; a record that kept a copy of its
     * input (it outlived the scorer's next event) walks the forest again. The same bits either way
     * ({@link IsolationForest#attributionOfPaths}).
     */
    private static final class RecordedPathShares implements DeferredShares {
        private final IsolationForest forest;
        private final int features;
        private final double[] lentInput;
        private final int[] paths;

        RecordedPathShares(IsolationForest forest, int features, double[] lentInput, int[] paths) {
            this.forest = forest;
            this.features = features;
            this.lentInput = lentInput;
            this.paths = paths;
        }

        @Override
        public void compute(double[] input, double[] shares) {
            double[] attribution = new double[input.length];
            if (input == lentInput) {
                forest.attributionOfPaths(paths, attribution);
            } else {
                forest.score(input, attribution);
            }
            sensorShares(attribution, features, shares);
        }
    }

    /** Bit j set when the device-mode deviate of sensor j is negative (the sensor reads below its normal). */
    static long belowNormalMask(double[] deviates) {
        long mask = 0L;
        for (int j = 0; j < deviates.length && j < Long.SIZE; j++) {
            if (deviates[j] < 0.0) {
                mask |= 1L << j;
            }
        }
        return mask;
    }

    /** Per sensor, the forest's attribution summed over the sensor's window features. */
    private static void sensorShares(double[] attribution, int features, double[] shares) {
        for (int j = 0; j < features; j++) {
            shares[j] = WindowFeatures.sensorShare(attribution, features, j);
        }
    }

    /**
     * The sensor shares of the forest's attribution of an input (its window features), computed when
     * asked for: a deferred event's contributions, as the job's scorer computes them.
     */
    public static DeferredShares forestSensorShares(IsolationForest forest, int features) {
        return (x, shares) -> {
            double[] attribution = new double[x.length];
            forest.score(x, attribution);
            sensorShares(attribution, features, shares);
        };
    }

    /**
     * Updates the device's state with the reading and writes the raw (uncalibrated) detector
     * scores to {@code rawOut}; returns false while the device is warming up.
     */
    public boolean rawScores(DeviceStateStore device, double[] values, double[] rawOut) {
        return rawScores(device, 0L, values, rawOut);
    }

    /** As {@link #rawScores(DeviceStateStore, double[], double[])} for a reading taken at {@code ts} (epoch ms). */
    public boolean rawScores(DeviceStateStore device, long ts, double[] values, double[] rawOut) {
        advance(device, ts, values);
        DeviceWindowState state = device.window();
        if (!isWarm(state)) {
            return false;
        }
        rawOut[IFOREST_INDEX] = forest.score(window.windowFeatures());
        rawOut[MAHALANOBIS_INDEX] = mahalanobisDistance(state);
        return true;
    }

    /**
     * Training: updates the device's state with the reading and returns whether it is warm; then
     * {@link #windowFeatures()} holds the Isolation Forest's input and
     * {@link #chronologicalWindow(DeviceWindowState)} the LSTM's, as the job would score them.
     */
    public boolean advanceWarm(DeviceStateStore device, long ts, double[] values) {
        advance(device, ts, values);
        return isWarm(device.window());
    }

    /** The Isolation Forest's input of the last event (scratch). */
    public double[] windowFeatures() {
        return window.windowFeatures();
    }

    /** The LSTM autoencoder's input of the last event. */
    public float[] chronologicalWindow(DeviceWindowState state) {
        return window.chronologicalWindow(state);
    }

    private long advance(DeviceStateStore device, long ts, double[] values) {
        if (borrowingRecord != null) {
            // the window is about to overwrite the forest input the last deferred event borrows
            borrowingRecord.stopBorrowing();
            borrowingRecord = null;
        }
        clampedMask = 0;
        if (plausibleRanges != null) {
            System.arraycopy(values, 0, clampedValues, 0, features);
            clampedMask = plausibleRanges.clamp(clampedValues);
            if (clampedMask != 0) {
                values = clampedValues;
            }
        }
        DeviceWindowState state = device.window();
        readingModel = null;
        smoothedModel = null;
        differenceSpread = null;
        DeviceModelsState models = mahalanobisMode == MahalanobisMode.DEVICE ? device.models() : null;
        DeviceScaler deviceScaler = deviceScaling && models != null && models.scaler != null
                ? DeviceScalerMapper.toScaler(models.scaler, weeklyPrior)
                : null;
        long imputed = window.advance(state, values, deviceScaler, ts);
        eventScaler = deviceScaler;
        if (mahalanobisMode == MahalanobisMode.DEVICE) {
            if (models == null) {
                models = deviceScaling ? learnDeviceScale(device, state, ts) : learnDeviceModel(device, state);
            }
            if (models != null) {
                readingModel = DeviceModelMapper.toModel(models.reading);
                smoothedModel = models.smoothed == null ? null : DeviceModelMapper.toModel(models.smoothed);
                differenceSpread = models.differenceSpread;
            }
        }
        imputedMask = imputed;
        return imputed;
    }

    private boolean isWarm(DeviceWindowState state) {
        return state.eventCount >= warmupEvents
                && window.isFull(state)
                && (mahalanobisMode == MahalanobisMode.FLEET || readingModel != null);
    }

    private double calibrateMahalanobis(double raw) {
        if (chiSquaredCalibration) {
            return Math.min(ScoreCalibration.MAX_SCORE,
                    Math.max(0.0, -MahalanobisModel.chiSquaredLogSurvival(features, raw)));
        }
        return mahalanobisCalibration.calibrate(raw);
    }

    /**
     * Adds the reading to the device's warm-up; returns its fitted models once the warm-up is
     * complete, else null. A reading that had to be clamped (implausible) does not teach the device
     * what normal is: it is left out.
     */
    private DeviceModelsState learnDeviceModel(DeviceStateStore device, DeviceWindowState state) {
        if (clampedMask != 0) {
            return null;
        }
        DeviceWarmupState warmup = device.warmup();
        DeviceBaseline baseline = warmup == null
                ? DeviceBaseline.create(features, deviceWarmupEvents)
                : DeviceBaselineMapper.toBaseline(warmup);
        boolean smoothedReady = deviceSmoothingEvents > 1 && window.smoothedReading(state, deviceSmoothingEvents, smoothed);
        baseline.add(window.reading(), smoothedReady ? smoothed : null);
        if (baseline.count() < deviceWarmupEvents) {
            device.updateWarmup(DeviceBaselineMapper.toState(baseline));
            return null;
        }
        DeviceModelsState models = new DeviceModelsState(
                DeviceModelMapper.toState(baseline.toReadingModel(deviceShrinkage)),
                deviceSmoothingEvents > 1 ? DeviceModelMapper.toState(baseline.toSmoothedModel(deviceShrinkage)) : null);
        device.updateModels(models);
        device.updateWarmup(null);
        return models;
    }

    /**
     * Device-scaled inputs: holds the warm-up's readings; once complete, fits the device's scaler,
     * learns the Mahalanobis models from the warm-up's device-scaled readings (as the job will score
     * them) and switches the window to them. Returns the fitted models, else null.
     */
    private DeviceModelsState learnDeviceScale(DeviceStateStore device, DeviceWindowState state, long ts) {
        if (clampedMask != 0) {
            return null; // an implausible reading does not teach the device its scale
        }
        WarmupReadingsState held = device.warmupReadings();
        if (held == null) {
            held = new WarmupReadingsState();
            held.ts = new long[deviceWarmupEvents];
            held.values = new double[deviceWarmupEvents * features];
        }
        held.ts[held.count] = ts;
        System.arraycopy(window.reading(), 0, held.values, held.count * features, features);
        held.count++;
        if (held.count < deviceWarmupEvents) {
            device.updateWarmupReadings(held);
            return null;
        }
        int n = held.count;
        double[][] rows = new double[n][features];
        for (int i = 0; i < n; i++) {
            System.arraycopy(held.values, i * features, rows[i], 0, features);
        }
        DeviceScaler scaler = DeviceScaler.fit(held.ts, rows, seasonPeriodMs, seasonHarmonics, levelEvents, spread,
                referenceEvents, weeklyPrior).withMissingPeakHold(missingPeakHold)
                .withSeasonCorrection(seasonCorrectionEvents);
        double[] scaled = new double[n * features];
        double[] seasonNow = new double[features];
        for (int i = 0; i < n; i++) {
            scaler.seasonAt(held.ts[i], seasonNow);
            for (int j = 0; j < features; j++) {
                scaled[i * features + j] = scaler.inSample(j, rows[i][j], seasonNow);
            }
        }
        DeviceBaseline baseline = DeviceBaseline.create(features, deviceWarmupEvents);
        double[] reading = new double[features];
        for (int i = 0; i < n; i++) {
            System.arraycopy(scaled, i * features, reading, 0, features);
            boolean smoothedReady = deviceSmoothingEvents > 1 && i + 1 >= deviceSmoothingEvents;
            if (smoothedReady) {
                java.util.Arrays.fill(smoothed, 0.0);
                for (int back = 0; back < deviceSmoothingEvents; back++) {
                    for (int j = 0; j < features; j++) {
                        smoothed[j] += scaled[(i - back) * features + j] / deviceSmoothingEvents;
                    }
                }
            }
            baseline.add(reading, smoothedReady ? smoothed : null);
        }
        DeviceModelsState models = new DeviceModelsState(
                DeviceModelMapper.toState(baseline.toReadingModel(deviceShrinkage, readingWidening(scaled, n, scaler))),
                deviceSmoothingEvents > 1 ? DeviceModelMapper.toState(baseline.toSmoothedModel(deviceShrinkage)) : null);
        models.scaler = DeviceScalerMapper.toState(scaler);
        if (varianceChange != null || gatesMissingPeakSensors) {
            models.differenceSpread = VarianceChange.differenceSpreads(scaled, n, features);
        }
        window.replaceReadings(state, scaled, n);
        state.deviceLevel = levelEvents > 0 ? scaler.newLevel() : null;
        device.updateModels(models);
        device.updateWarmupReadings(null);
        return models;
    }

    /**
     * The factor each sensor's plain spread is widened by in the device's reading model, or null for the
     * long-run spread ({@link ReadingSpread}): 1 for plain; for predictive the error the warm-up's season
     * and location fit makes on later readings ({@link PredictiveSpread}, from the sensor's in-sample z).
     */
    private double[] readingWidening(double[] scaled, int n, DeviceScaler scaler) {
        if (readingSpread == ReadingSpread.LONG_RUN) {
            return null;
        }
        double[] widening = new double[features];
        java.util.Arrays.fill(widening, 1.0);
        if (readingSpread == ReadingSpread.PREDICTIVE) {
            double[] column = new double[n];
            for (int j = 0; j < features; j++) {
                for (int i = 0; i < n; i++) {
                    column[i] = scaled[i * features + j];
                }
                double factor = PredictiveSpread.factor(column, 0.0, 2 * scaler.harmonics() + 1);
                widening[j] = Double.isFinite(factor) ? factor : 1.0;
            }
        }
        return widening;
    }

    /**
     * Device mode with the variance statistic: advances the device's statistic with the event and
     * returns the larger of it and the reading's d² (whose contributions it then replaces with its
     * own per-sensor terms). The sides the alerting sees stay the reading's.
     */
    private double withVarianceChange(DeviceWindowState state, double readingD2) {
        if (varianceChange == null || differenceSpread == null) {
            return readingD2;
        }
        if (state.varianceEwma == null || state.varianceEwma.length != 2 * features) {
            state.varianceEwma = VarianceChange.newState(features);
        }
        double variance = varianceChange.advance(state.varianceEwma, window.reading(), window.previousReading(),
                imputedMask, differenceSpread, varianceTerms);
        if (variance > readingD2) {
            System.arraycopy(varianceTerms, 0, mahalanobisContributions, 0, features);
            return variance;
        }
        return readingD2;
    }

    /**
     * Whether the missing-peak score scores sensor j: every sensor without a gate; with one, a sensor whose
     * lag-one autocorrelation estimated from the warm-up is at most the gate's (a device whose state has no
     * difference spreads, written before the gate, scores none).
     */
    private boolean scoresMissingPeak(int j) {
        if (!gatesMissingPeakSensors) {
            return true;
        }
        return differenceSpread != null && differenceSpread[j] > 0
                && VarianceChange.lagOneAutocorrelation(differenceSpread[j]) <= missingPeakMaxAutocorrelation;
    }

    /**
     * Device mode with the missing-peak score: the larger of d² and the largest squared missing-peak
     * deficit over the sensors it scores ({@link DeviceScaler#missingPeakDeficit}, {@link #scoresMissingPeak}),
     * that sensor then its only contribution.
     */
    private double withMissingPeak(DeviceWindowState state, double d2) {
        if (!missingPeakScore || eventScaler == null || state.deviceLevel == null) {
            return d2;
        }
        double largest = 0.0;
        int lead = -1;
        for (int j = 0; j < features; j++) {
            if (!scoresMissingPeak(j)) {
                continue;
            }
            double deficit = eventScaler.missingPeakDeficit(j, window.seasonNow(), state.deviceLevel);
            if (deficit * deficit > largest) {
                largest = deficit * deficit;
                lead = j;
            }
        }
        if (largest > d2) {
            java.util.Arrays.fill(mahalanobisContributions, 0.0);
            mahalanobisContributions[lead] = largest;
            return largest;
        }
        return d2;
    }

    private double mahalanobisDistance(DeviceWindowState state) {
        if (mahalanobisMode == MahalanobisMode.DEVICE) {
            // the more surprising of the reading and the smoothed reading (both d² are ~χ²(F) on normal data)
            double reading = readingModel.distanceSquared(
                    window.reading(), deviates, mahalanobisScratch, mahalanobisContributions);
            if (smoothedModel != null) {
                window.smoothedReading(state, deviceSmoothingEvents, smoothed);
                double smoothedD2 = smoothedModel.distanceSquared(
                        smoothed, deviates, mahalanobisScratch, smoothedContributions);
                if (smoothedD2 > reading) {
                    System.arraycopy(smoothedContributions, 0, mahalanobisContributions, 0, features);
                    reading = smoothedD2;
                }
            }
            return withMissingPeak(state, withVarianceChange(state, reading));
        }
        if (pcaScratch != null) {
            boolean smoothedReady = fleetSmoothingEvents > 1
                    && window.smoothedReading(state, fleetSmoothingEvents, smoothed);
            PcaMonitor pca = fleetMahalanobis.pca();
            double[] ewma = null;
            if (pca.hasEwma()) {
                if (state.principalEwma == null || state.principalEwma.length != pca.components()) {
                    state.principalEwma = new double[pca.components()]; // starts at the fleet's mean
                }
                ewma = state.principalEwma;
                pca.advanceEwma(window.reading(), pca.ewmaAlpha(), ewma);
            }
            double[] centre = null;
            if (pca.hasCentredSpe() && smoothedReady) {
                if (state.residualCentre == null || state.residualCentre.length != features) {
                    state.residualCentre = new double[features];
                    state.residualCentreCount = 0;
                }
                if (state.residualCentreCount < pca.centredEvents()) {
                    pca.addToCentre(smoothed, state.residualCentre, state.residualCentreCount++, pcaScratch);
                } else {
                    centre = state.residualCentre;
                }
            }
            return pca.score(window.reading(), smoothedReady ? smoothed : null, ewma, centre, pcaScratch,
                    mahalanobisContributions);
        }
        return fleetMahalanobis.distanceSquared(window.reading(), mahalanobisScratch, mahalanobisContributions);
    }
}

package io.fleetanomaly.bundle;

import io.fleetanomaly.detectors.mahalanobis.ReadingSpread;
import io.fleetanomaly.features.DeviceScaler;
import io.fleetanomaly.features.DeviceSpread;
import io.fleetanomaly.features.WeeklyPrior;
import java.io.Serializable;
import java.util.function.Consumer;

/** How the Mahalanobis detector runs: fleet or device mode, and the device mode's learning. */
public final class MahalanobisSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_DEVICE_WARMUP_EVENTS = 64;
    public static final double DEFAULT_DEVICE_SHRINKAGE = 0.1;
    public static final int DEFAULT_DEVICE_SMOOTHING_EVENTS = 10;
    /**
     * Non-overlapping smoothing windows a device's warm-up must hold before its smoothed readings
     * are modelled: the spread and correlation of means of s readings cannot be learned from a
     * handful of them (with the bundle's usual 64-event warm-up, only the readings are scored).
     */
    public static final int MIN_SMOOTHED_WINDOWS = 20;

    private final MahalanobisMode mode;
    private final int deviceWarmupEvents;
    private final double deviceShrinkage;
    private final int deviceSmoothingEvents;
    /** Device mode: the Isolation Forest and LSTM were trained on device-scaled inputs (see DeviceScaler). */
    private final boolean deviceScaledInputs;
    private final long seasonPeriodMs;
    private final int seasonHarmonics;
    private final int levelEvents;
    private final DeviceSpread spread;
    private final int referenceEvents;
    /** The fleet's weekly gains applied to every device's season (null = none). */
    private final WeeklyPrior weeklyPrior;
    private final boolean missingPeakHold;
    /** Memory of each device's online season correction in events (0 = none; see {@code SeasonCorrection}). */
    private final int seasonCorrectionEvents;
    /** Memory in events of each device's variance statistic (0 = none; see {@code VarianceChange}). */
    private final int varianceEvents;
    /** Whether a level that followed a missing daily peak scores (see {@code DeviceScaler#missingPeakDeficit}). */
    private final boolean missingPeakScore;
    /**
     * With the missing-peak score: it scores only sensors whose lag-one autocorrelation, estimated from the
     * device's warm-up, is at most this (see {@code VarianceChange#lagOneAutocorrelation}); 1 = every sensor.
     */
    private final double missingPeakMaxAutocorrelation;

    /** The missing-peak score's sensor gate that lets every sensor through (bundles written before there was one). */
    public static final double EVERY_SENSOR = 1.0;
    /** Device-scaled inputs: what the device's reading model divides each sensor by (see {@link ReadingSpread}). */
    private final ReadingSpread readingSpread;

    /**
     * @param deviceSmoothingEvents device mode: the mean of the device's last this many readings is
     *     scored beside the reading itself (1 = the reading only); at most the bundle's window. Used
     *     when the warm-up holds at least {@link #MIN_SMOOTHED_WINDOWS} such windows.
     */
    public MahalanobisSettings(MahalanobisMode mode, int deviceWarmupEvents, double deviceShrinkage, int deviceSmoothingEvents) {
        if (deviceWarmupEvents < 8) {
            throw new IllegalArgumentException("mahalanobis device_warmup_events must be >= 8, got " + deviceWarmupEvents);
        }
        if (!(deviceShrinkage >= 0 && deviceShrinkage <= 1)) {
            throw new IllegalArgumentException("mahalanobis device_shrinkage must be in [0, 1], got " + deviceShrinkage);
        }
        if (deviceSmoothingEvents < 1) {
            throw new IllegalArgumentException("mahalanobis device_smoothing_events must be >= 1, got " + deviceSmoothingEvents);
        }
        this.mode = mode;
        this.deviceWarmupEvents = deviceWarmupEvents;
        this.deviceShrinkage = deviceShrinkage;
        this.deviceSmoothingEvents = deviceSmoothingEvents;
        this.deviceScaledInputs = false;
        this.seasonPeriodMs = 0;
        this.seasonHarmonics = 0;
        this.levelEvents = 0;
        this.spread = DeviceSpread.LONG_RUN;
        this.referenceEvents = 0;
        this.weeklyPrior = null;
        this.missingPeakHold = false;
        this.seasonCorrectionEvents = 0;
        this.varianceEvents = 0;
        this.missingPeakScore = false;
        this.missingPeakMaxAutocorrelation = EVERY_SENSOR;
        this.readingSpread = ReadingSpread.LONG_RUN;
    }

    /** The device-mode options of a copy, set one at a time by the {@code with...} methods, checked together on {@link #build()}. */
    private static final class Draft {
        private final MahalanobisSettings from;
        private MahalanobisMode mode;
        private boolean deviceScaledInputs;
        private long seasonPeriodMs;
        private int seasonHarmonics;
        private int levelEvents;
        private DeviceSpread spread;
        private int referenceEvents;
        private WeeklyPrior weeklyPrior;
        private boolean missingPeakHold;
        private int seasonCorrectionEvents;
        private int varianceEvents;
        private boolean missingPeakScore;
        private double missingPeakMaxAutocorrelation;
        private ReadingSpread readingSpread;

        private Draft(MahalanobisSettings from) {
            this.from = from;
            this.mode = from.mode;
            this.deviceScaledInputs = from.deviceScaledInputs;
            this.seasonPeriodMs = from.seasonPeriodMs;
            this.seasonHarmonics = from.seasonHarmonics;
            this.levelEvents = from.levelEvents;
            this.spread = from.spread;
            this.referenceEvents = from.referenceEvents;
            this.weeklyPrior = from.weeklyPrior;
            this.missingPeakHold = from.missingPeakHold;
            this.seasonCorrectionEvents = from.seasonCorrectionEvents;
            this.varianceEvents = from.varianceEvents;
            this.missingPeakScore = from.missingPeakScore;
            this.missingPeakMaxAutocorrelation = from.missingPeakMaxAutocorrelation;
            this.readingSpread = from.readingSpread;
        }

        private MahalanobisSettings build() {
            return new MahalanobisSettings(this);
        }
    }

    private Draft draft() {
        return new Draft(this);
    }

    /** These settings with {@code change} made to a draft of them, checked on build. */
    private MahalanobisSettings with(Consumer<Draft> change) {
        Draft d = draft();
        change.accept(d);
        return d.build();
    }

    private MahalanobisSettings(Draft d) {
        if (d.spread == null) {
            throw new IllegalArgumentException("a device spread is needed (long_run or robust)");
        }
        if (d.seasonPeriodMs < 0 || d.seasonHarmonics < 0 || d.levelEvents < 0) {
            throw new IllegalArgumentException("device season period, harmonics and level events must be >= 0, got "
                    + d.seasonPeriodMs + ", " + d.seasonHarmonics + ", " + d.levelEvents);
        }
        if (d.seasonPeriodMs > 0 && d.seasonHarmonics == 0) {
            throw new IllegalArgumentException("a device season of " + d.seasonPeriodMs + " ms needs at least 1 harmonic");
        }
        DeviceScaler.requireValidReference(d.levelEvents, d.referenceEvents);
        if (d.missingPeakHold && (d.referenceEvents == 0 || d.seasonPeriodMs == 0)) {
            throw new IllegalArgumentException("the device missing-peak hold needs a device season and a reference level");
        }
        if (d.seasonCorrectionEvents < 0 || (d.seasonCorrectionEvents > 0 && (d.referenceEvents == 0 || d.seasonPeriodMs == 0))) {
            throw new IllegalArgumentException("the device season correction needs events >= 0, and a device season and a"
                    + " reference level when on, got " + d.seasonCorrectionEvents);
        }
        if (d.varianceEvents < 0 || d.varianceEvents == 1 || (d.varianceEvents > 0 && !d.deviceScaledInputs)) {
            throw new IllegalArgumentException("the device variance statistic needs events >= 2 (0 = none) and"
                    + " device-scaled inputs, got " + d.varianceEvents);
        }
        if (d.missingPeakScore && (d.referenceEvents == 0 || d.seasonPeriodMs == 0)) {
            throw new IllegalArgumentException("the device missing-peak score needs a device season and a reference level");
        }
        if (!(d.missingPeakMaxAutocorrelation > -1 && d.missingPeakMaxAutocorrelation <= EVERY_SENSOR)
                || (d.missingPeakMaxAutocorrelation < EVERY_SENSOR && !d.missingPeakScore)) {
            throw new IllegalArgumentException("the device missing-peak score's largest sensor autocorrelation must be in"
                    + " (-1, 1] (1 = every sensor), and below 1 needs the missing-peak score, got "
                    + d.missingPeakMaxAutocorrelation);
        }
        if (d.readingSpread == null || (d.readingSpread != ReadingSpread.LONG_RUN && !d.deviceScaledInputs)) {
            throw new IllegalArgumentException("a device reading spread other than long_run needs device-scaled inputs, got "
                    + d.readingSpread);
        }
        if (!d.deviceScaledInputs && (d.seasonPeriodMs > 0 || d.levelEvents > 0)) {
            throw new IllegalArgumentException("a device season or level needs device-scaled inputs");
        }
        if (d.weeklyPrior != null && !d.deviceScaledInputs) {
            throw new IllegalArgumentException("a weekly prior needs device-scaled inputs");
        }
        this.weeklyPrior = d.weeklyPrior;
        this.mode = d.mode;
        this.deviceWarmupEvents = d.from.deviceWarmupEvents;
        this.deviceShrinkage = d.from.deviceShrinkage;
        this.deviceSmoothingEvents = d.from.deviceSmoothingEvents;
        this.deviceScaledInputs = d.deviceScaledInputs;
        this.seasonPeriodMs = d.seasonPeriodMs;
        this.seasonHarmonics = d.seasonPeriodMs > 0 ? d.seasonHarmonics : 0;
        this.levelEvents = d.levelEvents;
        this.spread = d.spread;
        this.referenceEvents = d.referenceEvents;
        this.missingPeakHold = d.missingPeakHold;
        this.seasonCorrectionEvents = d.seasonCorrectionEvents;
        this.varianceEvents = d.varianceEvents;
        this.missingPeakScore = d.missingPeakScore;
        this.missingPeakMaxAutocorrelation = d.missingPeakMaxAutocorrelation;
        this.readingSpread = d.readingSpread;
    }

    /**
     * These settings with device-scaled inputs: in device mode every detector sees the device's
     * readings on its own scale (a {@code DeviceScaler} fitted to its warm-up), with a season of
     * this period and harmonics (period 0 = none) and a level following over {@code levelEvents}
     * events (0 = none).
     */
    public MahalanobisSettings withDeviceScaling(long seasonPeriodMs, int seasonHarmonics, int levelEvents) {
        return withDeviceScaling(seasonPeriodMs, seasonHarmonics, levelEvents, DeviceSpread.LONG_RUN);
    }

    /** As {@link #withDeviceScaling(long, int, int)}, each device's readings divided by this spread. */
    public MahalanobisSettings withDeviceScaling(long seasonPeriodMs, int seasonHarmonics, int levelEvents, DeviceSpread spread) {
        Draft d = draft();
        d.deviceScaledInputs = true;
        d.seasonPeriodMs = seasonPeriodMs;
        d.seasonHarmonics = seasonHarmonics;
        d.levelEvents = levelEvents;
        d.spread = spread;
        d.referenceEvents = 0;
        d.weeklyPrior = null;
        d.missingPeakHold = false;
        d.seasonCorrectionEvents = 0;
        d.varianceEvents = 0;
        d.missingPeakScore = false;
        d.missingPeakMaxAutocorrelation = EVERY_SENSOR;
        d.readingSpread = ReadingSpread.LONG_RUN;
        return d.build();
    }

    /**
     * These settings with a reference level over {@code referenceEvents} events beside the device
     * level (0 = none; see {@code DeviceScaler}): a level the faults cannot drag, which the level
     * moves within unless the device's load changes.
     */
    public MahalanobisSettings withDeviceReference(int referenceEvents) {
        return with(d -> d.referenceEvents = referenceEvents);
    }

    /**
     * These settings with the fleet's weekly gains applied to every device's season (null = none;
     * see {@code WeeklyPrior}, learned by {@code train --device-weekly-prior}).
     */
    public MahalanobisSettings withWeeklyPrior(WeeklyPrior prior) {
        return with(d -> d.weeklyPrior = prior);
    }

    /** The fleet's weekly gains; null = none. */
    public WeeklyPrior weeklyPrior() {
        return weeklyPrior;
    }

    /**
     * These settings with the missing-peak hold on or off (on needs a season and a reference level;
     * see {@code MissingPeakHold}): the device level does not follow a daily peak that does not come.
     */
    public MahalanobisSettings withMissingPeakHold(boolean hold) {
        return with(d -> d.missingPeakHold = hold);
    }

    /**
     * These settings with each device's season corrected online over this many events (0 = none;
     * on needs a season and a reference level; see {@code SeasonCorrection}): a slow sensor's
     * one-day season fit stops carrying that day's slow noise into every later day.
     */
    public MahalanobisSettings withSeasonCorrection(int events) {
        return with(d -> d.seasonCorrectionEvents = events);
    }

    /**
     * These settings with each device's variance statistic over about this many events (0 = none; on
     * needs device-scaled inputs; see {@code VarianceChange}): a lasting change of a sensor's noise
     * scores beside the reading's d².
     */
    public MahalanobisSettings withVarianceChange(int events) {
        return with(d -> d.varianceEvents = events);
    }

    /**
     * These settings with the missing-peak score on or off (on needs a season and a reference level;
     * see {@code DeviceScaler#missingPeakDeficit}): a level that followed a daily peak that did not come
     * scores by how far it fell below the reference. Off also takes its sensor gate away
     * ({@link #withMissingPeakMaxAutocorrelation}), so a bundle shipped with a gate can be scored without the score.
     */
    public MahalanobisSettings withMissingPeakScore(boolean score) {
        Draft d = draft();
        d.missingPeakScore = score;
        if (!score) {
            d.missingPeakMaxAutocorrelation = EVERY_SENSOR;
        }
        return d.build();
    }

    /**
     * These settings with the missing-peak score kept to sensors whose warm-up lag-one autocorrelation is at
     * most this ({@link #EVERY_SENSOR} = every sensor; below it needs the score on): a slow sensor, whose level
     * wanders below its reference in the peak hours as far as a missing peak takes it, does not score.
     */
    public MahalanobisSettings withMissingPeakMaxAutocorrelation(double autocorrelation) {
        return with(d -> d.missingPeakMaxAutocorrelation = autocorrelation);
    }

    /** The largest warm-up lag-one autocorrelation of a sensor the missing-peak score scores; {@link #EVERY_SENSOR} = every sensor. */
    public double missingPeakMaxAutocorrelation() {
        return missingPeakMaxAutocorrelation;
    }

    /** Whether the missing-peak score leaves out sensors by their warm-up autocorrelation. */
    public boolean gatesMissingPeakSensors() {
        return missingPeakScore && missingPeakMaxAutocorrelation < EVERY_SENSOR;
    }

    /**
     * These settings with the device's reading model dividing each device-scaled reading by this spread
     * of the warm-up's ({@link ReadingSpread}; long_run, the default, or, with device-scaled inputs, plain
     * or predictive): a slow sensor's level shift judged by the spread of single readings, not by how far
     * its warm-up's hourly means wandered.
     */
    public MahalanobisSettings withReadingSpread(ReadingSpread spread) {
        return with(d -> d.readingSpread = spread);
    }

    /** What the device's reading model divides each device-scaled reading by (long_run unless the bundle says otherwise). */
    public ReadingSpread readingSpread() {
        return readingSpread;
    }

    /** Whether a level that followed a missing daily peak scores. */
    public boolean missingPeakScore() {
        return missingPeakScore;
    }

    /** Memory in events of each device's variance statistic; 0 = none. */
    public int varianceEvents() {
        return varianceEvents;
    }

    /** Memory of each device's online season correction in events; 0 = none. */
    public int seasonCorrectionEvents() {
        return seasonCorrectionEvents;
    }

    /** Whether the device level holds while a daily peak is missing (see {@code MissingPeakHold}). */
    public boolean missingPeakHold() {
        return missingPeakHold;
    }

    /** Events of the device reference level's window; 0 = none. */
    public int referenceEvents() {
        return referenceEvents;
    }

    /** Whether the bundle's Isolation Forest and LSTM were trained on device-scaled inputs (they then need device mode). */
    public boolean deviceScaledInputs() {
        return deviceScaledInputs;
    }

    /** The device season's period in ms; 0 = none. */
    public long seasonPeriodMs() {
        return seasonPeriodMs;
    }

    public int seasonHarmonics() {
        return seasonHarmonics;
    }

    /** Events over which a device's level follows its readings; 0 = no level. */
    public int levelEvents() {
        return levelEvents;
    }

    /** What a device-scaled reading is divided by (long_run unless the bundle says otherwise). */
    public DeviceSpread spread() {
        return spread;
    }

    /** Fleet mode, with the default device-mode learning should a configuration switch to it. */
    public static MahalanobisSettings defaults() {
        return new MahalanobisSettings(MahalanobisMode.FLEET, DEFAULT_DEVICE_WARMUP_EVENTS, DEFAULT_DEVICE_SHRINKAGE,
                DEFAULT_DEVICE_SMOOTHING_EVENTS);
    }

    public MahalanobisMode mode() {
        return mode;
    }

    public int deviceWarmupEvents() {
        return deviceWarmupEvents;
    }

    public double deviceShrinkage() {
        return deviceShrinkage;
    }

    public int deviceSmoothingEvents() {
        return deviceSmoothingEvents;
    }

    /**
     * The smoothing device mode uses with this warm-up and window: {@link #deviceSmoothingEvents()}
     * (at most the window) when the warm-up holds {@link #MIN_SMOOTHED_WINDOWS} such windows, else
     * 1 (the readings only).
     */
    public int deviceSmoothingEventsFor(int warmupEvents, int window) {
        int smoothing = Math.min(deviceSmoothingEvents, window);
        return smoothing > 1 && warmupEvents >= MIN_SMOOTHED_WINDOWS * smoothing ? smoothing : 1;
    }

    public MahalanobisSettings withMode(MahalanobisMode newMode) {
        return with(d -> d.mode = newMode);
    }
}

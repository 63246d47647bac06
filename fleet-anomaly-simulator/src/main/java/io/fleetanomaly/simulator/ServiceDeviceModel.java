package io.fleetanomaly.simulator;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A service (a server, an API, a queue consumer) seen through one to four of its metrics. A load
 * with a daily cycle (peak in the afternoon, second harmonic for a sharper peak), a weekly cycle
 * (quieter weekends) and a slow trend drives every metric; each metric adds its own autocorrelated
 * noise. Each device has its own scale (a small service handles 20 requests/s, a large one 2,000)
 * and reports only some metrics: the others are never sent (NaN on every event).
 *
 * <p>Periods follow the event-time interval: a day is {@code 86,400,000 / intervalMs} steps (288 at
 * the profile's five minutes).
 */
final class ServiceDeviceModel implements DeviceModel {
    static final int CPU = 0;
    static final int REQUESTS = 1;
    static final int LATENCY = 2;
    static final int TEMPERATURE = 3;
    static final int METRICS = 4;

    static final long DAY_MS = 86_400_000L;
    static final double MAX_CPU_PCT = 100.0;
    static final int DAYS_PER_WEEK = 7;
    static final double SATURDAY = 5.0;
    /** 1970-01-01 was a Thursday. */
    private static final int EPOCH_WEEKDAY = 3;

    /** Range of a device's base level per metric (requests and latency drawn log-uniformly). */
    static final double[] BASE_MIN = {15.0, 20.0, 40.0, 35.0};
    static final double[] BASE_MAX = {50.0, 2000.0, 300.0, 55.0};
    /** How strongly each metric follows the load (1 = proportionally). */
    static final double[] LOAD_SENSITIVITY = {1.0, 1.0, 0.4, 0.15};
    /** Noise σ as a share of the base level, at noiseScale 1. */
    static final double[] RELATIVE_NOISE = {0.04, 0.04, 0.06, 0.01};
    /** Lag-1 autocorrelation of each metric's noise. */
    static final double[] NOISE_AUTOCORRELATION = {0.5, 0.3, 0.5, 0.9};
    private static final int[] READING_DECIMALS = {2, 2, 1, 2};

    static final double DAILY_AMPLITUDE_MIN = 0.3;
    static final double DAILY_AMPLITUDE_MAX = 0.6;
    static final double WEEKEND_DIP_MIN = 0.1;
    static final double WEEKEND_DIP_MAX = 0.25;
    /** Load change per week from the trend (a growing or shrinking service). */
    static final double TREND_PER_WEEK_MIN = -0.05;
    static final double TREND_PER_WEEK_MAX = 0.15;
    /** Afternoon peak, hours after midnight of the event time, with a per-device spread. */
    static final double PEAK_HOUR_MIN = 13.0;
    static final double PEAK_HOUR_MAX = 16.0;

    // Fault magnitudes, in units of the metric's noise σ.
    static final double SPIKE_MIN_NOISE_SIGMA = 10.0;
    static final double SPIKE_MAX_NOISE_SIGMA = 15.0;
    static final double LEVEL_SHIFT_MIN_NOISE_SIGMA = 6.0;
    static final double LEVEL_SHIFT_MAX_NOISE_SIGMA = 9.0;
    static final double VARIANCE_CHANGE_MIN_FACTOR = 3.0;
    static final double VARIANCE_CHANGE_MAX_FACTOR = 5.0;

    private final boolean[] reported = new boolean[METRICS];
    private final double[] base = new double[METRICS];
    private final double[] noiseSigma = new double[METRICS];
    private final double[] noiseState = new double[METRICS];
    private final double dailyAmplitude;
    private final double weekendDip;
    private final double trendPerStep;
    private final double stepsPerDay;
    private final double peakStep;
    private final double firstStepOfDay;
    /** Weekday of the start's day, Monday = 0. */
    private final int startWeekday;
    private final SplittableRandom noise;
    private final SplittableRandom faultNoise;

    private FaultEpisode currentEpisode;
    private double faultSign;
    private double faultSize;

    ServiceDeviceModel(SimulatorSettings settings, int deviceIndex) {
        SplittableRandom parameters =
                RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_PARAMETERS);
        boolean[] sends = drawReportedMetrics(parameters);
        System.arraycopy(sends, 0, reported, 0, METRICS);
        for (int m = 0; m < METRICS; m++) {
            base[m] = m == REQUESTS || m == LATENCY
                    ? Math.exp(RandomStreams.uniform(parameters, Math.log(BASE_MIN[m]), Math.log(BASE_MAX[m])))
                    : RandomStreams.uniform(parameters, BASE_MIN[m], BASE_MAX[m]);
            noiseSigma[m] = RELATIVE_NOISE[m] * base[m] * settings.noiseScale();
        }
        dailyAmplitude = RandomStreams.uniform(parameters, DAILY_AMPLITUDE_MIN, DAILY_AMPLITUDE_MAX);
        weekendDip = RandomStreams.uniform(parameters, WEEKEND_DIP_MIN, WEEKEND_DIP_MAX);
        stepsPerDay = (double) DAY_MS / settings.intervalMs();
        double trendPerWeek = settings.driftEnabled()
                ? RandomStreams.uniform(parameters, TREND_PER_WEEK_MIN, TREND_PER_WEEK_MAX)
                : 0.0;
        trendPerStep = trendPerWeek / (DAYS_PER_WEEK * stepsPerDay);
        peakStep = RandomStreams.uniform(parameters, PEAK_HOUR_MIN, PEAK_HOUR_MAX) / 24.0 * stepsPerDay;
        firstStepOfDay = (double) Math.floorMod(settings.startTs(), DAY_MS) / settings.intervalMs();
        startWeekday = (int) Math.floorMod(Math.floorDiv(settings.startTs(), DAY_MS) + EPOCH_WEEKDAY, DAYS_PER_WEEK);
        noise = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_NOISE);
        faultNoise = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_FAULTS);
    }

    @Override
    public double[] readings(int step, FaultEpisode fault) {
        if (fault != null && fault != currentEpisode) {
            startEpisode(fault);
        }
        String type = fault == null ? null : fault.type();
        double magnitude = fault == null ? 0.0 : fault.magnitudeAt(step);
        double daily = dailyShape(step);
        if (AnomalyTypes.DROPPED_PEAK.equals(type)) {
            daily = Math.min(daily, 0.0); // the day's peak never comes: the load stays at its daily mean
        }
        double load = (1.0 + dailyAmplitude * daily) * (1.0 - weekendDip * weekend(step)) + trendPerStep * step;

        double[] values = new double[METRICS];
        for (int m = 0; m < METRICS; m++) {
            double phi = NOISE_AUTOCORRELATION[m];
            noiseState[m] = phi * noiseState[m] + Math.sqrt(1 - phi * phi) * RandomStreams.gaussian(noise);
            if (!reported[m]) {
                values[m] = Double.NaN;
                continue;
            }
            boolean affected = fault != null && fault.affectedSensors().contains(
                    SimulatorProfile.SERVICE.featureNames().get(m));
            double noiseFactor = affected && AnomalyTypes.VARIANCE_CHANGE.equals(type) ? 1 + (faultSize - 1) * magnitude : 1.0;
            double value = base[m] * (1.0 + LOAD_SENSITIVITY[m] * (load - 1.0)) + noiseFactor * noiseSigma[m] * noiseState[m];
            if (affected && AnomalyTypes.LEVEL_SHIFT.equals(type)) {
                value += faultSign * magnitude * faultSize * noiseSigma[m];
            }
            if (affected && AnomalyTypes.SPIKE.equals(type)) {
                value += faultSign * faultSize * noiseSigma[m];
            }
            values[m] = m == CPU ? Math.max(0.0, Math.min(MAX_CPU_PCT, value)) : Math.max(0.0, value);
        }
        return values;
    }

    @Override
    public int[] readingDecimals() {
        return READING_DECIMALS.clone();
    }

    /** The metrics a device sends, in feature order (the fault planner puts faults only on these). */
    static List<String> reportedMetrics(SimulatorSettings settings, int deviceIndex) {
        boolean[] sends = drawReportedMetrics(
                RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_PARAMETERS));
        List<String> names = SimulatorProfile.SERVICE.featureNames();
        return IntStream.range(0, METRICS).filter(m -> sends[m]).mapToObj(names::get).toList();
    }

    /** One to four metrics, all subsets of a size equally likely: the first draws of the device's parameter stream. */
    private static boolean[] drawReportedMetrics(SplittableRandom parameters) {
        int count = 1 + parameters.nextInt(METRICS);
        int[] order = {CPU, REQUESTS, LATENCY, TEMPERATURE};
        for (int i = order.length - 1; i > 0; i--) {
            int j = parameters.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        boolean[] sends = new boolean[METRICS];
        for (int i = 0; i < count; i++) {
            sends[order[i]] = true;
        }
        return sends;
    }

    /**
     * The daily cycle in [-1, 1]: a cosine with its maximum at the device's peak hour, sharpened
     * by a second harmonic (a narrower peak, a flatter night).
     */
    double dailyShape(int step) {
        double angle = 2 * Math.PI * (firstStepOfDay + step - peakStep) / stepsPerDay;
        return (Math.cos(angle) + 0.3 * Math.cos(2 * angle)) / 1.3;
    }

    /** 1 on Saturdays and Sundays (event time, UTC), 0 on weekdays, with a two-hour ramp into and out of them. */
    private double weekend(int step) {
        double dayOfWeek = (startWeekday + (firstStepOfDay + step) / stepsPerDay) % DAYS_PER_WEEK; // Monday = 0
        double ramp = 2.0 / 24.0;
        if (dayOfWeek < SATURDAY - ramp) {
            return 0.0;
        }
        if (dayOfWeek < SATURDAY) {
            return (dayOfWeek - (SATURDAY - ramp)) / ramp;
        }
        return dayOfWeek > DAYS_PER_WEEK - ramp ? (DAYS_PER_WEEK - dayOfWeek) / ramp : 1.0;
    }

    private void startEpisode(FaultEpisode fault) {
        currentEpisode = fault;
        switch (fault.type()) {
            case AnomalyTypes.SPIKE -> {
                faultSign = 1.0;
                faultSize = RandomStreams.uniform(faultNoise, SPIKE_MIN_NOISE_SIGMA, SPIKE_MAX_NOISE_SIGMA);
            }
            case AnomalyTypes.LEVEL_SHIFT -> {
                faultSign = RandomStreams.randomSign(faultNoise);
                faultSize = RandomStreams.uniform(faultNoise, LEVEL_SHIFT_MIN_NOISE_SIGMA, LEVEL_SHIFT_MAX_NOISE_SIGMA);
            }
            case AnomalyTypes.VARIANCE_CHANGE ->
                faultSize = RandomStreams.uniform(faultNoise, VARIANCE_CHANGE_MIN_FACTOR, VARIANCE_CHANGE_MAX_FACTOR);
            case AnomalyTypes.DROPPED_PEAK -> faultSize = 1.0;
            default -> throw new IllegalArgumentException("not a service anomaly type: " + fault.type());
        }
    }
}

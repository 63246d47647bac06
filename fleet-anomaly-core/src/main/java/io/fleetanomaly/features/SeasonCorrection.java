package io.fleetanomaly.features;

/**
 * The online correction of a device's daily season (device mode, with a season and a reference
 * level; {@code train --device-season-correction-events N}): per sensor, K harmonics of the day, in
 * the sensor's spreads, subtracted from its deseasonalised reading and learned after the warm-up.
 *
 * <p>Why: the season is fitted by least squares to one day of warm-up. On a slow sensor (noise
 * autocorrelation 0.9, about 15 independent readings a day) the fit takes a good part of that day's
 * slow noise for the cycle, and carries it into every later day as a fixed daily pattern of error of
 * about one spread, which scores as anomalous at the same hours day after day. The correction learns
 * that pattern from the days after the warm-up, where the noise averages out: each reading the
 * reference gate accepts ({@link DeviceScaler#REFERENCE_GATE}) moves the coefficients by a
 * least-mean-squares step, c += (2/N)·clip(e, ±{@value #LEARNING_CLIP})·basis(t), with e the
 * corrected reading's deviation from the reference level, so the correction is an exponentially
 * weighted least-squares fit of the residual's daily shape over about the last N events. It has no
 * constant term (the reference and the level hold the mean). A reading beyond the gate (a level
 * shift, a spike, most of a missing peak) teaches it nothing, and a fault within the gate at most
 * {@value #LEARNING_CLIP} spreads a reading, as the wander does; over N events of memory (days) a
 * fault of hours moves it little.
 *
 * <p>State: 2K doubles per sensor at the end of the device's level array ({@link DeviceScaler#newLevel()}).
 * A view over that array for one event; not thread-safe.
 */
final class SeasonCorrection {
    /** The error a reading teaches is clipped to this many spreads (about the slow wander's own size). */
    static final double LEARNING_CLIP = 2.0;

    private final double[] state;
    private final int offset;
    private final double step;
    /** cos(kθ), sin(kθ) for k = 1..K at the event's time. */
    private final double[] basis;

    SeasonCorrection(double[] state, int offset, int harmonics, long ts, long periodMs, int memoryEvents) {
        this.state = state;
        this.offset = offset;
        this.step = 2.0 / memoryEvents;
        this.basis = new double[2 * harmonics];
        DeviceScaler.harmonicsAt(ts, periodMs, harmonics, basis, 0);
    }

    /** Sensor j's correction at the event's time, in its spreads. */
    double at(int j) {
        int at = offset + j * basis.length;
        double sum = 0;
        for (int k = 0; k < basis.length; k++) {
            sum += state[at + k] * basis[k];
        }
        return sum;
    }

    /** Teaches sensor j's correction the corrected reading's deviation from the reference (spreads). */
    void learn(int j, double error) {
        double clipped = Math.max(-LEARNING_CLIP, Math.min(LEARNING_CLIP, error));
        int at = offset + j * basis.length;
        for (int k = 0; k < basis.length; k++) {
            state[at + k] += step * clipped * basis[k];
        }
    }
}

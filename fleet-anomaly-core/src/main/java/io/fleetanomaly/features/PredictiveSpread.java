package io.fleetanomaly.features;

/**
 * How much wider a slow sensor's residual will be after the warm-up than inside it
 * ({@link DeviceSpread#ROBUST_PREDICTIVE}). The season and location are fitted to the warm-up's own
 * readings, so they absorb part of its noise: with p fitted parameters and n independent readings
 * the in-sample residual variance is about σ²(1 − p/n) and the error on a later reading
 * σ²(1 + p/n). An autocorrelated sensor (a temperature whose noise wanders for an hour) carries
 * fewer independent readings than it has events, about n(1 − r)/(1 + r) with r the lag-1
 * autocorrelation of its residual, so a one-day season fit takes up a large part of its slow noise
 * and its in-sample spread understates what later days show. The factor √((n' + p)/(n' − p)), n'
 * that effective number, widens the spread to the later days' error; for a sensor with little
 * autocorrelation it stays close to 1.
 */
public final class PredictiveSpread {
    /** The factor used when the effective readings are fewer than twice the fitted parameters (√3 at n' = 2p). */
    public static final double MAX_FACTOR = Math.sqrt(3.0);

    private PredictiveSpread() {}

    /**
     * The factor by which the in-sample spread of {@code residual} (the warm-up's readings less
     * their fitted season, about {@code location}) is widened.
     *
     * @param parameters the number of parameters fitted to the warm-up (2K harmonics' coefficients
     *     and the location)
     */
    public static double factor(double[] residual, double location, int parameters) {
        double r = lagOneAutocorrelation(residual, location);
        double effective = residual.length * (1 - r) / (1 + r);
        if (effective <= 2.0 * parameters) {
            return MAX_FACTOR;
        }
        return Math.sqrt((effective + parameters) / (effective - parameters));
    }

    /** Lag-1 autocorrelation of the values about {@code location}, clipped to [0, 1); 0 with fewer than 3 values. */
    static double lagOneAutocorrelation(double[] values, double location) {
        int n = values.length;
        if (n < 3) {
            return 0.0;
        }
        double lagged = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - location;
            squares += d * d;
            if (i > 0) {
                lagged += d * (values[i - 1] - location);
            }
        }
        if (squares <= 0) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(0.999, lagged / squares));
    }
}

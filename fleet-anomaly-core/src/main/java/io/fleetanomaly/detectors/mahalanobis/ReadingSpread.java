package io.fleetanomaly.detectors.mahalanobis;

import io.fleetanomaly.format.ConfigNames;

/**
 * What the device's own reading model divides each sensor's device-scaled reading by
 * ({@link DeviceBaseline#toReadingModel(double, double[])}; device-scaled inputs only).
 */
public enum ReadingSpread {
    /**
     * The long-run spread of the warm-up's readings, √(b·Var(means of b = n/8 consecutive readings)),
     * never below their plain standard deviation (what every bundle did before there was a choice):
     * a slow sensor is judged by how far its hourly means wandered in the warm-up. On a device-scaled
     * slow sensor (noise autocorrelation 0.9) that is two to three times its plain spread, so a level
     * shift of 6–9 noise σ reads as 2–4 and its d² as 4–16.
     */
    LONG_RUN,
    /** The plain standard deviation of the warm-up's device-scaled readings. */
    PLAIN,
    /**
     * The plain standard deviation widened by the error the warm-up's season and location fit makes
     * on later readings ({@code io.fleetanomaly.features.PredictiveSpread}: √((n' + p)/(n' − p)), n' the
     * warm-up's effective number of readings, p the fitted parameters; at most √3): a slow sensor is
     * judged by the spread its later days show, a sensor with little autocorrelation about as by
     * {@link #PLAIN}.
     */
    PREDICTIVE;

    public static ReadingSpread parse(String text) {
        return ConfigNames.parse(ReadingSpread.class, "device reading spread", text);
    }

    /** The name in manifests and options: long_run, plain or predictive. */
    public String configName() {
        return ConfigNames.of(this);
    }
}

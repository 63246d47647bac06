package io.fleetanomaly.state;

/**
 * Device-mode Mahalanobis: the models fitted at the end of a device's warm-up (keyed state
 * {@code device-models}). Written once per device, read by each of its scored events.
 */
public class DeviceModelsState {
    /** Model of the readings themselves. */
    public DeviceModelState reading;
    /** Model of the smoothed readings; null when the warm-up was too short to smooth. */
    public DeviceModelState smoothed;

    /**
     * The device's own scale when the bundle's detectors take device-scaled inputs; null otherwise
     * (and in state written before device-scaled inputs existed).
     */
    public DeviceScalerState scaler;

    /**
     * Device mode with the variance statistic ({@code io.fleetanomaly.features.VarianceChange}): per
     * sensor, the robust spread of the warm-up's consecutive device-scaled differences (0 = none for
     * that sensor); null without the statistic (and in state written before it existed). Also kept, and
     * computed the same way, for the missing-peak score's sensor gate (its lag-one autocorrelation estimate).
     */
    public double[] differenceSpread;

    public DeviceModelsState() {}

    public DeviceModelsState(DeviceModelState reading, DeviceModelState smoothed) {
        this.reading = reading;
        this.smoothed = smoothed;
    }
}

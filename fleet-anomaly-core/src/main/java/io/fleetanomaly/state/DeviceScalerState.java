package io.fleetanomaly.state;

/**
 * Device mode with device-scaled inputs: the device's own scale, fitted at the end of its warm-up
 * (the state of a {@link io.fleetanomaly.features.DeviceScaler}; a field of {@link DeviceModelsState},
 * written once). Its slowly moving level is hot state ({@link DeviceWindowState#deviceLevel}).
 */
public class DeviceScalerState {
    /** Robust location per sensor (fleet-scaled units). */
    public double[] location;
    /** Long-run spread per sensor (fleet-scaled units). */
    public double[] spread;
    /** Seasonal coefficients, per sensor 2K (cos, sin of harmonics 1..K); empty without a season. */
    public double[] season;
    /** The season's period in ms; 0 = none. */
    public long seasonPeriodMs;
    /** Harmonics K of the season. */
    public int seasonHarmonics;
    /** L of the level (0 = no level). */
    public int levelEvents;
    /** Events of the reference level's window (0 = none; absent in state written before it existed). */
    public int referenceEvents;
    /** Whether the level holds while a daily peak is missing (false in state written before it existed). */
    public boolean missingPeakHold;
    /**
     * Per sensor, the factor z is divided by before the detectors see it (device spread
     * robust_predictive); null = none (state written before it existed, or another spread).
     */
    public double[] scoreWidening;
    /** Memory of the season's online correction in events (0 = none, as in state written before it existed). */
    public int seasonCorrectionEvents;

    public DeviceScalerState() {}
}

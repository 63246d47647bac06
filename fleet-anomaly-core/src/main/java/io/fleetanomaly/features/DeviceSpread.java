package io.fleetanomaly.features;

import io.fleetanomaly.format.ConfigNames;

/** What a device-scaled reading is divided by ({@link DeviceScaler}). */
public enum DeviceSpread {
    /**
     * The long-run spread of the warm-up (batch means), never below its robust spread: a slow,
     * autocorrelated sensor is judged by how far its level moves, not by its event-to-event noise.
     */
    LONG_RUN,
    /**
     * The robust spread of the warm-up's readings (1.4826 × MAD): one reading is judged against the
     * spread of single readings, so a spike of ten noise σ on an autocorrelated metric stands out
     * as ten, not as the two or three the long-run spread of a slowly wandering sensor would make it.
     */
    ROBUST,
    /**
     * The robust spread widened by the error a warm-up fit makes on later readings
     * ({@link PredictiveSpread}): a slow, autocorrelated sensor whose season was fitted to one day
     * is judged by the spread its later days show, a sensor with little autocorrelation as by
     * {@link #ROBUST}.
     */
    ROBUST_PREDICTIVE;

    public static DeviceSpread parse(String text) {
        return ConfigNames.parse(DeviceSpread.class, "device spread", text);
    }

    /** The name in manifests and options: long_run, robust or robust_predictive. */
    public String configName() {
        return ConfigNames.of(this);
    }
}

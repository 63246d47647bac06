package io.fleetanomaly.control;

import java.io.Serializable;

/**
 * An earlier model whose per-device state the model in force continues: it was replaced by a
 * bundle of the same features and window without a re-warm-up. A device whose state carries this
 * fingerprint keeps its window and baselines, re-expressed with the new bundle's scaler. A Flink
 * POJO (control state).
 */
public class ModelLineage implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@code BundleIdentity.fingerprint()} of that model, as device state records it. */
    public long fingerprint;
    public String version;
    /** That model's scaler, to re-express a device's scaled window with the model in force. */
    public double[] scalerMean;
    public double[] scalerStd;

    public ModelLineage() {}
}

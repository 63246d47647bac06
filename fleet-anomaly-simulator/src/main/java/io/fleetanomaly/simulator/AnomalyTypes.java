package io.fleetanomaly.simulator;

/** The {@code anomaly_type} strings the simulator writes into labeled events. */
public final class AnomalyTypes {
    // Industrial profile.
    public static final String OVERHEATING = "overheating";
    public static final String PRESSURE_SURGE = "pressure_surge";
    public static final String EXCESSIVE_VIBRATION = "excessive_vibration";
    public static final String FLOW_BLOCKAGE = "flow_blockage";
    public static final String POWER_ANOMALY = "power_anomaly";

    // Telemetry profile.
    public static final String SPIKE = "spike";
    public static final String CONTEXTUAL = "contextual";
    public static final String COLLECTIVE = "collective";
    public static final String VARIANCE_BURST = "variance_burst";

    // Service profile (and SPIKE).
    public static final String LEVEL_SHIFT = "level_shift";
    public static final String VARIANCE_CHANGE = "variance_change";
    public static final String DROPPED_PEAK = "dropped_peak";

    // Process profile.
    public static final String STEP = "step";
    public static final String DRIFT = "drift";
    public static final String RANDOM_VARIATION = "random_variation";
    public static final String STUCK_SENSOR = "stuck_sensor";

    private AnomalyTypes() {}
}

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

    private AnomalyTypes() {}
}

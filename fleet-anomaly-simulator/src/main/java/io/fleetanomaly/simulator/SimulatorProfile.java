package io.fleetanomaly.simulator;

import io.fleetanomaly.format.ConfigNames;
import java.util.List;
import java.util.Locale;

/** Which kind of fleet to simulate: its sensors, its fault types and how its devices are named. */
public enum SimulatorProfile {
    /** Pumps: five physical sensors driven by a shared load process. */
    INDUSTRIAL(
            "pump-",
            List.of("temperature_c", "pressure_bar", "vibration_mm_s", "flow_l_min", "power_kw"),
            List.of(
                    AnomalyTypes.OVERHEATING,
                    AnomalyTypes.PRESSURE_SURGE,
                    AnomalyTypes.EXCESSIVE_VIBRATION,
                    AnomalyTypes.FLOW_BLOCKAGE,
                    AnomalyTypes.POWER_ANOMALY)),
    /** Generic nodes: eight periodic channels with correlated noise. */
    TELEMETRY(
            "node-",
            List.of("ch1", "ch2", "ch3", "ch4", "ch5", "ch6", "ch7", "ch8"),
            List.of(
                    AnomalyTypes.SPIKE,
                    AnomalyTypes.CONTEXTUAL,
                    AnomalyTypes.COLLECTIVE,
                    AnomalyTypes.VARIANCE_BURST));

    private final String deviceIdPrefix;
    private final List<String> featureNames;
    private final List<String> anomalyTypes;

    SimulatorProfile(String deviceIdPrefix, List<String> featureNames, List<String> anomalyTypes) {
        this.deviceIdPrefix = deviceIdPrefix;
        this.featureNames = featureNames;
        this.anomalyTypes = anomalyTypes;
    }

    /** Sensor names in the order of {@link SimulatedEvent#values()}. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The {@code anomaly_type} values this profile can produce. */
    public List<String> anomalyTypes() {
        return anomalyTypes;
    }

    /** Device id of the device at a zero-based index: "pump-0001" for index 0. */
    public String deviceId(int deviceIndex) {
        return deviceIdPrefix + String.format(Locale.ROOT, "%04d", deviceIndex + 1);
    }

    /** The lowercase name used on command lines and in configuration, e.g. "industrial". */
    public String configName() {
        return ConfigNames.of(this);
    }

    /** Parses a profile name ("industrial", "telemetry"). */
    public static SimulatorProfile parse(String name) {
        return ConfigNames.parse(SimulatorProfile.class, "simulator profile", name);
    }
}

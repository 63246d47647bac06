package io.fleetanomaly.simulator;

import io.fleetanomaly.format.ConfigNames;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Locale;

/**
 * Which kind of fleet to simulate: its sensors, its fault types, how its devices are named, and the
 * sampling interval, run length and fault-free start that suit it when nothing else is said.
 */
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
                    AnomalyTypes.POWER_ANOMALY),
            1_000L, Duration.ofMinutes(10), 150),
    /** Generic nodes: eight periodic channels with correlated noise. */
    TELEMETRY(
            "node-",
            List.of("ch1", "ch2", "ch3", "ch4", "ch5", "ch6", "ch7", "ch8"),
            List.of(
                    AnomalyTypes.SPIKE,
                    AnomalyTypes.CONTEXTUAL,
                    AnomalyTypes.COLLECTIVE,
                    AnomalyTypes.VARIANCE_BURST),
            1_000L, Duration.ofMinutes(10), 150),
    /**
     * Services: one to four metrics per device (the others never reported) sampled every five
     * minutes, with daily and weekly cycles, a slow trend and noise; each device at its own scale.
     */
    SERVICE(
            "svc-",
            List.of("cpu_pct", "requests_per_s", "latency_ms", "temperature_c"),
            List.of(
                    AnomalyTypes.SPIKE,
                    AnomalyTypes.LEVEL_SHIFT,
                    AnomalyTypes.VARIANCE_CHANGE,
                    AnomalyTypes.DROPPED_PEAK),
            300_000L, Duration.ofDays(14), 576),
    /**
     * Process plants: 40 correlated variables driven by a few latent, autocorrelated process
     * states (a linear dynamic model), sampled every ten seconds; faults last long.
     */
    PROCESS(
            "plant-",
            IntStream.rangeClosed(1, ProcessDeviceModel.VARIABLES)
                    .mapToObj(i -> String.format(Locale.ROOT, "x%02d", i))
                    .toList(),
            List.of(
                    AnomalyTypes.STEP,
                    AnomalyTypes.DRIFT,
                    AnomalyTypes.RANDOM_VARIATION,
                    AnomalyTypes.STUCK_SENSOR),
            10_000L, Duration.ofHours(6), 300);

    private final String deviceIdPrefix;
    private final List<String> featureNames;
    private final List<String> anomalyTypes;
    private final long defaultIntervalMs;
    private final Duration defaultDuration;
    private final int defaultFaultFreeWarmupEvents;

    SimulatorProfile(String deviceIdPrefix, List<String> featureNames, List<String> anomalyTypes,
            long defaultIntervalMs, Duration defaultDuration, int defaultFaultFreeWarmupEvents) {
        this.deviceIdPrefix = deviceIdPrefix;
        this.featureNames = featureNames;
        this.anomalyTypes = anomalyTypes;
        this.defaultIntervalMs = defaultIntervalMs;
        this.defaultDuration = defaultDuration;
        this.defaultFaultFreeWarmupEvents = defaultFaultFreeWarmupEvents;
    }

    /** Event-time spacing of a device's events when none is given (1 s; services 5 min; plants 10 s). */
    public long defaultIntervalMs() {
        return defaultIntervalMs;
    }

    /** Simulated time per device when none is given. */
    public Duration defaultDuration() {
        return defaultDuration;
    }

    /** Events per device of the default duration at the default interval. */
    public int defaultEventsPerDevice() {
        return (int) (defaultDuration.toMillis() / defaultIntervalMs);
    }

    /** No fault starts before this step unless told otherwise (services: two days). */
    public int defaultFaultFreeWarmupEvents() {
        return defaultFaultFreeWarmupEvents;
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

    /** Parses a lowercase profile name ("industrial", "telemetry", "service", "process"). */
    public static SimulatorProfile parse(String name) {
        return ConfigNames.parse(SimulatorProfile.class, "simulator profile", name);
    }
}

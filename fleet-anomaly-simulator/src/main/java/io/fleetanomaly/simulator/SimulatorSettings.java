package io.fleetanomaly.simulator;

import java.io.Serializable;
import java.time.Instant;

/**
 * Everything that determines a simulated fleet. Two fleets with equal settings produce identical
 * events. Build with {@link #builder()}; every field has a default.
 *
 * @param profile kind of fleet
 * @param devices number of devices
 * @param seed seed of every random choice
 * @param eventsPerDevice events each device emits
 * @param intervalMs event-time spacing of one device's events
 * @param startTs event time of step 0, epoch ms
 * @param missingRate probability that one reading is missing (NaN), independently per reading
 * @param faultyDeviceFraction share of devices that get fault episodes
 * @param faultFreeWarmupEvents no fault starts before this step
 * @param normalOnly no faults at all (training data)
 * @param noiseScale multiplier on sensor noise and drift; fault magnitudes stay in physical units
 * @param driftEnabled slow bounded drift of the sensors
 */
public record SimulatorSettings(
        SimulatorProfile profile,
        int devices,
        long seed,
        int eventsPerDevice,
        long intervalMs,
        long startTs,
        double missingRate,
        double faultyDeviceFraction,
        int faultFreeWarmupEvents,
        boolean normalOnly,
        double noiseScale,
        boolean driftEnabled)
        implements Serializable {

    public static final long DEFAULT_START_TS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    public SimulatorSettings {
        require(profile != null, "profile", "must not be null", null);
        require(devices >= 1, "devices", "must be >= 1", devices);
        require(eventsPerDevice >= 1, "eventsPerDevice", "must be >= 1", eventsPerDevice);
        require(intervalMs >= 1, "intervalMs", "must be >= 1", intervalMs);
        require(startTs >= 0, "startTs", "must be >= 0", startTs);
        require(missingRate >= 0 && missingRate < 1, "missingRate", "must be in [0, 1)", missingRate);
        require(
                faultyDeviceFraction >= 0 && faultyDeviceFraction <= 1,
                "faultyDeviceFraction",
                "must be in [0, 1]",
                faultyDeviceFraction);
        require(faultFreeWarmupEvents >= 0, "faultFreeWarmupEvents", "must be >= 0", faultFreeWarmupEvents);
        require(noiseScale > 0 && Double.isFinite(noiseScale), "noiseScale", "must be finite and > 0", noiseScale);
    }

    public static SimulatorSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .profile(profile)
                .devices(devices)
                .seed(seed)
                .eventsPerDevice(eventsPerDevice)
                .intervalMs(intervalMs)
                .startTs(startTs)
                .missingRate(missingRate)
                .faultyDeviceFraction(faultyDeviceFraction)
                .faultFreeWarmupEvents(faultFreeWarmupEvents)
                .normalOnly(normalOnly)
                .noiseScale(noiseScale)
                .driftEnabled(driftEnabled);
    }

    /** devices × eventsPerDevice. */
    public long totalEvents() {
        return (long) devices * eventsPerDevice;
    }

    private static void require(boolean valid, String field, String rule, Object value) {
        if (!valid) {
            throw new IllegalArgumentException(field + " " + rule + ", got " + value);
        }
    }

    /**
     * Mutable builder holding the defaults; {@link #build()} validates. Events per device, the
     * interval and the fault-free start default to the profile's.
     */
    public static final class Builder {
        private SimulatorProfile profile = SimulatorProfile.INDUSTRIAL;
        private int devices = 50;
        private long seed = 42L;
        private Integer eventsPerDevice;
        private Long intervalMs;
        private long startTs = DEFAULT_START_TS;
        private double missingRate = 0.01;
        private double faultyDeviceFraction = 0.4;
        private Integer faultFreeWarmupEvents;
        private boolean normalOnly = false;
        private double noiseScale = 1.0;
        private boolean driftEnabled = true;

        private Builder() {}

        public Builder profile(SimulatorProfile profile) {
            this.profile = profile;
            return this;
        }

        public Builder devices(int devices) {
            this.devices = devices;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Null: the profile's default. */
        public Builder eventsPerDevice(Integer eventsPerDevice) {
            this.eventsPerDevice = eventsPerDevice;
            return this;
        }

        /** Null: the profile's default. */
        public Builder intervalMs(Long intervalMs) {
            this.intervalMs = intervalMs;
            return this;
        }

        public Builder startTs(long startTs) {
            this.startTs = startTs;
            return this;
        }

        public Builder missingRate(double missingRate) {
            this.missingRate = missingRate;
            return this;
        }

        public Builder faultyDeviceFraction(double faultyDeviceFraction) {
            this.faultyDeviceFraction = faultyDeviceFraction;
            return this;
        }

        /** Null: the profile's default. */
        public Builder faultFreeWarmupEvents(Integer faultFreeWarmupEvents) {
            this.faultFreeWarmupEvents = faultFreeWarmupEvents;
            return this;
        }

        public Builder normalOnly(boolean normalOnly) {
            this.normalOnly = normalOnly;
            return this;
        }

        public Builder noiseScale(double noiseScale) {
            this.noiseScale = noiseScale;
            return this;
        }

        public Builder driftEnabled(boolean driftEnabled) {
            this.driftEnabled = driftEnabled;
            return this;
        }

        public SimulatorSettings build() {
            if (profile == null) {
                throw new IllegalArgumentException("profile must not be null, got null");
            }
            return new SimulatorSettings(
                    profile,
                    devices,
                    seed,
                    eventsPerDevice != null ? eventsPerDevice : profile.defaultEventsPerDevice(),
                    intervalMs != null ? intervalMs : profile.defaultIntervalMs(),
                    startTs,
                    missingRate,
                    faultyDeviceFraction,
                    faultFreeWarmupEvents != null ? faultFreeWarmupEvents : profile.defaultFaultFreeWarmupEvents(),
                    normalOnly,
                    noiseScale,
                    driftEnabled);
        }
    }
}

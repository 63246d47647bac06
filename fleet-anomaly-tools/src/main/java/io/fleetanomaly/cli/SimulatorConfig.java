package io.fleetanomaly.cli;

import io.fleetanomaly.config.JobConfig;
import io.fleetanomaly.config.JobConfigLoader;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import java.time.Duration;

/** The {@code simulator} section of a job configuration, checked and turned into simulator settings. */
final class SimulatorConfig {
    private SimulatorConfig() {}

    static SimulatorSettings settings(JobConfigLoader loader) {
        JobConfig.Simulator s = loader.config().simulator;
        SimulatorProfile profile = loader.check("simulator.profile", () -> SimulatorProfile.parse(s.profile));
        loader.require(s.devices >= 1, "simulator.devices", "must be >= 1, got " + s.devices);
        long intervalMs = s.intervalMs != null ? s.intervalMs : profile.defaultIntervalMs();
        loader.require(intervalMs >= 1, "simulator.interval_ms", "must be >= 1, got " + intervalMs);
        loader.require(s.eventsPerSecond >= 0, "simulator.events_per_second", "must be >= 0, got " + s.eventsPerSecond);
        Duration duration = s.duration != null ? loader.duration("simulator.duration", s.duration) : profile.defaultDuration();
        long events = duration.toMillis() / intervalMs;
        loader.require(events >= 1 && events <= Integer.MAX_VALUE, "simulator.duration",
                "gives " + events + " events per device at interval_ms " + intervalMs);
        return loader.check("simulator", () -> SimulatorSettings.builder()
                .profile(profile)
                .devices(s.devices)
                .eventsPerDevice((int) events)
                .intervalMs(intervalMs)
                .seed(s.seed)
                .missingRate(s.missingRate)
                .faultyDeviceFraction(s.faultyDeviceFraction)
                .build());
    }
}

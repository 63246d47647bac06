package io.fleetanomaly.cli;

import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.simulator.SimulatorSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulate}: writes the simulated fleet's events (labels included) to a CSV file. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a simulated fleet to CSV: device_id, ts, one column per feature, label, anomaly_type.",
            "With --normal-only the fleet has no faults: training data for 'train --csv' and jobs/train_lstm.py."
        })
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--csv", required = true, description = "CSV file to write.")
    Path csv;

    @Option(names = "--profile", defaultValue = "industrial", description = "industrial or telemetry (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--devices", defaultValue = "40", description = "Devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--events-per-device", defaultValue = "1500", description = "Events per device (default ${DEFAULT-VALUE}).")
    int eventsPerDevice;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--normal-only", description = "No faults (training data).")
    boolean normalOnly;

    @Option(names = "--missing-rate", defaultValue = "0.01", description = "Share of missing readings (default ${DEFAULT-VALUE}).")
    double missingRate;

    @Override
    public Integer call() throws Exception {
        SimulatorSettings settings = SimulatorSettings.builder()
                .profile(SimulatorProfile.parse(profile))
                .devices(devices)
                .eventsPerDevice(eventsPerDevice)
                .seed(seed)
                .normalOnly(normalOnly)
                .missingRate(missingRate)
                .build();
        SimulatorSource.writeCsv(settings, csv);
        System.out.printf("wrote %,d events of %d %s devices to %s%n", settings.totalEvents(), devices, profile, csv);
        return 0;
    }
}

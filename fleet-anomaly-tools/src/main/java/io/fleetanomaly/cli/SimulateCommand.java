package io.fleetanomaly.cli;

import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.simulator.SimulatorSource;
import io.fleetanomaly.simulator.FleetPublisher;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulate}: writes the simulated fleet's events (labels included) to a CSV file. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a simulated fleet to CSV (device_id, ts, one column per feature, label, anomaly_type), or",
            "publishes it to a Kafka topic as the job's event JSON, keyed by device_id (the load generator).",
            "With --normal-only the fleet has no faults: training data for 'train --csv' and jobs/train_lstm.py."
        })
public final class SimulateCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--csv", description = "CSV file to write.")
        Path csv;

        @Option(names = "--topic", description = "Kafka topic to publish to (the job's events topic); needs --bootstrap-servers.")
        String topic;
    }

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092.")
    String bootstrapServers;

    @Option(names = "--events-per-second", defaultValue = "0", description = "Kafka: pace of the whole fleet (0 = as fast as possible).")
    double eventsPerSecond;

    @Option(names = "--profile", defaultValue = "industrial", description = "industrial, telemetry, service or process (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--devices", defaultValue = "40", description = "Devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--events-per-device", defaultValue = "1500", description = "Events per device (default ${DEFAULT-VALUE}).")
    int eventsPerDevice;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--normal-only", description = "No faults (training data).")
    boolean normalOnly;

    @Option(names = "--interval-ms", description = "Event-time spacing of a device's events (default: the profile's: 1000; service 300000, process 10000).")
    Long intervalMs;

    @Option(names = "--missing-rate", defaultValue = "0.01", description = "Share of missing readings (default ${DEFAULT-VALUE}).")
    double missingRate;

    @Override
    public Integer call() throws Exception {
        SimulatorSettings settings = SimulatorSettings.builder()
                .profile(SimulatorProfile.parse(profile))
                .devices(devices)
                .eventsPerDevice(eventsPerDevice)
                .intervalMs(intervalMs)
                .seed(seed)
                .normalOnly(normalOnly)
                .missingRate(missingRate)
                .build();
        if (target.csv != null) {
            SimulatorSource.writeCsv(settings, target.csv);
            System.out.printf("wrote %,d events of %d %s devices to %s%n", settings.totalEvents(), devices, profile, target.csv);
            return 0;
        }
        if (bootstrapServers == null) {
            throw new IllegalArgumentException("--topic needs --bootstrap-servers");
        }
        long sent = FleetPublisher.publish(settings, bootstrapServers, target.topic, new Properties(), eventsPerSecond,
                n -> System.err.printf("published %,d events%n", n));
        System.out.printf("published %,d events of %d %s devices to %s on %s%n", sent, devices, profile, target.topic,
                bootstrapServers);
        return 0;
    }
}

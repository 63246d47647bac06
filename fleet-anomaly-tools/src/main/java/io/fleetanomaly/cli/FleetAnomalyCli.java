package io.fleetanomaly.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code fleet-anomaly <command> [options]}. */
@Command(
        name = "fleet-anomaly",
        mixinStandardHelpOptions = true,
        version = "fleet-anomaly 0.1.0",
        description = "Streaming anomaly detection for fleets of IoT devices, on Apache Flink.",
        subcommands = {
            RunCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            BenchmarkSkabCommand.class,
            SimulateCommand.class,
            VerifyBundleCommand.class,
            BenchmarkLstmCommand.class,
            BenchmarkCommand.class,
            CommandLine.HelpCommand.class
        })
public final class FleetAnomalyCli {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 bad usage or configuration). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new FleetAnomalyCli());
        cli.setExecutionExceptionHandler(new UserErrors());
        return cli.execute(args);
    }
}

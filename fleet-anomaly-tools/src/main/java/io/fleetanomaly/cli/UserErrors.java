package io.fleetanomaly.cli;

import io.fleetanomaly.bundle.BundleException;
import io.fleetanomaly.config.ConfigException;
import io.fleetanomaly.kafka.KafkaPreflight;
import picocli.CommandLine;

/**
 * Turns the errors a user can fix (bad configuration, bad model bundle, bad input file) into one
 * clear line on stderr and exit code 2, instead of a stack trace.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    static final int EXIT_USER_ERROR = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) throws Exception {
        if (e instanceof ConfigException || e instanceof BundleException || e instanceof IllegalArgumentException
                || e instanceof KafkaPreflight.KafkaPreflightException) {
            cli.getErr().println("error: " + e.getMessage());
            return EXIT_USER_ERROR;
        }
        throw e;
    }
}

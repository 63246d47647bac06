package io.fleetanomaly.kafka;

import java.util.ArrayList;
import java.util.List;

/** The job jar's program arguments: {@code --config LOCATION [--bundle LOCATION]}. */
record JobArguments(String config, String bundle, boolean help) {
    static final String USAGE = String.join("\n",
            "usage: flink run [-p N] [-s SAVEPOINT] fleet-anomaly-job.jar --config FILE [--bundle LOCATION]",
            "  --config FILE      job configuration (YAML, input: kafka; see conf/kafka.yaml), a path, file: URI",
            "                     or classpath:NAME (a resource packed into the jar)",
            "  --bundle LOCATION  model bundle instead of the configuration's model.bundle: a directory, a URI",
            "                     of a file system Flink has (file:, s3:, hdfs:, ...), or classpath:bundles/NAME",
            "                     (shipped in the jar: industrial, telemetry, service, process)");

    static JobArguments parse(String[] args) {
        String config = null;
        String bundle = null;
        boolean help = false;
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = value(args, ++i, "--config");
                case "--bundle" -> bundle = value(args, ++i, "--bundle");
                case "--help", "-h" -> help = true;
                default -> unknown.add(args[i]);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown program arguments " + unknown);
        }
        if (config == null && !help) {
            throw new IllegalArgumentException("--config is required");
        }
        return new JobArguments(config, bundle, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}

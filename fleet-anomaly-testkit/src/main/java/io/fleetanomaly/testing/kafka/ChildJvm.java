package io.fleetanomaly.testing.kafka;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Command lines for child JVMs that run Kafka's main classes.
 *
 * <p>The child uses the test JVM's own Java and class path ({@code java.class.path}). Under Maven
 * that is the test class path (Surefire sets {@code java.class.path} to it), which holds the Kafka
 * 4.2 broker ({@code kafka_2.13}, test scope), slf4j-api 1.7 (the version Kafka itself is built
 * with) and the project's SLF4J binding log4j-slf4j-impl with log4j-core. The child gets its own
 * log4j2 configuration ({@code -Dlog4j2.configurationFile}), which takes precedence over the
 * log4j2-test.properties of the test class path, so the broker logs at INFO to its log file while
 * the tests stay quiet. Jackson resolves to the project's 2.18 (Kafka is built with 2.19); the
 * broker does not need anything newer.
 */
final class ChildJvm {
    private ChildJvm() {}

    static List<String> command(List<String> jvmOptions, Path log4jConfig, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + log4jConfig.toAbsolutePath());
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** The test JVM's class path with absolute entries, since the child runs in another directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}

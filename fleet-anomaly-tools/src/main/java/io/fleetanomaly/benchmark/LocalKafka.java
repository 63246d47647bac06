package io.fleetanomaly.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.util.FileUtils;

/**
 * A Kafka broker of its own for the latency run, started with the project's {@code
 * deploy/kafka-local} (one KRaft node on 127.0.0.1, from Maven Central jars) on two free ports and
 * a fresh state directory, and stopped and deleted on {@link #close()} (or at JVM exit).
 */
final class LocalKafka implements AutoCloseable {
    static final int START_ATTEMPTS = 3;

    private static final long SCRIPT_TIMEOUT_SECONDS = 300;

    private final Path script;
    private final Path state;
    private final int port;
    private final int controllerPort;
    private final Thread cleanup;
    private boolean stopped;

    private LocalKafka(Path script, Path state, int port, int controllerPort) {
        this.script = script;
        this.state = state;
        this.port = port;
        this.controllerPort = controllerPort;
        this.cleanup = new Thread(this::stopQuietly, "benchmark-kafka-cleanup");
    }

    /**
     * Finds deploy/kafka-local in the working directory or beside the jar's checkout, and starts a broker.
     * The two ports are free when chosen but another process can bind one before the broker does (the
     * machine runs test brokers too): a start that fails because a port is in use is tried again
     * on new ports, at most {@value #START_ATTEMPTS} times.
     */
    static LocalKafka start() {
        return start(findScript(), () -> freePorts(2));
    }

    /** {@link #start()} with the script given and each attempt's two ports (broker, controller) from {@code ports}. */
    static LocalKafka start(Path script, Supplier<int[]> ports) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start(script, ports.get());
            } catch (IllegalStateException e) {
                if (attempt >= START_ATTEMPTS || !isPortTaken(e)) {
                    throw e;
                }
                System.err.println("benchmark: the broker's port was taken before it bound it; starting it again on new ports");
            }
        }
    }

    static boolean isPortTaken(IllegalStateException startFailure) {
        String message = startFailure.getMessage();
        // the script's own check before it starts the broker, or the broker's bind failing after it
        return message != null && (message.contains("is in use by another process") || message.contains("Address already in use"));
    }

    private static LocalKafka start(Path script, int[] ports) {
        Path state;
        try {
            state = Files.createTempDirectory("benchmark-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the benchmark's broker", e);
        }
        LocalKafka kafka = new LocalKafka(script, state, ports[0], ports[1]);
        Runtime.getRuntime().addShutdownHook(kafka.cleanup);
        try {
            kafka.run("start");
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook is running or has run
        }
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run("stop");
        } catch (RuntimeException e) {
            System.err.println("benchmark: stopping the broker failed: " + e.getMessage());
        }
        deleteRecursively(state);
    }

    private void run(String command) {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), command));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().put("KAFKA_LOCAL_DIR", state.toString());
        builder.environment().put("KAFKA_PORT", Integer.toString(port));
        builder.environment().put("KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        builder.environment().put("KAFKA_JVM_OPTS", "-Xms128m -Xmx512m");
        Path output = state.resolve("script-" + command + ".log");
        builder.redirectOutput(output.toFile());
        try {
            Process process = builder.start();
            if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("deploy/kafka-local " + command + " did not finish in "
                        + SCRIPT_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("deploy/kafka-local " + command + " failed (exit "
                        + process.exitValue() + "):\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running deploy/kafka-local " + command, e);
        }
    }

    static Path findScript() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("deploy", "kafka-local"));
        try {
            // target/fleet-anomaly.jar or target/classes, in fleet-anomaly-tools of the checkout
            Path code = Path.of(LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            candidates.add(code.getParent().getParent().getParent().resolve("deploy").resolve("kafka-local"));
        } catch (Exception e) {
            // no code source: only the working directory is tried
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalArgumentException("cannot find deploy/kafka-local (looked at " + candidates
                + "): run from the repository root, or give a broker with --kafka-bootstrap");
    }

    static int[] freePorts(int count) {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
        return ports;
    }

    /** Deletes a directory of the benchmark's (a broker's state, checkpoints), saying so on stderr when it cannot. */
    static void deleteRecursively(Path dir) {
        try {
            FileUtils.deleteDirectory(dir.toFile());
        } catch (IOException e) {
            System.err.println("benchmark: cannot delete " + dir + ": " + e.getMessage());
        }
    }
}

package io.fleetanomaly.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.fleetanomaly.testing.kafka.FreePorts;

/**
 * A real standalone Flink session cluster run by {@code deploy/flink-local}: one JobManager and
 * {@code taskManagers} TaskManagers, each its own JVM process, on 127.0.0.1 with free ports, its
 * state (configuration, logs, checkpoints, savepoints, pid files) in a directory of its own. Jobs
 * go through Flink's own command line client (CliFrontend: flink run / stop / cancel); the REST
 * API answers the questions (job state, checkpoints).
 */
final class FlinkLocalCluster implements AutoCloseable {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path state;
    private final int restPort;
    private final int prometheusBase;
    private final int taskManagers;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread cleanup = new Thread(this::killAll, "flink-local-cleanup");

    FlinkLocalCluster(Path root, Path state, int taskManagers, int slots, Path extraConfig) {
        this.root = root;
        this.state = state;
        this.taskManagers = taskManagers;
        int[] ports = FreePorts.loopback(3);
        this.restPort = ports[0];
        this.prometheusBase = ports[2];
        this.environment = new java.util.HashMap<>(Map.of(
                "FLINK_LOCAL_DIR", state.toString(),
                "FLINK_REST_PORT", String.valueOf(ports[0]),
                "FLINK_RPC_PORT", String.valueOf(ports[1]),
                "FLINK_PROMETHEUS_PORTS", prometheusBase + "-" + (prometheusBase + 2 * (taskManagers + 1)),
                "FLINK_TASKMANAGERS", String.valueOf(taskManagers),
                "FLINK_SLOTS", String.valueOf(slots)));
        if (extraConfig != null) {
            environment.put("FLINK_EXTRA_CONFIG", extraConfig.toString());
        }
    }

    /** Starts the JobManager and every TaskManager not running (again after a kill, as a supervisor would). */
    void start() {
        Runtime.getRuntime().removeShutdownHook(cleanup);
        Runtime.getRuntime().addShutdownHook(cleanup);
        script("start");
    }

    @Override
    public void close() {
        try {
            script("stop");
        } finally {
            killAll();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway.
            }
        }
    }

    /** flink run --detached -p N JAR ARGS; returns the job id. */
    String submit(Path jar, int parallelism, String... args) {
        List<String> command = new ArrayList<>(List.of("submit", "-p", String.valueOf(parallelism), jar.toString()));
        command.addAll(List.of(args));
        return jobId(script(command.toArray(String[]::new)));
    }

    /** flink run --detached --fromSavepoint SAVEPOINT -p N JAR ARGS; returns the job id. */
    String resume(String savepoint, Path jar, int parallelism, String... args) {
        List<String> command = new ArrayList<>(List.of("resume", savepoint, "-p", String.valueOf(parallelism), jar.toString()));
        command.addAll(List.of(args));
        return jobId(script(command.toArray(String[]::new)));
    }

    /** flink stop (stop with a savepoint); returns the savepoint's path once the job has finished. */
    String stopWithSavepoint(String jobId) {
        String out = script("savepoint", jobId);
        Matcher m = SAVEPOINT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("flink stop printed no savepoint path:\n" + out);
        }
        awaitJobState(jobId, "FINISHED", Duration.ofMinutes(1));
        return m.group(1);
    }

    void cancel(String jobId) {
        script("cancel", jobId);
    }

    /** kill -9 of a TaskManager process; returns once the process is gone. */
    void killTaskManager(int index) throws Exception {
        long pid = Long.parseLong(Files.readString(state.resolve("taskmanager-" + index + ".pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("taskmanager-" + index + " is not running"));
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    JsonNode rest(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String jobState(String jobId) {
        return rest("/jobs/" + jobId).path("state").asText();
    }

    /** Checkpoints completed by the job so far (survives restarts of the job). */
    long completedCheckpoints(String jobId) {
        return rest("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** Waits until the job runs with every task running and a checkpoint has completed after {@code after} checkpoints. */
    void awaitCheckpointAfter(String jobId, long after, Duration timeout) {
        Await.until("job " + jobId + " running with a checkpoint completed after " + after, timeout,
                () -> "RUNNING".equals(jobState(jobId)) && completedCheckpoints(jobId) > after);
    }

    void awaitJobState(String jobId, String wanted, Duration timeout) {
        Await.until("job " + jobId + " " + wanted, timeout, () -> {
            String current = jobState(jobId);
            if (("FAILED".equals(current) || "CANCELED".equals(current)) && !current.equals(wanted)) {
                throw new IllegalStateException("job " + jobId + " is " + current + ": " + exceptions(jobId));
            }
            return wanted.equals(current);
        });
    }

    String exceptions(String jobId) {
        return rest("/jobs/" + jobId + "/exceptions").path("rootException").asText();
    }

    /** The Prometheus endpoints of the cluster's processes (one port each, the first free ones of the range). */
    List<URI> prometheusEndpoints() {
        List<URI> endpoints = new ArrayList<>();
        for (int port = prometheusBase; port <= prometheusBase + 2 * (taskManagers + 1); port++) {
            endpoints.add(URI.create("http://127.0.0.1:" + port + "/metrics"));
        }
        return endpoints;
    }

    Path state() {
        return state;
    }

    private static String jobId(String out) {
        Matcher m = JOB_ID.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("flink run printed no job id:\n" + out);
        }
        return m.group(1);
    }

    /** Runs deploy/flink-local with this cluster's environment; its output, or an exception with it. */
    private String script(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("deploy/flink-local").toString()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(state);
            Path output = Files.createTempFile(state, "command-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", args) + " did not finish in " + SCRIPT_TIMEOUT.toMinutes()
                        + " min:\n" + Files.readString(output));
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("deploy/flink-local " + String.join(" ", args) + " exited with "
                        + process.exitValue() + ":\n" + out + logTails());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTails() {
        StringBuilder tails = new StringBuilder();
        try (var files = Files.list(state.resolve("log"))) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                tails.append("\n--- last lines of ").append(log).append(" ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
            }
        } catch (IOException e) {
            tails.append("\n(no logs: ").append(e).append(')');
        }
        return tails.toString();
    }

    /** Last resort (and shutdown hook): every process of this cluster's pid files, SIGKILL. */
    private void killAll() {
        try (var files = Files.list(state)) {
            for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid)
                        .filter(p -> p.info().commandLine().orElse("").contains(state.resolve("conf").toString()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | RuntimeException e) {
            // Nothing started, or already gone.
        }
    }
}

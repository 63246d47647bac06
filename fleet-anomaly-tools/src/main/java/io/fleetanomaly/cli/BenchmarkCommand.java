package io.fleetanomaly.cli;

import io.fleetanomaly.benchmark.FleetBenchmark;
import io.fleetanomaly.config.JobConfig;
import io.fleetanomaly.config.JobConfigLoader;
import io.fleetanomaly.simulator.SimulatorProfile;
import java.nio.charset.StandardCharsets;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchmark}: throughput, stage costs, ONNX Runtime ceiling, Kafka latency and the RCF peer, in one run. */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the job on this machine: events/s of its graph fed from memory (source alone, native",
            "detectors, with the LSTM; parallelism 1 and 2; per core), each stage's cost in µs/event, raw ONNX",
            "Runtime windows/s, keyed state per device, event-to-alert latency through a local Kafka broker at half",
            "the latency job's own maximum rate, and AWS's ThresholdedRandomCutForest on the same events. Ends with one line:",
            "benchmark: native N ev/s/core, full N ev/s/core, ort N windows/s, full/ort R, rcf N ev/s, state N B/device,",
            "p99 N ms"
        })
public final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--short", description = "A quick run on a small fleet (what CI runs; figures are rough).")
    boolean shortRun;

    @Option(names = "--config", description = "YAML job configuration whose model, lstm and job sections apply.")
    Path config;

    @Option(names = "--profile", defaultValue = "telemetry", description = "Simulator profile (default ${DEFAULT-VALUE}: 8 channels, W=32).")
    String profile;

    @Option(names = "--devices", description = "Devices in the fleet, even (default 1000; --short 10).")
    Integer devices;

    @Option(names = "--events-per-device", description = "Events per device (default 600; --short 400; faults start after 150).")
    Integer eventsPerDevice;

    @Option(names = "--stage-seconds", description = "Timed seconds per stage loop (default 1; --short 0.05).")
    Double stageSeconds;

    @Option(names = "--latency-only", description = "Only the latency through Kafka (its rate search unless --latency-rate,"
            + " the passes of --buffer-timeouts, each after its warm-up segment), for repeated latency runs; ends with"
            + " 'benchmark latency: rate N events/s, p50 N ms, p99 N ms'.")
    boolean latencyOnly;

    @Option(names = "--kafka-bootstrap", description = "Use this broker for the latency run instead of starting one with deploy/kafka-local.")
    String kafkaBootstrap;

    @Option(names = "--latency-seconds", description = "Longest the latency run sends events (default 30; --short 10).")
    Double latencySeconds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--latency-rate", description = "Events/s the latency run sends (default: half of the latency job's own"
            + " maximum, measured first in the same run: the highest rate the same Kafka job, RocksDB and checkpoints keeps up"
            + " with while a producer sends at that rate through the broker, found by --rate-trials trials below the job's"
            + " rate on a pre-loaded topic).")
    Double latencyRate;

    @Option(names = "--rate-trials", description = "Fixed-rate trials that bisect for the latency job's maximum (default 5; --short 2).")
    Integer rateTrials;

    @Option(names = "--rate-trial-seconds", description = "Longest each rate trial sends events (default 10; --short 5).")
    Double rateTrialSeconds;

    @Option(names = "--checkpoint-interval", description = "Checkpoint interval of the latency run (default 10s, as conf/kafka.yaml; --short 1s).")
    String checkpointInterval;

    @Option(names = "--buffer-timeouts", split = ",", description = "Network buffer timeouts (job.buffer_timeout_ms) the latency run is measured at, in"
            + " turn; the last one's p99 is the last line's (default 100ms,10ms: Flink's default and the job's; --short 10ms).")
    List<String> bufferTimeouts;

    @Option(names = "--rcf-devices", description = "Devices the RCF peer runs on, one forest each (default 20; --short 2).")
    Integer rcfDevices;

    @Option(names = "--state-devices", description = "Devices the keyed-state measurement holds (default 20000; --short 500).")
    Integer stateDevices;

    @Option(names = "--throughput-warm-up-runs", description = "Most unreported runs of each throughput graph before its"
            + " measured run, fewer once the JIT's share of their CPU settles (default 5; --short 1).")
    Integer throughputWarmUpRuns;

    @Option(names = "--latency-flink-option", description = "KEY=VALUE: Flink configuration set on the latency job (rate"
            + " search and passes) over its own checkpoint and state backend settings, e.g."
            + " state.backend.rocksdb.writebuffer.size=64mb; repeatable. For A/B runs of an option against the product's"
            + " settings; printed with the results.")
    Map<String, String> latencyFlinkOptions;

    @Override
    public Integer call() throws Exception {
        JobConfigLoader loader = config == null ? JobConfigLoader.defaults() : JobConfigLoader.load(config);
        JobConfig c = loader.config();
        c.simulator.profile = profile;
        c.simulator.devices = devices != null ? devices : shortRun ? 10 : 1000;
        if (c.simulator.intervalMs == null) {
            c.simulator.intervalMs = loader.check("simulator.profile", () -> SimulatorProfile.parse(profile)).defaultIntervalMs();
        }
        c.simulator.duration = (long) (eventsPerDevice != null ? eventsPerDevice : shortRun ? 400 : 600)
                * c.simulator.intervalMs + "ms";
        if (config == null) {
            c.model.bundle = "default";
        }
        c.model.lstmEnabled = true;
        Duration interval = checkpointInterval != null
                ? JobConfigLoader.parseDuration(checkpointInterval)
                : Duration.ofSeconds(shortRun ? 1 : 10);
        FleetBenchmark.Options options = new FleetBenchmark.Options(
                SimulatorConfig.settings(loader),
                loader.bundle(),
                loader.jobSettings(false),
                stageSeconds != null ? stageSeconds : shortRun ? 0.05 : 1.0,
                shortRun ? 2_000 : 200_000,
                shortRun ? 0.2 : 3.0,
                kafkaBootstrap,
                latencySeconds != null ? latencySeconds : shortRun ? 10 : 30,
                latencyRate,
                rateTrials != null ? rateTrials : shortRun ? 2 : 5,
                rateTrialSeconds != null ? rateTrialSeconds : shortRun ? 5 : 10,
                interval,
                (bufferTimeouts != null ? bufferTimeouts : shortRun ? List.of("10ms") : List.of("100ms", "10ms")).stream()
                        .map(JobConfigLoader::parseDuration).toList(),
                rcfDevices != null ? rcfDevices : shortRun ? 2 : 20,
                stateDevices != null ? stateDevices : shortRun ? 500 : 20_000,
                latencyOnly,
                throughputWarmUpRuns != null ? throughputWarmUpRuns : shortRun ? 1 : 5,
                latencyFlinkOptions != null ? latencyFlinkOptions : Map.of());
        if (options.rateTrials() < 1 || !(options.rateTrialSeconds() > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate-trials must be >= 1 and"
                    + " --rate-trial-seconds > 0, got " + options.rateTrials() + " and " + options.rateTrialSeconds());
        }
        if (options.throughputWarmUpRuns() < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--throughput-warm-up-runs must be >= 1,"
                    + " got " + options.throughputWarmUpRuns());
        }
        if (latencyRate != null && !(latencyRate > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--latency-rate must be > 0, got " + latencyRate);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        new FleetBenchmark(options, out).run();
        return 0;
    }
}

package io.fleetanomaly.benchmark;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.lstm.LstmAutoencoderScorer;
import io.fleetanomaly.job.CheckpointSettings;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.simulator.SimulatorSettings;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The job benchmark behind {@code fleet-anomaly benchmark}: throughput of the job's own graph fed
 * from memory (source alone, native detectors, with the LSTM; parallelism 1 and 2), per-stage
 * costs, raw ONNX Runtime, latency through Kafka, and AWS's Thresholded Random Cut Forest as the
 * peer, all on one set of simulated events, ending with one machine-readable line. Prints figures,
 * asserts nothing.
 */
public final class FleetBenchmark {
    /** What to run; {@link #shortRun} is the quick variant CI runs so the command cannot rot. */
    public record Options(
            SimulatorSettings fleet,
            ModelBundle bundle,
            JobSettings job,
            double stageSeconds,
            int stageSampleEvents,
            double ortSeconds,
            String kafkaBootstrap,
            double latencySeconds,
            Double latencyRate,
            int rateTrials,
            double rateTrialSeconds,
            Duration checkpointInterval,
            List<Duration> bufferTimeouts,
            int rcfDevices,
            int stateDevices,
            boolean latencyOnly,
            int throughputWarmUpRuns,
            /** Flink configuration over the latency job's own (--latency-flink-option), for A/B runs; empty: as shipped. */
            Map<String, String> latencyFlinkOptions) {}

    /** Most seconds of sending the unreported warm-up segment at the start of each latency pass takes. */
    private static final double WARM_UP_SECONDS = 10;

    private final Options options;
    private final PrintStream out;

    public FleetBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public void run() throws Exception {
        ModelBundle full = options.bundle();
        if (!full.hasLstm()) {
            throw new IllegalArgumentException("bundle " + full.version() + " has no LSTM autoencoder: the benchmark compares"
                    + " the job with and without it");
        }
        if (options.fleet().devices() % 2 != 0) {
            throw new IllegalArgumentException("devices must be even (parallelism 2 gives each source reader half), got "
                    + options.fleet().devices());
        }
        ModelBundle nativeOnly = full.withoutLstm();
        int cores = Runtime.getRuntime().availableProcessors();
        long generationStart = System.nanoTime();
        BenchmarkEvents events = BenchmarkEvents.generate(options.fleet());
        double generationSeconds = (System.nanoTime() - generationStart) / 1e9;
        int warmup = JobThroughput.warmupSteps(full, options.job());

        out.printf(Locale.ROOT, "fleet-anomaly benchmark: %s fleet, %d devices x %d events = %d events (%.0f MB of JSON,"
                        + " pre-generated in %.1f s), bundle %s (W=%d, F=%d)%n",
                options.fleet().profile().configName(), events.devices(), events.eventsPerDevice(), events.size(),
                events.totalJsonBytes() / 1e6, generationSeconds, full.version(), full.window(), full.featureCount());
        out.printf(Locale.ROOT, "machine: %d cores, %s %s, max heap %d MB, load average %.2f at start%n",
                cores, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println();

        if (options.latencyOnly()) {
            JobSettings p2 = options.job().toBuilder().parallelism(2).build();
            KafkaLatency.Result latency = last(latencies(events, full, p2, Map.of()));
            out.println();
            out.printf(Locale.ROOT, "benchmark latency: rate %d events/s, p50 %.1f ms, p99 %.1f ms%n", Math.round(latency.rate()),
                    latency.writtenPercentile(50), latency.writtenPercentile(99));
            return;
        }

        // Keyed state first, while the heap holds nothing but the events.
        MahalanobisMode jobMode = full.mahalanobisSettings().mode();
        KeyedStateSize.Result state = KeyedStateSize.measure(nativeOnly, jobMode, options.stateDevices());
        KeyedStateSize.Result otherMode = KeyedStateSize.measure(nativeOnly,
                jobMode == MahalanobisMode.FLEET ? MahalanobisMode.DEVICE : MahalanobisMode.FLEET, options.stateDevices());
        out.printf(Locale.ROOT, "keyed state per device: W=%d, F=%d, %,d devices driven through the job's scorer and CUSUM past"
                + " their warm-up (KeyedStateSize)%n", state.window(), state.features(), state.devices());
        out.println("  mahalanobis mode   RocksDB / checkpoint B   heap B   heap for 100k devices   heap for 1M devices");
        printState(state, " (the job's)");
        printState(otherMode, "");
        out.println("  RocksDB / checkpoint = the state values, keys, key-group prefixes and timers as the job's serializers"
                + " write them (before RocksDB's block compression); heap = the state objects and keys the HashMap backend"
                + " retains (its table entries and heap timers add about 40 B each, not counted)");
        out.println();

        // Throughput of the job graph: each measured run after warm-up runs of the same graph (ThroughputWarmUp).
        JobThroughput throughput = new JobThroughput(events);
        JobSettings p1 = options.job().toBuilder().parallelism(1).build();
        JobSettings p2 = options.job().toBuilder().parallelism(2).build();
        ThroughputWarmUp warmUp = new ThroughputWarmUp(options.throughputWarmUpRuns());
        var heap = CheckpointSettings.StateBackend.HASHMAP;
        JobThroughput.Warmed source1 = JobThroughput.afterWarmUp(warmUp, () -> throughput.sourceOnly(1));
        JobThroughput.Warmed source2 = JobThroughput.afterWarmUp(warmUp, () -> throughput.sourceOnly(2));
        JobThroughput.Warmed native1w = JobThroughput.afterWarmUp(warmUp, () -> throughput.job("native", nativeOnly, p1, heap));
        JobThroughput.Warmed native2w = JobThroughput.afterWarmUp(warmUp, () -> throughput.job("native", nativeOnly, p2, heap));
        JobThroughput.Warmed full1w = JobThroughput.afterWarmUp(warmUp, () -> throughput.job("full", full, p1, heap));
        JobThroughput.Warmed full2w = JobThroughput.afterWarmUp(warmUp, () -> throughput.job("full", full, p2, heap));
        JobThroughput.Warmed nativeRocks = JobThroughput.afterWarmUp(warmUp,
                () -> throughput.job("native", nativeOnly, p1, CheckpointSettings.StateBackend.ROCKSDB));
        JobThroughput.Result native1 = native1w.result();
        JobThroughput.Result native2 = native2w.result();
        JobThroughput.Result full1 = full1w.result();
        JobThroughput.Result full2 = full2w.result();

        out.printf(Locale.ROOT, "throughput: the job's graph (FleetAnomalyJob) on a local MiniCluster, fed from the JSON in memory;"
                + " measured from each device's event %d (its warm-up over) to the end of input%n", warmup + 1);
        out.println("  run                                   state     p    events/s   ev/s/core   cores busy   alerts  dead letters"
                + "   JIT %   warm-up runs: JIT %");
        printRun("source only", "-", source1);
        printRun("source only", "-", source2);
        printRun("native (IF + Mahalanobis + CUSUM)", "heap", native1w);
        printRun("native (IF + Mahalanobis + CUSUM)", "heap", native2w);
        printRun("native (IF + Mahalanobis + CUSUM)", "rocksdb", nativeRocks);
        printRun("full (native + LSTM autoencoder)", "heap", full1w);
        printRun("full (native + LSTM autoencoder)", "heap", full2w);
        out.printf(Locale.ROOT, "  parallelism 2 / 1: native %.2f, full %.2f (events/s)%n",
                native2.eventsPerSecond() / native1.eventsPerSecond(), full2.eventsPerSecond() / full1.eventsPerSecond());
        out.println("  ev/s/core = events / CPU seconds of the whole JVM (task threads, GC, JIT) over the measured part;"
                + " cores busy = CPU seconds / wall seconds");
        out.printf(Locale.ROOT, "  JIT %% = the compiler threads' share of those CPU seconds (%s); before each measured run,"
                        + " unreported runs of the same graph until that share in their measured part is at most %.0f%% or"
                        + " no longer below %.0f%% of the run before, at most %d: the figures are steady state, JIT start-up"
                        + " left out, not subtracted%n",
                RunProbe.COMPILERS.source(), ThroughputWarmUp.SETTLED_SHARE * 100, ThroughputWarmUp.STILL_FALLING * 100,
                warmUp.maxRuns());
        out.println();

        // Stage costs and raw ONNX Runtime, on the same events.
        double ortWindowsPerSecond;
        List<StageCosts.Stage> stages;
        int batchSize = options.job().lstm().batchSize();
        try (LstmAutoencoderScorer ort = LstmAutoencoderScorer.open(full.lstm().model(), options.job().lstm().session())) {
            stages = new StageCosts(events, full, options.stageSeconds(), options.stageSampleEvents()).measure(ort, batchSize);
            float[] random = LstmBenchmark.randomWindows(batchSize * full.lstm().model().valuesPerWindow(), 42);
            ortWindowsPerSecond = CpuClock.ortWindowsPerCpuSecond(ort, random, batchSize,
                    Math.min(1.0, options.ortSeconds()), options.ortSeconds());
        }
        out.printf(Locale.ROOT, "stage costs: each stage alone, a loop over its core class on the first %d events'"
                + " data (one untimed warm-up pass, then %.2f s of the thread's CPU time), one thread%n", options.stageSampleEvents(),
                options.stageSeconds());
        out.println("  stage                    µs/event   what");
        double nativeSum = 0;
        double lstmMicros = 0;
        for (StageCosts.Stage stage : stages) {
            out.printf(Locale.ROOT, "  %-22s %10.3f   %s%n", stage.name(), stage.microsPerEvent(), stage.what());
            if (stage.name().startsWith("LSTM")) {
                lstmMicros = stage.microsPerEvent();
            } else {
                nativeSum += stage.microsPerEvent();
            }
        }
        double nativeJobMicros = 1e6 / native2.eventsPerCoreSecond();
        double fullJobMicros = 1e6 / full2.eventsPerCoreSecond();
        out.printf(Locale.ROOT, "  sum of stages: native %.3f, with LSTM %.3f; the job per event and core (p=2): native %.3f,"
                + " full %.3f; the runtime adds native %.3f, full %.3f%n", nativeSum, nativeSum + lstmMicros,
                nativeJobMicros, fullJobMicros, nativeJobMicros - nativeSum, fullJobMicros - nativeSum - lstmMicros);
        out.println();

        double fullPerCore = full2.eventsPerCoreSecond();
        out.printf(Locale.ROOT, "ONNX Runtime raw: %.0f windows per CPU second at batch %d (%s, one calling thread, random windows);"
                + " full job per core / raw = %.3f (p=2: %.0f ev/s/core, p=1: %.0f)%n", ortWindowsPerSecond, batchSize,
                options.job().lstm().session(), fullPerCore / ortWindowsPerSecond, fullPerCore, full1.eventsPerCoreSecond());
        out.println();

        // Latency through Kafka at half the latency job's own sustainable maximum (or the rate given).
        KafkaLatency.Result latency = last(latencies(events, full, p2, Map.of()));
        out.println();

        // The peer.
        RcfPeer.Result rcf1 = RcfPeer.run(events, 1, options.rcfDevices());
        RcfPeer.Result rcf8 = RcfPeer.run(events, 8, options.rcfDevices());
        out.printf(Locale.ROOT, "peer: AWS ThresholdedRandomCutForest 4.4.0 (%d trees, sample %d, %d channels), one forest per"
                        + " device for %d devices, process() per event, one thread%n",
                RcfPeer.TREES, RcfPeer.SAMPLE_SIZE, full.featureCount(), rcf1.devices());
        out.printf(Locale.ROOT, "  shingle 1: %.0f ev/s; shingle 8: %.0f ev/s (this job's native path: %.0f ev/s/core)%n",
                rcf1.pointsPerSecond(), rcf8.pointsPerSecond(), native2.eventsPerCoreSecond());
        out.println();

        out.printf(Locale.ROOT, "benchmark: native %d ev/s/core, full %d ev/s/core, ort %d windows/s, full/ort %.3f,"
                        + " rcf %d ev/s, state %d B/device, p99 %d ms%n",
                Math.round(native2.eventsPerCoreSecond()), Math.round(fullPerCore), Math.round(ortWindowsPerSecond),
                fullPerCore / ortWindowsPerSecond, Math.round(rcf1.pointsPerSecond()),
                Math.round(state.serializedBytesPerDevice()), Math.round(latency.writtenPercentile(99)));
    }

    /**
     * Latency through Kafka at half the latency job's own sustainable maximum (or the rate given),
     * at each network buffer timeout, each pass in its own job after an unreported warm-up segment
     * ({@link WarmUpSegment}); prints the rate, the passes and their percentiles. {@code clientProperties} go to the latency job's Kafka clients.
     */
    List<KafkaLatency.Result> latencies(BenchmarkEvents events, ModelBundle full, JobSettings p2,
            Map<String, String> clientProperties) throws Exception {
        List<KafkaLatency.Result> latencies = new java.util.ArrayList<>();
        double rate;
        LocalKafka broker = options.kafkaBootstrap() == null ? LocalKafka.start() : null;
        try {
            String bootstrap = broker != null ? broker.bootstrapServers() : options.kafkaBootstrap();
            KafkaLatency kafka = new KafkaLatency(events, bootstrap, clientProperties, options.latencyFlinkOptions());
            Duration lastTimeout = options.bufferTimeouts().get(options.bufferTimeouts().size() - 1);
            if (options.latencyRate() != null) {
                rate = options.latencyRate();
                out.printf(Locale.ROOT, "latency rate: %.0f events/s, given by --latency-rate%n", rate);
            } else {
                rate = sustainableMaximum(kafka, full, p2, lastTimeout, events.size()) / 2;
            }
            for (Duration bufferTimeout : options.bufferTimeouts()) {
                latencies.add(kafka.run(full, p2, rate, options.latencySeconds(),
                        Math.min(WARM_UP_SECONDS, options.latencySeconds()), options.checkpointInterval(), bufferTimeout));
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        KafkaLatency.Result first = latencies.get(0);
        out.printf(Locale.ROOT, "latency through Kafka: the full job (KafkaJob, p=%d, RocksDB, checkpoints every %d ms,"
                        + " exactly-once alerts) at %.0f events/s (%s), %d events of %d devices,"
                        + " broker %s%n",
                first.parallelism(), first.checkpointInterval().toMillis(), first.rate(),
                options.latencyRate() != null ? "--latency-rate" : "half of its own maximum", first.eventsSent(),
                first.devices(), broker != null ? "started by the benchmark (deploy/kafka-local)" : options.kafkaBootstrap());
        if (!options.latencyFlinkOptions().isEmpty()) {
            out.println("  Flink options over the latency job's own (--latency-flink-option): "
                    + new java.util.TreeMap<>(options.latencyFlinkOptions()));
        }
        for (KafkaLatency.Result latency : latencies) {
            if (latency.alerts() == 0) {
                throw new IllegalStateException("the latency run raised no alert in " + latency.eventsSent()
                        + " events of " + latency.devices() + " devices: give it more events per device (the simulator's"
                        + " faults start after step 150) or more seconds");
            }
            out.printf(Locale.ROOT, "  network buffer timeout %d ms (job.buffer_timeout_ms%s), %d alerts:%n",
                    latency.bufferTimeout().toMillis(), latency.bufferTimeout().toMillis() == 100 ? "; Flink's default" : latency.bufferTimeout().equals(JobSettings.DEFAULT_BUFFER_TIMEOUT) ? "; the job's default" : "",
                    latency.alerts());
            KafkaLatency.WarmUp warmUp = latency.warmUp();
            out.printf(Locale.ROOT, "    warm-up segment first, same job, not reported: %d other devices' whole series (%d events"
                            + " at the same rate), %d alerts, %d checkpoints completed after its first alert, measured sending"
                            + " started %.1f s after it%s%n",
                    warmUp.devices(), warmUp.events(), warmUp.alerts(), warmUp.checkpointsAfterFirstAlert(),
                    warmUp.waitedSeconds(), warmUp.ready() ? "" : warmUp.alerts() == 0
                            ? " (its devices raised no alert: the sink's second transactional producer may be created while"
                                    + " the measured events are sent)"
                            : " (gave up waiting for two checkpoints after its first alert)");
            out.printf(Locale.ROOT, "    event sent -> alert in Kafka (read_uncommitted):   p50 %.1f ms, p99 %.1f ms%n",
                    latency.writtenPercentile(50), latency.writtenPercentile(99));
            out.printf(Locale.ROOT, "    event sent -> alert committed (read_committed):    p50 %.1f ms, p99 %.1f ms"
                    + " (waits for the checkpoint that commits the Kafka transaction)%n",
                    latency.committedPercentile(50), latency.committedPercentile(99));
            CheckpointLog.Tail tail = latency.tail();
            out.printf(Locale.ROOT, "    slowest 1%% (%d alerts): %d of their events sent while a checkpoint ran (%d checkpoints,"
                            + " %.1f%% of the sending time)%n",
                    tail.slowest(), tail.sentDuringCheckpoint(), tail.checkpoints(), tail.checkpointShareOfSending() * 100);
        }
        return latencies;
    }

    /**
     * The latency job's maximum rate with its producer sending through the same broker on the same
     * cores, as in the latency run ({@link SustainableRate}); the max-rate pass on a pre-loaded topic
     * (no producer running) is its upper bound. Prints both and every trial.
     */
    private double sustainableMaximum(KafkaLatency kafka, ModelBundle bundle, JobSettings settings, Duration bufferTimeout,
            long preloadedEvents) throws Exception {
        KafkaLatency.MaxRate unloaded = kafka.maxRate(bundle, settings, preloadedEvents,
                options.checkpointInterval(), bufferTimeout);
        SustainableRate.Result sustained = SustainableRate.search(unloaded.eventsPerSecond(), options.rateTrials(),
                rate -> kafka.trial(bundle, settings, rate, options.rateTrialSeconds(), options.checkpointInterval(),
                        bufferTimeout));
        out.printf(Locale.ROOT, "latency rate: %.0f events/s, half of the latency job's own maximum, %.0f events/s%s, at buffer"
                        + " timeout %d ms%n", sustained.maximum() / 2, sustained.maximum(),
                sustained.keptUpWithAny() ? ": the highest rate it kept up with while a producer sent at that rate through the"
                        + " broker on the same cores (as in the latency run)"
                        : ": it kept up with none of the rates tried, so the most it processed in a trial",
                bufferTimeout.toMillis());
        out.printf(Locale.ROOT, "  max-rate pass, topic pre-loaded, no producer running: %.0f events/s (%.0f ev/s/core, %.2f"
                        + " cores busy; rate between 10%% and 90%% of its %d events): the upper bound of the search (the"
                        + " maximum the latency rate was half of before the search)%n",
                unloaded.eventsPerSecond(), unloaded.eventsPerCoreSecond(), unloaded.cpuSeconds() / unloaded.seconds(),
                preloadedEvents);
        for (SustainableRate.Outcome trial : sustained.trials()) {
            out.printf(Locale.ROOT, "  trial at %.0f events/s: sent %d events in %.1f s (%.0f events/s), %d not yet through"
                            + " the scoring operator when the producer finished (%.2f s of sending): %s%n",
                    trial.rate(), trial.sent(), trial.sendSeconds(), trial.offeredRate(), trial.backlog(),
                    trial.backlogSeconds(), trial.keptUp() ? "kept up" : "fell behind");
        }
        out.printf(Locale.ROOT, "  (kept up = the producer achieved %.0f%% of the rate and the job ended at most %.1f s of sending"
                        + " behind; bisection of [0, upper bound] in %d steps of up to %.0f s of sending; a trial at most %.1f s"
                        + " behind is run once more)%n",
                SustainableRate.OFFERED_SHARE * 100, SustainableRate.BACKLOG_SECONDS, options.rateTrials(),
                options.rateTrialSeconds(), SustainableRate.NARROW_MISS_SECONDS);
        return sustained.maximum();
    }

    private static KafkaLatency.Result last(List<KafkaLatency.Result> latencies) {
        return latencies.get(latencies.size() - 1);
    }

    private void printState(KeyedStateSize.Result result, String note) {
        String mode = result.mode().name().toLowerCase(Locale.ROOT) + note;
        out.printf(Locale.ROOT, "  %-17s %24.0f %8.0f %20.0f MB %18.2f GB%n", mode, result.serializedBytesPerDevice(),
                result.heapBytesPerDevice(), result.heapBytes(100_000) / 1e6, result.heapBytes(1_000_000) / 1e9);
    }

    private void printRun(String name, String state, JobThroughput.Warmed warmed) {
        JobThroughput.Result result = warmed.result();
        StringBuilder warmUps = new StringBuilder().append(warmed.warmUpShares().size()).append(':');
        for (double share : warmed.warmUpShares()) {
            warmUps.append(String.format(Locale.ROOT, " %.1f", share * 100));
        }
        out.printf(Locale.ROOT, "  %-36s  %-8s %2d %11.0f %11.0f %12.2f %8d %13d %7.1f   %s%n", name, state,
                result.parallelism(), result.eventsPerSecond(), result.eventsPerCoreSecond(),
                result.cpuSeconds() / result.seconds(), result.alerts(), result.deadLetters(), result.compilerShare() * 100,
                warmUps);
    }
}

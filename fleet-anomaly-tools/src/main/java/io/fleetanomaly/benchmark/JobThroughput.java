package io.fleetanomaly.benchmark;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.job.FleetAnomalyJob;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.job.CheckpointSettings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import java.util.ArrayList;
import java.util.List;

/**
 * Events per second of the job's own graph ({@link FleetAnomalyJob}) on a local MiniCluster, fed
 * from pre-generated JSON in memory; and of the source alone. Only the part after every device's
 * warm-up is measured: from the first source record past it to the end of input at the sinks.
 */
final class JobThroughput {
    /** The measured part of one run. */
    record Result(String name, int parallelism, long events, double seconds, double cpuSeconds,
            double compilerCpuSeconds, long alerts, long deadLetters) {
        double eventsPerSecond() {
            return events / seconds;
        }

        /** Events per CPU second of the whole JVM (every thread: tasks, GC, JIT) during the measured part. */
        double eventsPerCoreSecond() {
            return events / cpuSeconds;
        }

        /** The JIT compiler threads' share of the JVM's CPU seconds in the measured part. */
        double compilerShare() {
            return cpuSeconds > 0 ? compilerCpuSeconds / cpuSeconds : 0;
        }
    }

    /** A measured run and the compiler shares of the warm-up runs of the same graph before it. */
    record Warmed(Result result, List<Double> warmUpShares) {}

    /** One run of a graph. */
    interface Run {
        Result run() throws Exception;
    }

    /** Runs the graph as often as {@code warmUp} says, unreported, then once more: the measured run. */
    static Warmed afterWarmUp(ThroughputWarmUp warmUp, Run graph) throws Exception {
        List<Double> shares = new ArrayList<>();
        while (warmUp.another(shares)) {
            shares.add(graph.run().compilerShare());
        }
        return new Warmed(graph.run(), List.copyOf(shares));
    }

    private final BenchmarkEvents events;

    JobThroughput(BenchmarkEvents events) {
        this.events = events;
    }

    /** Steps a device scores nothing in: its window fills, and in device mode its own baseline. */
    static int warmupSteps(ModelBundle bundle, JobSettings settings) {
        int steps = bundle.window();
        if (bundle.mahalanobisSettings().mode() == MahalanobisMode.DEVICE) {
            steps = Math.max(steps, bundle.mahalanobisSettings().deviceWarmupEvents());
        }
        return Math.max(steps, settings.deviceWarmupEvents() + 1);
    }

    /** The whole job at a parallelism (the bundle decides whether the LSTM runs). */
    Result job(String name, ModelBundle bundle, JobSettings settings, CheckpointSettings.StateBackend backend)
            throws Exception {
        int parallelism = settings.parallelism();
        int warmup = Math.min(warmupSteps(bundle, settings), events.eventsPerDevice() - 1);
        long measured = (long) events.devices() * (events.eventsPerDevice() - warmup);
        try (InMemorySource.Registration records = InMemorySource.register(events.jsonFor(parallelism));
                RunProbe probe = RunProbe.startingAt(eachPartitionAt(parallelism, warmup))) {
            StreamExecutionEnvironment env = environment(parallelism, backend);
            FleetAnomalyJob.builder(bundle)
                    .settings(settings)
                    .input(e -> records.addTo(e, parallelism, probe.handle()))
                    .alertSink(new EndOfInputSink<Alert>(probe.handle(), "alerts"))
                    .deadLetterSink(new EndOfInputSink<DeadLetter>(probe.handle(), "dead-letters"))
                    .build()
                    .attachTo(env);
            env.execute("benchmark-" + name);
            requireComplete(probe, name);
            return new Result(name, parallelism, measured, probe.seconds(), probe.cpuSeconds(),
                    probe.compilerCpuSeconds(), probe.count("alerts"), probe.count("dead-letters"));
        }
    }

    /** The in-memory source into a discarding sink: what feeding the job costs. */
    Result sourceOnly(int parallelism) throws Exception {
        try (InMemorySource.Registration records = InMemorySource.register(events.jsonFor(parallelism));
                RunProbe probe = RunProbe.startingAt(eachPartitionAt(parallelism, 0))) {
            StreamExecutionEnvironment env = environment(parallelism, CheckpointSettings.StateBackend.HASHMAP);
            env.getConfig().enableObjectReuse();
            records.addTo(env, parallelism, probe.handle())
                    .sinkTo(new EndOfInputSink<RawRecord>(probe.handle(), "records"))
                    .setParallelism(parallelism);
            env.execute("benchmark-source-only");
            requireComplete(probe, "source only");
            return new Result("source only", parallelism, events.size(), probe.seconds(), probe.cpuSeconds(),
                    probe.compilerCpuSeconds(), 0, 0);
        }
    }

    /** Where each source reader's events of a step are (the measured part starts at the first of them emitted). */
    private long[] eachPartitionAt(int parallelism, int step) {
        long[] starts = new long[parallelism];
        for (int partition = 0; partition < parallelism; partition++) {
            starts[partition] = events.positionOf(parallelism, partition, step);
        }
        return starts;
    }

    private static StreamExecutionEnvironment environment(int parallelism, CheckpointSettings.StateBackend backend) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, backend.configName());
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    private static void requireComplete(RunProbe probe, String name) {
        if (!probe.complete()) {
            throw new IllegalStateException("the " + name + " run ended without its measured part being seen"
                    + " (too few events per device for the warm-up?)");
        }
    }
}

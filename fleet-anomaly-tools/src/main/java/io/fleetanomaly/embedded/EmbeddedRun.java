package io.fleetanomaly.embedded;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.job.DeviceIdSelector;
import io.fleetanomaly.job.FleetAnomalyJob;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.job.JobStreams;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the job on a local MiniCluster over a bounded input and reports what came out: every alert
 * and dead letter as it arrives (to the given consumers), and at the end the alert quality against
 * the input's labels, counts and the job's runtime. The embedded command and the end-to-end tests
 * both use it.
 */
public final class EmbeddedRun {
    private final ModelBundle bundle;
    private final JobSettings jobSettings;
    private final long evaluationGraceMs;
    private final Configuration clusterConfiguration = new Configuration();

    public EmbeddedRun(ModelBundle bundle, JobSettings jobSettings, long evaluationGraceMs) {
        this.bundle = bundle;
        this.jobSettings = jobSettings;
        this.evaluationGraceMs = evaluationGraceMs;
    }

    /** Adds these options to the MiniCluster's configuration (e.g. {@link LiveMetrics#configure}). */
    public EmbeddedRun clusterConfiguration(Configuration options) {
        clusterConfiguration.addAll(options);
        return this;
    }

    public RunReport run(
            Function<StreamExecutionEnvironment, DataStream<RawRecord>> input,
            Consumer<Alert> onAlert,
            Consumer<DeadLetter> onDeadLetter) throws Exception {
        return onMiniCluster(jobSettings.parallelism(), clusterConfiguration,
                env -> runOn(env, input, onAlert, onDeadLetter));
    }

    /** What to do with an environment connected to a MiniCluster. */
    @FunctionalInterface
    public interface ClusterWork<T> {
        T run(StreamExecutionEnvironment env) throws Exception;
    }

    /**
     * Starts a local MiniCluster with {@code slots} slots and no restarts, hands an environment
     * connected to it to {@code work}, and stops the cluster afterwards. The cluster outlives the
     * job, so result iterators ({@code collectAsync}) can drain after the job ends.
     */
    public static <T> T onMiniCluster(int slots, ClusterWork<T> work) throws Exception {
        return onMiniCluster(slots, new Configuration(), work);
    }

    /** Like {@link #onMiniCluster(int, ClusterWork)}, with {@code options} added to the cluster's configuration. */
    public static <T> T onMiniCluster(int slots, Configuration options, ClusterWork<T> work) throws Exception {
        Configuration conf = new Configuration();
        conf.addAll(options);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        MiniClusterConfiguration clusterConfig = new MiniClusterConfiguration.Builder()
                .withRandomPorts()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build();
        try (MiniCluster cluster = new MiniCluster(clusterConfig)) {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(), rest.getPort(), conf);
            return work.run(env);
        }
    }

    private RunReport runOn(
            StreamExecutionEnvironment env,
            Function<StreamExecutionEnvironment, DataStream<RawRecord>> input,
            Consumer<Alert> onAlert,
            Consumer<DeadLetter> onDeadLetter) throws Exception {
        JobSettings withScores = jobSettings.toBuilder().emitScores(true).build();
        JobStreams streams = FleetAnomalyJob.builder(bundle).settings(withScores).input(input).build().attachTo(env);
        DataStream<EvaluationRecord> evaluation = DataStreamUtils
                .reinterpretAsKeyedStream(streams.scores(), new DeviceIdSelector.OfScore())
                .process(new DeviceEvaluationFunction(evaluationGraceMs))
                .name("evaluation")
                .uid("evaluation");

        CloseableIterator<Alert> alerts = streams.alerts().collectAsync();
        CloseableIterator<DeadLetter> deadLetters = streams.deadLetters().collectAsync();
        CloseableIterator<EvaluationRecord> records = evaluation.collectAsync();
        JobClient client = env.executeAsync("fleet-anomaly embedded");

        RunReport.Builder report = RunReport.builder(bundle.version());
        List<EvaluationRecord> evaluationRecords = new ArrayList<>();
        CompletableFuture<Void> alertsDone = CompletableFuture.runAsync(() -> alerts.forEachRemaining(alert -> {
            report.alert(alert);
            onAlert.accept(alert);
        }));
        CompletableFuture<Void> deadLettersDone = CompletableFuture.runAsync(() -> deadLetters.forEachRemaining(letter -> {
            report.deadLetter(letter);
            onDeadLetter.accept(letter);
        }));
        records.forEachRemaining(evaluationRecords::add);
        alertsDone.join();
        deadLettersDone.join();
        JobExecutionResult result = client.getJobExecutionResult().get();

        AlertQuality quality = new AlertQuality();
        evaluationRecords.forEach(quality::add);
        return report.quality(quality).runtimeMs(result.getNetRuntime()).build();
    }
}

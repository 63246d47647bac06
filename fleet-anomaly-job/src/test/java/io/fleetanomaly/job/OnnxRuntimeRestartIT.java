package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.format.EventJsonWriter;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ONNX Runtime loads a native library, which a JVM lets one class loader load at a time. Flink
 * gives every job attempt a fresh user-code class loader, so ORT must come from the parent class
 * loader ({@code classloader.parent-first-patterns.additional: ai.onnxruntime.}, see
 * conf/flink-cluster.yaml). Here the job jar and the ORT jar are submitted to a cluster with one
 * TaskManager, as on a real cluster; the job fails twice while scoring with ORT and must then
 * finish with every event scored exactly once.
 */
class OnnxRuntimeRestartIT {
    static final AtomicInteger ATTEMPTS = new AtomicInteger();
    static final ConcurrentLinkedQueue<String> ORT_LOADERS = new ConcurrentLinkedQueue<>();

    /**
     * Fails the first two attempts once a checkpoint of the attempt has completed, i.e. while every
     * task runs and the LSTM operator scores windows (failing before a downstream task has opened
     * trips a race in Flink's collect sink that takes the TaskManager down). It paces the bounded
     * input so that a checkpoint completes well before the input ends. It handles plain bytes: this
     * test class comes from the parent class loader, the job's classes from the job jar, so it must
     * not touch the job's types.
     */
    static final class FailTwice extends RichMapFunction<byte[], byte[]> implements CheckpointListener {
        private volatile boolean checkpointed;

        @Override
        public void open(OpenContext context) throws Exception {
            ATTEMPTS.incrementAndGet();
            Class<?> ort = Class.forName("ai.onnxruntime.OrtEnvironment", false,
                    getRuntimeContext().getUserCodeClassLoader());
            ORT_LOADERS.add(String.valueOf(ort.getClassLoader()));
        }

        @Override
        public byte[] map(byte[] record) throws InterruptedException {
            Thread.sleep(1);
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            if (checkpointed && attempt < 2) {
                throw new IllegalStateException("injected failure in attempt " + attempt);
            }
            return record;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void jobRestartsTwiceInOneTaskManagerWhileScoringWithOnnxRuntime() throws Exception {
        ModelBundle bundle = TestBundles.shipped(SimulatorProfile.TELEMETRY);
        assertThat(bundle.hasLstm()).isTrue();
        SimulatorSettings fleet = SimulatorSettings.builder()
                .profile(SimulatorProfile.TELEMETRY).devices(10).eventsPerDevice(300).seed(4).build();
        List<byte[]> records = records(fleet);

        Configuration conf = new Configuration();
        conf.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL, List.of("ai.onnxruntime."));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        MiniClusterConfiguration clusterConfig = new MiniClusterConfiguration.Builder()
                .withRandomPorts().setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build();

        List<ScoredEvent> scores = new ArrayList<>();
        try (MiniCluster cluster = new MiniCluster(clusterConfig)) {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
                    rest.getHost(), rest.getPort(), conf, jobJars());
            env.setParallelism(1);
            env.enableCheckpointing(200);
            DataStream<RawRecord> raw = env.fromData(records, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                    .map(new FailTwice())
                    .map(new ToRawRecord("test"));
            JobStreams streams = FleetAnomalyJob.buildGraph(raw, bundle,
                    JobSettings.builder().parallelism(1).emitScores(true).build());
            try (CloseableIterator<ScoredEvent> it = streams.scores().collectAsync()) {
                env.executeAsync("ort-restart");
                it.forEachRemaining(scores::add);
            }
        }

        assertThat(ATTEMPTS.get()).as("attempts of the failing task").isGreaterThanOrEqualTo(3);
        assertThat(ORT_LOADERS).as("ORT resolved parent-first in every attempt")
                .allSatisfy(loader -> assertThat(loader).doesNotContain("ChildFirst"))
                .hasSizeGreaterThanOrEqualTo(3);
        Set<String> seen = new HashSet<>();
        for (ScoredEvent e : scores) {
            assertThat(seen.add(e.deviceId + "@" + e.ts)).as("duplicate " + e.deviceId + "@" + e.ts).isTrue();
        }
        assertThat(scores).hasSize(records.size());
        int lstm = bundle.detectorIndex(ModelBundle.LSTM_AE);
        assertThat(scores.stream().filter(e -> !e.warmingUp))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.detectorScores[lstm]).isBetween(0.0, 50.0));
    }

    private static List<byte[]> records(SimulatorSettings settings) {
        FleetSimulator fleet = new FleetSimulator(settings);
        EventJsonWriter writer = new EventJsonWriter(fleet.featureNames());
        List<byte[]> records = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            records.add(writer.write(fleet.eventAt(i).toSensorEvent()));
        }
        return records;
    }

    /** The built job jar and the ONNX Runtime jar, shipped to the cluster with the job. */
    private static String[] jobJars() throws Exception {
        Path jar = Path.of(System.getProperty("fleetAnomaly.jobJar", "target/fleet-anomaly-job.jar"));
        Path lib = Path.of(System.getProperty("fleetAnomaly.lib", "target/cluster-lib"));
        assertThat(jar).as("run with 'mvn verify': the job jar is built by 'package'").exists();
        try (var files = Files.list(lib)) {
            Path ort = files.filter(f -> f.getFileName().toString().startsWith("onnxruntime-")).findFirst().orElseThrow();
            return new String[] {jar.toString(), ort.toString()};
        }
    }
}

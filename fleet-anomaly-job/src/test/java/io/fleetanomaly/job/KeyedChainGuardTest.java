package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.testing.TestBundles;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CUSUM operator reads the keyed stream without a shuffle only over forward edges at equal parallelism. */
class KeyedChainGuardTest {
    static ModelBundle withLstm;

    @BeforeAll
    static void bundle() {
        withLstm = TestBundles.shipped(SimulatorProfile.TELEMETRY);
        assertThat(withLstm.hasLstm()).isTrue();
    }

    private static DataStream<RawRecord> input(StreamExecutionEnvironment env) {
        return env.fromData(TypeInformation.of(RawRecord.class), new RawRecord(new byte[0], "test", 0, 0));
    }

    @Test
    void theJobGraphPassesAtAnyParallelismAndSetsTheMaxParallelism() {
        for (int parallelism : new int[] {1, 3}) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            FleetAnomalyJob.builder(withLstm).input(KeyedChainGuardTest::input)
                    .alertSink(new DiscardingSink<>())
                    .settings(JobSettings.builder().parallelism(parallelism).build())
                    .build().attachTo(env);
            assertThat(env.getParallelism()).isEqualTo(parallelism);
            assertThat(env.getMaxParallelism()).isEqualTo(JobSettings.DEFAULT_MAX_PARALLELISM);
        }
    }

    @Test
    void flinkParallelismLeavesTheEnvironmentsParallelismAlone() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        FleetAnomalyJob.builder(withLstm).input(KeyedChainGuardTest::input)
                .settings(JobSettings.builder().parallelism(JobSettings.FLINK_PARALLELISM).maxParallelism(64).build())
                .build().attachTo(env);
        assertThat(env.getParallelism()).isEqualTo(3);
        assertThat(env.getMaxParallelism()).isEqualTo(64);
    }

    @Test
    void anLstmOperatorAtAnotherParallelismFailsAtGraphBuildNamingTheOperators() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobStreams streams = FleetAnomalyJob.buildGraph(input(env), withLstm, JobSettings.builder().parallelism(2).build());
        streams.alerts().sinkTo(new DiscardingSink<>());
        assertThatCode(() -> KeyedChainGuard.check(streams.alerts())).doesNotThrowAnyException();

        // The LSTM operator changed to parallelism 1: device-window-scoring -> LSTM becomes a rebalance
        // and LSTM -> CUSUM changes parallelism, so CUSUM would see devices of key groups it does not own.
        lstmOperator(streams.alerts()).setParallelism(1);
        assertThatThrownBy(() -> KeyedChainGuard.check(streams.alerts()))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("cusum-alerts has parallelism 2 but its input lstm-autoencoder-scoring has 1")
                .hasMessageContaining("same parallelism");
    }

    @Test
    void aCusumOperatorAtAnotherParallelismFailsAtGraphBuild() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobStreams streams = FleetAnomalyJob.buildGraph(input(env), withLstm.withoutLstm(), JobSettings.builder().parallelism(2).build());
        streams.alerts().getTransformation().setParallelism(3);
        streams.alerts().sinkTo(new DiscardingSink<>());
        assertThatThrownBy(() -> KeyedChainGuard.check(streams.alerts()))
                .hasMessageContaining("cusum-alerts has parallelism 3 but its input device-window-scoring has 2");
    }

    /** The LSTM operator's stream: the input of the CUSUM operator's transformation. */
    private static org.apache.flink.api.dag.Transformation<?> lstmOperator(DataStream<?> alerts) {
        org.apache.flink.api.dag.Transformation<?> t = alerts.getTransformation();
        while (!"lstm-autoencoder-scoring".equals(t.getUid())) {
            t = t.getInputs().get(0);
        }
        return t;
    }
}

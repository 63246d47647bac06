package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.job.serialization.SensorEventSerializer;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job runs with {@code pipeline.generic-types: false}: every record and keyed-state type of
 * every operator (parse, window with its device-mode and event-time state, LSTM, CUSUM) has a
 * serializer of its own; nothing falls back to Kryo.
 */
class GenericTypesDisabledJobTest {

    @ParameterizedTest
    @EnumSource(EventOrder.class)
    void theWholeJobBuildsAndRunsWithGenericTypesDisabled(EventOrder order) throws Exception {
        ModelBundle shipped = TestBundles.shipped(SimulatorProfile.INDUSTRIAL);
        ModelBundle bundle = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withMode(MahalanobisMode.DEVICE));
        assertThat(bundle.hasLstm()).isTrue();
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .devices(3).eventsPerDevice(300).seed(4).faultyDeviceFraction(1.0).faultFreeWarmupEvents(120).build());
        List<RawRecord> records = SimulatedRecords.of(fleet, bundle.features());
        records.add(RawRecord.of("not json".getBytes(StandardCharsets.UTF_8), "test"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        JobSettings settings = JobSettings.builder().parallelism(1).eventOrder(order).emitScores(true)
                .deviceWarmupEvents(80).build();
        JobStreams streams = FleetAnomalyJob.builder(bundle).settings(settings)
                .input(e -> e.fromData(records, TypeInformation.of(RawRecord.class)))
                .build().attachTo(env);
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        assertThat(env.getConfig().isObjectReuseEnabled()).as("attachTo's other settings are kept").isTrue();
        assertThat(env.getBufferTimeout()).as("job.buffer_timeout_ms's default").isEqualTo(10L);

        CloseableIterator<Alert> alerts = streams.alerts().collectAsync();
        CloseableIterator<DeadLetter> deadLetters = streams.deadLetters().collectAsync();
        CloseableIterator<ScoredEvent> scores = streams.scores().collectAsync();
        JobClient client = env.executeAsync("generic-types-disabled");
        List<Alert> alertList = Collections.synchronizedList(new ArrayList<>());
        List<DeadLetter> letterList = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> alertsDone = CompletableFuture.runAsync(() -> alerts.forEachRemaining(alertList::add));
        CompletableFuture<Void> lettersDone = CompletableFuture.runAsync(() -> deadLetters.forEachRemaining(letterList::add));
        List<ScoredEvent> scoreList = new ArrayList<>();
        scores.forEachRemaining(scoreList::add);
        alertsDone.join();
        lettersDone.join();
        client.getJobExecutionResult().get();

        assertThat(scoreList).hasSize(records.size() - 1);
        assertThat(scoreList.stream().filter(s -> !s.warmingUp && s.detectorScores.length == 3)).isNotEmpty();
        assertThat(letterList).hasSize(1);
        assertThat(alertList).isNotEmpty();
    }

    /** The parsed events cross the keyBy exchange through SensorEventSerializer (checked round trips), not the POJO serializer. */
    @Test
    void parsedEventsCrossTheKeyByExchangeWithTheirOwnSerializer() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        FleetAnomalyJob.builder(TestBundles.shipped(SimulatorProfile.INDUSTRIAL))
                .settings(JobSettings.builder().parallelism(2).build())
                .input(e -> e.fromData(List.of(RawRecord.of(new byte[0], "test")), TypeInformation.of(RawRecord.class)))
                .build().attachTo(env);
        StreamNode scoring = env.getStreamGraph().getStreamNodes().stream()
                .filter(node -> node.getOperatorName().equals("device-window-scoring"))
                .findFirst().orElseThrow();
        assertThat(scoring.getTypeSerializersIn()[0]).isInstanceOf(SensorEventSerializer.class);
    }

    /** Proof that the switch bites: a type Flink cannot analyse as a POJO fails the graph. */
    @Test
    void aTypeThatWouldFallBackToKryoFailsTheJobGraph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        FleetAnomalyJob.disableGenericTypes(env);
        assertThatThrownBy(() -> {
            env.fromData(List.of(new NotAPojo(1)), TypeInformation.of(NotAPojo.class))
                    .map(n -> n.value, Types.INT)
                    .print();
            env.getStreamGraph();
        }).hasStackTraceContaining("Generic types have been disabled");
    }

    /** No no-argument constructor, a final private field without accessors: a generic (Kryo) type. */
    static final class NotAPojo {
        private final int value;

        NotAPojo(int value) {
            this.value = value;
        }
    }
}

package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.format.AlertJson;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With object reuse (what {@link FleetAnomalyJob#attachTo} sets) the device window operator defers
 * each event's sensor contributions to the alert function chained behind it, which computes them
 * only for the events that open or continue an alert; without object reuse the chain hands the
 * alert function serialized copies, so the scorer computes them at once. Both give the same
 * alerts (severity, detectors, top sensors) and the same per-event scores and contributions.
 */
class DeferredAttributionJobTest {

    @ParameterizedTest(name = "with the LSTM: {0}")
    @ValueSource(booleans = {false, true})
    void deferredAndEagerContributionsGiveTheSameAlertsAndScores(boolean lstm) throws Exception {
        // the shipped bundle for the LSTM autoencoder (its contributions join the fusion later, in its own operator)
        ModelBundle bundle = lstm ? TestBundles.shipped(SimulatorProfile.INDUSTRIAL) : TestBundles.small(SimulatorProfile.INDUSTRIAL);
        assertThat(bundle.hasLstm()).isEqualTo(lstm);
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .devices(6).eventsPerDevice(500).seed(3).faultyDeviceFraction(0.7).build());
        List<RawRecord> records = SimulatedRecords.of(fleet, bundle.features());

        Output deferred = run(bundle, records, true, true, true);
        Output eager = run(bundle, records, false, true, true);
        // no scores output: only the alert function reads contributions, of the events that open or continue an alert
        Output alertsOnly = run(bundle, records, true, false, true);
        // object reuse but chaining off (pipeline.operator-chaining.enabled: false in a cluster's configuration):
        // every edge serializes, so the scorer must not defer (a deferred event would reach the alert function without them)
        Output unchained = run(bundle, records, true, true, false);

        assertThat(eager.alerts).as("alerts").isNotEmpty();
        assertThat(deferred.alerts).containsExactlyElementsOf(eager.alerts);
        assertThat(alertsOnly.alerts).containsExactlyElementsOf(eager.alerts);
        assertThat(unchained.alerts).containsExactlyElementsOf(eager.alerts);
        assertThat(unchained.scores).hasSameSizeAs(eager.scores);
        assertThat(deferred.scores).hasSameSizeAs(eager.scores).hasSize(records.size());
        for (int i = 0; i < eager.scores.size(); i++) {
            ScoredEvent a = eager.scores.get(i);
            ScoredEvent b = deferred.scores.get(i);
            assertThat(b.ts).isEqualTo(a.ts);
            assertThat(b.fusedScore).isEqualTo(a.fusedScore);
            assertThat(b.detectorScores).isEqualTo(a.detectorScores);
            assertThat(b.sensorContributions).as("contributions of event %d", i).isEqualTo(a.sensorContributions);
            assertThat(b.cusum).isEqualTo(a.cusum);
        }
    }

    private record Output(List<String> alerts, List<ScoredEvent> scores) {}

    private static Output run(ModelBundle bundle, List<RawRecord> records, boolean objectReuse, boolean emitScores,
            boolean chaining) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        if (objectReuse) {
            env.getConfig().enableObjectReuse();
        }
        if (!chaining) {
            env.disableOperatorChaining();
        }
        DataStream<RawRecord> input = env.fromData(records, TypeInformation.of(RawRecord.class));
        JobStreams streams = FleetAnomalyJob.buildGraph(input, bundle,
                JobSettings.builder().parallelism(1).emitScores(emitScores).build());
        CloseableIterator<ScoredEvent> scores = emitScores ? streams.scores().collectAsync() : null;
        CloseableIterator<Alert> alerts = streams.alerts().collectAsync();
        JobClient client = env.executeAsync("deferred-attribution-" + objectReuse);
        List<String> alertJson = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> alertsDone = CompletableFuture.runAsync(
                () -> alerts.forEachRemaining(alert -> alertJson.add(AlertJson.toJson(alert))));
        List<ScoredEvent> scored = new ArrayList<>();
        if (scores != null) {
            scores.forEachRemaining(scored::add);
        }
        alertsDone.join();
        client.getJobExecutionResult().get();
        return new Output(alertJson, scored);
    }
}

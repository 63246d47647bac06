package io.fleetanomaly.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.simulator.SimulatorSource;
import io.fleetanomaly.testing.TestBundles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.junit.jupiter.api.Test;

/**
 * The status line reads the job's own metrics through a Flink metric reporter: after a run its
 * totals are exactly what the run's outputs hold (so nothing is counted twice or missed).
 */
class LiveStatusTest {
    @Test
    void theStatusLineCarriesTheJobsOwnCounts() throws Exception {
        SimulatorSettings fleet = SimulatorSettings.builder()
                .profile(SimulatorProfile.INDUSTRIAL).devices(6).eventsPerDevice(400).seed(3).build();
        List<RawRecord> bad = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bad.add(RawRecord.of(("not json " + i).getBytes(StandardCharsets.UTF_8), "test"));
        }
        LiveMetrics metrics = LiveMetrics.create();
        try {
            RunReport report = new EmbeddedRun(TestBundles.shipped(SimulatorProfile.INDUSTRIAL),
                    JobSettings.builder().parallelism(2).build(), 60_000)
                    .clusterConfiguration(metrics.configure(new Configuration()))
                    .run(env -> {
                        DataStream<RawRecord> simulated = SimulatorSource.addTo(env, fleet, 0);
                        return simulated.union(env.fromData(bad, TypeInformation.of(RawRecord.class)).setParallelism(1));
                    }, alert -> {}, letter -> {});

            assertThat(metrics.sum("events_accepted")).isEqualTo(fleet.totalEvents());
            assertThat(metrics.sum("dead_letters")).isEqualTo(report.deadLetterCount()).isEqualTo(3);
            assertThat(report.deadLetters()).containsEntry(DeadLetterReason.NOT_JSON, 3L);
            assertThat(metrics.sum("late_events")).isZero();
            String line = LiveStatus.describe(metrics, 1_000_000_000L, 0, 10_000_000_000L);
            assertThat(line).contains(String.format(Locale.ROOT, "events %,d", fleet.totalEvents()))
                    .contains("dead letters 3").contains("late events 0").doesNotContain("consumer lag");
        } finally {
            metrics.close();
        }
    }
}

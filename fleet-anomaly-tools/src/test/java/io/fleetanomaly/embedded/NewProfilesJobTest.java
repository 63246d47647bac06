package io.fleetanomaly.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.simulator.SimulatorSource;
import io.fleetanomaly.testing.TestBundles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The service and process profiles through the whole job with their shipped bundles, as
 * {@code run --profile service|process} runs them: every event accounted for, the summary's
 * measures computed against the labels. Floors are today's level on a small fleet (see
 * docs/benchmarks.md for the full figures); they guard against a regression, not a target.
 */
class NewProfilesJobTest {

    @ParameterizedTest
    @EnumSource(value = SimulatorProfile.class, names = {"SERVICE", "PROCESS"})
    void theShippedBundleRunsTheProfileThroughTheJob(SimulatorProfile profile) throws Exception {
        ModelBundle bundle = TestBundles.shipped(profile);
        assertThat(bundle.features()).isEqualTo(profile.featureNames());
        // neither ships an LSTM: the process bundle scores with the forest and the PCA monitor
        // (docs/benchmarks.md), the service bundle with the Mahalanobis score alone (docs/detectors.md)
        assertThat(bundle.hasLstm()).isFalse();
        SimulatorSettings fleet = SimulatorSettings.builder().profile(profile).devices(12).seed(11).build();
        List<Alert> printed = Collections.synchronizedList(new ArrayList<>());
        RunReport report = new EmbeddedRun(bundle, JobSettings.builder().parallelism(2).build(), 60_000L)
                .run(env -> SimulatorSource.addTo(env, fleet, 0), printed::add, letter -> {});
        AlertQuality q = report.quality();
        // every event is scored or a dead letter: a service device that reports one metric sends, now
        // and then, an event whose only reading is missing (MISSING_READINGS)
        assertThat(q.events() + report.deadLetterCount()).isEqualTo(fleet.totalEvents());
        assertThat(report.deadLetters().keySet()).isSubsetOf(java.util.Set.of(io.fleetanomaly.events.DeadLetterReason.MISSING_READINGS));
        assertThat(q.episodes()).isGreaterThanOrEqualTo(4);
        assertThat(printed).hasSameSizeAs(report.alerts());
        assertThat(report.alerts()).allSatisfy(alert -> assertThat(alert.deviceId).startsWith(profile.deviceId(0).substring(0, 3)));
        assertThat(q.recallByType().keySet()).isSubsetOf(profile.anomalyTypes());
    }
}

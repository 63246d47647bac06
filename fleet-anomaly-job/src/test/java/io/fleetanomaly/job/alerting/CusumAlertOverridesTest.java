package io.fleetanomaly.job.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.AlertingParameters;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.AlertingOverrides;
import io.fleetanomaly.control.ModelAnnouncement;
import io.fleetanomaly.control.ModelLineage;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.job.DeviceIdSelector;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.testing.TestBundles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerting overrides reach the alert function in-band, ahead of the events they apply to: an
 * override of h changes when alerts open, for the devices of its prefix only; the alerts name the
 * version that scored their event.
 */
class CusumAlertOverridesTest {
    static final long T0 = 1_767_225_600_000L;
    static ModelBundle bundle;

    @BeforeAll
    static void load() {
        bundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
    }

    /** For two devices: 60 baseline events alternating 0.5 and 1.5 (σ floored at 1), then a shift to 10 (z = 9, k = 6 in trained bundles). */
    static List<ScoredEvent> shift(String version) {
        List<ScoredEvent> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            for (String device : List.of("pump-0001", "fan-0001")) {
                ScoredEvent e = new ScoredEvent();
                e.deviceId = device;
                e.ts = T0 + 1000L * i;
                e.fusedScore = i < 60 ? (i % 2 == 0 ? 0.5 : 1.5) : 10.0;
                e.modelVersion = version;
                events.add(e);
            }
        }
        return events;
    }

    static List<Alert> run(ScoredEvent first, List<ScoredEvent> events) throws Exception {
        CusumAlertFunction function = new CusumAlertFunction(bundle.alertSettings(), bundle.detectorNames(),
                bundle.detectorWeights(), bundle.features().toArray(new String[0]), bundle.identity(), false);
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                new DeviceIdSelector.OfScore(), Types.STRING)) {
            h.open();
            if (first != null) {
                h.processElement(first, T0);
            }
            for (ScoredEvent e : events) {
                h.processElement(e, e.ts);
            }
            return h.extractOutputValues();
        }
    }

    static ScoredEvent overriding(String prefix, double h) {
        AlertingParameters p = new AlertingParameters();
        p.h = h;
        return ScoredEvent.announcing(ModelAnnouncement.of(1, bundle, AlertingOverrides.none().with(prefix, p),
                new ModelLineage[0]), "pump-0001");
    }

    static Map<String, Alert> openings(List<Alert> alerts) {
        Map<String, Alert> first = new LinkedHashMap<>();
        for (Alert a : alerts) {
            if (a.status == AlertStatus.OPEN) {
                first.putIfAbsent(a.deviceId, a);
            }
        }
        return first;
    }

    @Test
    void anOverrideOfHChangesWhenAlertsOpenForItsPrefixOnly() throws Exception {
        double bundleH = bundle.alertSettings().h();
        Map<String, Alert> asBundled = openings(run(null, shift(bundle.version())));
        Map<String, Alert> pumpsHigher = openings(run(overriding("pump-", 2 * bundleH), shift(bundle.version())));
        Map<String, Alert> fleetLower = openings(run(overriding("", bundleH / 2), shift(bundle.version())));

        assertThat(asBundled).containsKeys("pump-0001", "fan-0001");
        assertThat(asBundled.get("pump-0001").threshold).isEqualTo(bundleH);

        assertThat(pumpsHigher.get("pump-0001").threshold).isEqualTo(2 * bundleH);
        assertThat(pumpsHigher.get("pump-0001").openedAt).as("a higher h opens later")
                .isGreaterThan(asBundled.get("pump-0001").openedAt);
        assertThat(pumpsHigher.get("fan-0001").openedAt).as("outside the prefix nothing changes")
                .isEqualTo(asBundled.get("fan-0001").openedAt);
        assertThat(pumpsHigher.get("fan-0001").threshold).isEqualTo(bundleH);

        for (String device : List.of("pump-0001", "fan-0001")) {
            assertThat(fleetLower.get(device).openedAt).as("a lower h opens earlier: " + device)
                    .isLessThan(asBundled.get(device).openedAt);
            assertThat(fleetLower.get(device).threshold).isEqualTo(bundleH / 2);
        }
    }

    @Test
    void alertsNameTheModelThatScoredTheirEventAndAnUnannouncedModelFailsLoudly() throws Exception {
        ModelBundle renamed = bundle.withVersion("industrial-renamed");
        ScoredEvent announcement = ScoredEvent.announcing(ModelAnnouncement.of(1, renamed, AlertingOverrides.none(),
                new ModelLineage[0]), "pump-0001");
        List<Alert> alerts = run(announcement, shift("industrial-renamed"));
        assertThat(alerts).isNotEmpty().allSatisfy(a -> assertThat(a.modelVersion).isEqualTo("industrial-renamed"));

        assertThatThrownBy(() -> run(null, shift("industrial-renamed")))
                .hasStackTraceContaining("scored by model industrial-renamed")
                .hasStackTraceContaining("without an announcement");
    }
}

package io.fleetanomaly.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.events.ScoredEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLabelMatcherTest {
    private final AlertLabelMatcher matcher = new AlertLabelMatcher(5_000);
    private final EvaluationState state = new EvaluationState();
    private final List<EvaluationRecord> out = new ArrayList<>();

    /** One event per second: label and the alert open after it. */
    private void feed(int second, int label, String type, String alertId) {
        ScoredEvent e = new ScoredEvent();
        e.deviceId = "d";
        e.ts = second * 1000L;
        e.label = label;
        e.anomalyType = type;
        e.openAlertId = alertId;
        matcher.observe(state, e, out::add);
    }

    private List<EvaluationRecord> of(EvaluationRecord.Kind kind) {
        return out.stream().filter(r -> r.kind == kind).toList();
    }

    @Test
    void alertDuringEpisodeDetectsItWithDelayAndIsATruePositive() {
        for (int t = 0; t < 10; t++) feed(t, 0, null, null);
        for (int t = 10; t < 13; t++) feed(t, 1, "overheating", null);
        for (int t = 13; t < 20; t++) feed(t, 1, "overheating", "d/13000");
        for (int t = 20; t < 30; t++) feed(t, 0, null, t < 25 ? "d/13000" : null);
        matcher.finish(state, "d", out::add);

        assertThat(of(EvaluationRecord.Kind.ALERT)).singleElement().satisfies(a -> {
            assertThat(a.truePositive).isTrue();
            assertThat(a.alertId).isEqualTo("d/13000");
        });
        assertThat(of(EvaluationRecord.Kind.EPISODE)).singleElement().satisfies(e -> {
            assertThat(e.detected).isTrue();
            assertThat(e.anomalyType).isEqualTo("overheating");
            assertThat(e.detectionDelayMs).isEqualTo(3000);
            assertThat(e.startTs).isEqualTo(10_000);
            assertThat(e.endTs).isEqualTo(19_000);
        });
        EvaluationRecord totals = of(EvaluationRecord.Kind.DEVICE).get(0);
        assertThat(new long[] {totals.truePositives, totals.falsePositives, totals.falseNegatives, totals.trueNegatives})
                .containsExactly(7, 5, 3, 15);
        assertThat(totals.events).isEqualTo(30);
    }

    @Test
    void alertShortlyAfterTheEpisodeStillCountsButLateOneDoesNot() {
        for (int t = 0; t < 5; t++) feed(t, 1, "spike", null);
        feed(5, 0, null, null);
        feed(8, 0, null, "d/8000"); // 4 s after the episode's last event: within 5 s grace
        for (int t = 9; t < 30; t++) feed(t, 0, null, null);
        feed(30, 0, null, "d/30000"); // unrelated: false positive
        matcher.finish(state, "d", out::add);

        List<EvaluationRecord> alerts = of(EvaluationRecord.Kind.ALERT);
        assertThat(alerts).extracting(a -> a.truePositive).containsExactly(true, false);
        assertThat(of(EvaluationRecord.Kind.EPISODE)).singleElement().satisfies(e -> assertThat(e.detected).isTrue());
    }

    @Test
    void undetectedEpisodesAreReportedAtTheEndOrAfterGrace() {
        for (int t = 0; t < 5; t++) feed(t, 1, "collective", null);
        for (int t = 5; t < 20; t++) feed(t, 0, null, null);
        for (int t = 20; t < 25; t++) feed(t, 1, "spike", null);
        matcher.finish(state, "d", out::add);
        assertThat(of(EvaluationRecord.Kind.EPISODE)).extracting(e -> e.anomalyType + ":" + e.detected)
                .containsExactly("collective:false", "spike:false");
    }

    @Test
    void aChangeOfTypeStartsANewEpisode() {
        for (int t = 0; t < 5; t++) feed(t, 1, "spike", null);
        for (int t = 5; t < 10; t++) feed(t, 1, "variance_burst", "d/5000");
        matcher.finish(state, "d", out::add);
        assertThat(of(EvaluationRecord.Kind.EPISODE)).extracting(e -> e.anomalyType + ":" + e.detected)
                .containsExactly("spike:true", "variance_burst:true");
    }

    @Test
    void qualityAddsUp() {
        AlertQuality quality = new AlertQuality();
        for (int t = 0; t < 5; t++) feed(t, 1, "spike", t >= 2 ? "d/2000" : null);
        for (int t = 5; t < 40; t++) feed(t, 0, null, t == 30 ? "d/30000" : null);
        matcher.finish(state, "d", out::add);
        out.forEach(quality::add);
        assertThat(quality.alerts()).isEqualTo(2);
        assertThat(quality.precision()).isEqualTo(0.5);
        assertThat(quality.recall()).isEqualTo(1.0);
        assertThat(quality.recallByType()).containsEntry("spike", 1.0);
        assertThat(quality.meanDetectionDelayMs()).isEqualTo(2000);
    }
}

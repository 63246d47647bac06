package io.fleetanomaly.evaluation.tuning;

import static io.fleetanomaly.evaluation.tuning.TuningData.z;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import io.fleetanomaly.evaluation.metrics.ThresholdSweep;
import io.fleetanomaly.alerting.AlertSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CusumSweepTest {

    private static final double[] ONE = {1.0};
    /**
     * Defaults without the reopen gap: with 1 s between events, the default 5-minute gap would let
     * the first alert of a device block every other one in these short series.
     */
    private static final AlertSettings BASE = AlertSettings.builder().minReopenGapMs(0).build();

    /**
     * One detector, weight 1, {@link #BASE} settings (k 0.5, reset level 1, resolve after 10, maxCusum 3h).
     * After the 0/2 baseline: 4 bait spikes of two events at z = 2.5 (the CUSUM peaks at 2.0 + 2.0 = 4.0),
     * each followed by 40 normal events (z = 0), then one anomaly of 40 events at z = 3 (the CUSUM
     * climbs 2.5 per event), then 80 normal events.
     * <ul>
     *   <li>h ≤ 3.5: every spike opens an alert (each ~17 false-alarm events), the anomaly is caught
     *       at its 2nd event;
     *   <li>h = 4.5: no spike opens, the anomaly is caught at its 2nd event (S = 5.0): the best F1;
     *   <li>h ≥ 6: one more missed event per 2.5 of h, and a higher cap (3h) keeps the alert open longer after.
     * </ul>
     */
    static DeviceSeries obviousDevice() {
        TuningData.Device device = new TuningData.Device("pump-1", ONE).warmUp(3).alternatingBaseline(50);
        for (int spike = 0; spike < 4; spike++) {
            device.repeat(2, 0, z(2.5)).repeat(40, 0, z(0));
        }
        return device.repeat(40, 1, z(3.0)).repeat(80, 0, z(0)).series();
    }

    static final double[] H = {1.5, 2.0, 3.0, 3.5, 4.5, 6.0, 8.0, 12.0};

    @Test
    void theObviousDecisionIntervalHasTheBestF1() {
        FleetScores scores = FleetScores.fuse(List.of(obviousDevice()), ONE);
        List<SweepRow> rows = CusumSweep.sweepH(scores, BASE, H);

        assertThat(rows.stream().mapToDouble(SweepRow::threshold).toArray()).containsExactly(H);
        SweepRow best = ThresholdSweep.bestF1(rows).orElseThrow();
        assertThat(best.threshold()).isEqualTo(4.5);
        assertThat(best.matrix().tp()).isEqualTo(39);
        assertThat(best.matrix().fn()).isEqualTo(1);
        // Spikes open alerts below 4.5, not from 4.5 on.
        assertThat(row(rows, 3.5).matrix().fp()).isGreaterThan(row(rows, 4.5).matrix().fp() + 4 * 10);
        // Each 2.5 of h above costs one more missed event at the start of the anomaly.
        assertThat(row(rows, 6.0).matrix().fn()).isEqualTo(2);
        assertThat(row(rows, 8.0).matrix().fn()).isEqualTo(3);
        assertThat(row(rows, 12.0).matrix().fn()).isEqualTo(4);
        // Counted: the 50 baseline + 4 × 42 + 40 + 80 scored events; the warm-up is not.
        assertThat(rows).allSatisfy(r -> assertThat(r.matrix().total()).isEqualTo(50 + 4 * 42 + 40 + 80));
    }

    @Test
    void eachRowIsTheReplayCountedDirectly() {
        DeviceSeries device = obviousDevice();
        FleetScores scores = FleetScores.fuse(List.of(device), ONE);
        List<SweepRow> rows = CusumSweep.sweepH(scores, BASE, H);
        for (SweepRow row : rows) {
            AlertSettings settings = BASE.toBuilder().h(row.threshold()).build();
            boolean[] flags = AlertReplay.alertOpen(scores, 0, settings);
            var timeline = device.timeline(flags); // counted events only
            assertThat(row.matrix()).as("h = %s", row.threshold())
                    .isEqualTo(ConfusionMatrix.of(timeline.labels(), timeline.predicted()))
                    .isEqualTo(AlertReplay.confusion(scores, settings));
        }
    }

    @Test
    void theCostWeightedPointMovesTowardFewerFalseAlarmsAsFalseAlarmsCostMore() {
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(12, 1, ONE, 60, 6, 120, 25, 1.2, 5);
        FleetScores scores = FleetScores.fuse(fleet, ONE);
        List<SettingsRow> rows = CusumSweep.sweep(scores, AlertGrid.overH(BASE, AlertGrid.range(1.5, 20.0, 38)));

        double[] falseAlarmCosts = {0.1, 0.5, 1, 2, 5, 20, 100};
        List<SettingsRow> chosen = new ArrayList<>();
        for (double cost : falseAlarmCosts) {
            chosen.add(CusumSweep.minCost(rows, 1.0, cost).orElseThrow());
        }
        for (int i = 1; i < chosen.size(); i++) {
            assertThat(chosen.get(i).matrix().fp()).isLessThanOrEqualTo(chosen.get(i - 1).matrix().fp());
            assertThat(chosen.get(i).matrix().fn()).isGreaterThanOrEqualTo(chosen.get(i - 1).matrix().fn());
        }
        SettingsRow cheapAlarms = chosen.get(0);
        SettingsRow dearAlarms = chosen.get(chosen.size() - 1);
        assertThat(dearAlarms.matrix().fp()).isLessThan(cheapAlarms.matrix().fp());
        assertThat(dearAlarms.settings().h()).isGreaterThan(cheapAlarms.settings().h());
        // Equal costs sit in between.
        SettingsRow equal = CusumSweep.minCost(rows, 1.0, 1.0).orElseThrow();
        assertThat(equal.matrix().fp()).isBetween(dearAlarms.matrix().fp(), cheapAlarms.matrix().fp());
        // The selection is the metrics package's on the same rows.
        SweepRow viaMetrics = ThresholdSweep.minCost(CusumSweep.project(rows), 1.0, 20.0).orElseThrow();
        assertThat(chosen.get(5).toSweepRow()).isEqualTo(viaMetrics);
    }

    @Test
    void aGridOverKAndHysteresisReplaysEveryCombination() {
        DeviceSeries device = obviousDevice();
        FleetScores scores = FleetScores.fuse(List.of(device), ONE);
        AlertGrid grid = AlertGrid.overH(BASE, 4.5, 3.0, 6.0)
                .withK(0.5, 1.0)
                .withResetLevels(1.0, 2.0)
                .withResolveAfterEvents(10, 3);
        List<SettingsRow> rows = CusumSweep.sweep(scores, grid);

        assertThat(grid.size()).isEqualTo(24);
        assertThat(rows).hasSize(24);
        // Nesting: k, then reset level, then resolveAfterEvents; h ascending inside.
        assertThat(rows.subList(0, 3)).extracting(r -> r.settings().h()).containsExactly(3.0, 4.5, 6.0);
        assertThat(rows.get(0).settings().k()).isEqualTo(0.5);
        assertThat(rows.get(0).settings().resetLevel()).isEqualTo(1.0);
        assertThat(rows.get(0).settings().resolveAfterEvents()).isEqualTo(3);
        assertThat(rows.get(23).settings().k()).isEqualTo(1.0);
        assertThat(rows.get(23).settings().resetLevel()).isEqualTo(2.0);
        assertThat(rows.get(23).settings().resolveAfterEvents()).isEqualTo(10);
        for (SettingsRow row : rows) {
            assertThat(row.matrix()).isEqualTo(AlertReplay.confusion(scores, row.settings()));
        }
        // A shorter hysteresis closes the alert sooner after the anomaly: fewer false alarms, same detection.
        SettingsRow slow = find(rows, 4.5, 0.5, 1.0, 10);
        SettingsRow quick = find(rows, 4.5, 0.5, 1.0, 3);
        assertThat(quick.matrix().fp()).isEqualTo(slow.matrix().fp() - 7);
        assertThat(quick.matrix().tp()).isEqualTo(slow.matrix().tp());
        SettingsRow best = CusumSweep.bestF1(rows).orElseThrow();
        assertThat(best.matrix().f1()).isEqualTo(rows.stream().mapToDouble(r -> r.matrix().f1()).max().orElseThrow());
    }

    @Test
    void aGridOverRecoveryFractionsNestsThemInnermostBeforeH() {
        AlertGrid grid = AlertGrid.overH(BASE, 3.0, 4.5).withResolveAfterEvents(10, 3).withRecoveryFractions(0.7, 0.0);
        assertThat(grid.size()).isEqualTo(8);
        List<List<AlertSettings>> variants = grid.variants();
        assertThat(variants).extracting(v -> v.get(0).resolveAfterEvents() + "/" + v.get(0).recoveryFraction())
                .containsExactly("3/0.0", "3/0.7", "10/0.0", "10/0.7");
        FleetScores scores = FleetScores.fuse(List.of(obviousDevice()), ONE);
        for (SettingsRow row : CusumSweep.sweep(scores, grid)) {
            assertThat(row.matrix()).isEqualTo(AlertReplay.confusion(scores, row.settings()));
        }
        assertThatThrownBy(() -> AlertGrid.overH(BASE, 3.0).withRecoveryFractions(1.0))
                .hasMessageContaining("recoveryFraction=1.0 is not valid");
    }

    @Test
    void anInvalidCombinationIsNamed() {
        assertThatThrownBy(() -> AlertGrid.overH(AlertSettings.defaults(), 1.5, 3.0).withResetLevels(2.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("h=1.5")
                .hasMessageContaining("resetLevel=2.0");
        AlertSettings fixedCap = AlertSettings.builder().maxCusum(10.0).build();
        assertThatThrownBy(() -> AlertGrid.overH(fixedCap, 5.0, 12.0))
                .hasMessageContaining("h=12.0")
                .hasMessageContaining("maxCusum");
    }

    @Test
    void aDerivedCapFollowsHAndAnExplicitOneStays() {
        List<List<AlertSettings>> derived = AlertGrid.overH(AlertSettings.defaults(), 2.0, 8.0).variants();
        assertThat(derived.get(0)).extracting(AlertSettings::maxCusum).containsExactly(6.0, 24.0);
        List<List<AlertSettings>> fixed = AlertGrid.overH(AlertSettings.builder().maxCusum(30.0).build(), 2.0, 8.0).variants();
        assertThat(fixed.get(0)).extracting(AlertSettings::maxCusum).containsExactly(30.0, 30.0);
    }

    @Test
    void rangeIncludesBothEnds() {
        assertThat(AlertGrid.range(1.5, 21.0, 40)).hasSize(40).startsWith(1.5, 2.0, 2.5).endsWith(20.5, 21.0).contains(5.0);
    }

    private static SweepRow row(List<SweepRow> rows, double h) {
        return rows.stream().filter(r -> r.threshold() == h).findFirst().orElseThrow();
    }

    private static SettingsRow find(List<SettingsRow> rows, double h, double k, double reset, int resolve) {
        return rows.stream()
                .filter(r -> r.settings().h() == h && r.settings().k() == k && r.settings().resetLevel() == reset
                        && r.settings().resolveAfterEvents() == resolve)
                .findFirst().orElseThrow();
    }
}

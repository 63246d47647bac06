package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionRuleTest {
    private static final double LIMIT = 0.12;
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    /**
     * Four devices, 100 anomalous and 100 normal events each, three candidates:
     * A catches everything but its false alarms all fall on device 3 (pooled FAR 10%, 0% on devices
     * 0–2, 40% on device 3); B catches 80% with 5% false alarms on every device; C catches 60% with 1%.
     */
    private static DeviceConfusionTable table() {
        int[][] tp = {{100, 100, 100, 100}, {80, 80, 80, 80}, {60, 60, 60, 60}};
        int[][] fp = {{0, 0, 0, 40}, {5, 5, 5, 5}, {1, 1, 1, 1}};
        List<DeviceConfusionTable.Candidate> candidates = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            candidates.add(new DeviceConfusionTable.Candidate(0, new double[] {1.0}, AlertSettings.builder().h(4 + c).build()));
        }
        return new DeviceConfusionTable(List.of("d0", "d1", "d2", "d3"), new int[] {100, 100, 100, 100},
                new int[] {100, 100, 100, 100}, tp, fp, candidates);
    }

    @Test
    void theTuningFarLimitTakesTheBestF1WithinItAndTheLowestFarWhenNothingIs() {
        DeviceConfusionTable table = table();
        int[] all = table.allDevices();
        assertThat(table.confusion(A, all)).isEqualTo(new ConfusionMatrix(400, 40, 0, 360));
        assertThat(new SelectionRule.FarLimit(LIMIT).choose(table, all)).isEqualTo(A);
        assertThat(new SelectionRule.FarLimit(0.06).choose(table, all)).isEqualTo(B);
        assertThat(new SelectionRule.FarLimit(0.001).choose(table, all)).as("nothing within: the lowest FAR").isEqualTo(C);
        assertThat(new SelectionRule.FarLimit(LIMIT).choose(table, new int[] {3})).as("on device 3 alone A is at 40%").isEqualTo(B);
    }

    @Test
    void theUpperBoundAddsZStandardErrorsOverDevicesAndRejectsFalseAlarmsConcentratedOnOneDevice() {
        DeviceConfusionTable table = table();
        int[] all = table.allDevices();
        // A: FAR 0.1, residuals -10, -10, -10, +30: sqrt(4/3 * 1200) / 400 = 0.1
        assertThat(SelectionRule.FarUpperBound.upperBound(table, A, all, 1.0)).isCloseTo(0.2, within(1e-12));
        assertThat(SelectionRule.FarUpperBound.upperBound(table, A, all, 1.645)).isCloseTo(0.2645, within(1e-12));
        // B: the same FAR on every device, no spread
        assertThat(SelectionRule.FarUpperBound.upperBound(table, B, all, 1.0)).isCloseTo(0.05, within(1e-12));
        assertThat(new SelectionRule.FarUpperBound(LIMIT, 1.0).choose(table, all)).isEqualTo(B);
        // the bound ignored (z = 0) is the plain limit, which takes A
        assertThat(new SelectionRule.FarUpperBound(LIMIT, 0.0).choose(table, all)).isEqualTo(A);
    }

    @Test
    void theInnerCvMarginIsTheMeanGrowthOfFarAndLowersTheLimitByIt() {
        DeviceConfusionTable table = table();
        int[] all = table.allDevices();
        SelectionRule.InnerCvMargin rule = new SelectionRule.InnerCvMargin(LIMIT, 5);
        // every 2/2 split: tuned on the part without device 3, A is chosen (FAR 0%) and shows 20% on the other part;
        // tuned on the part with device 3, B is chosen (5% on both parts): mean growth (20 + 0) / 2 = 10 points
        assertThat(rule.margin(table, all)).isCloseTo(0.10, within(1e-12));
        // limit 12% - 10% = 2%: only C is within it, where the plain limit takes A
        assertThat(rule.choose(table, all)).isEqualTo(C);
        assertThat(rule.learned(table, all)).isEqualTo("margin 10.00 pp, limit 2.00%");
        // a table without optimism: B alone on every device, the margin is 0 and the limit stays
        DeviceConfusionTable even = new DeviceConfusionTable(table.deviceIds(), new int[] {100, 100, 100, 100},
                new int[] {100, 100, 100, 100}, new int[][] {{80, 80, 80, 80}}, new int[][] {{5, 5, 5, 5}},
                List.of(table.candidate(B)));
        assertThat(rule.margin(even, all)).isZero();
    }

    @Test
    void ruleEvidenceSumsTheHeldOutPartsOfEverySplitAndTheRuleWithinTheFarTargetAndBestF1IsChosen() {
        DeviceConfusionTable table = table();
        List<CrossValidation.RuleEvidence> evidence = CrossValidation.ruleEvidence(table, table.allDevices(),
                List.of(new SelectionRule.FarLimit(LIMIT), new SelectionRule.FarUpperBound(LIMIT, 1.0)), 10);
        // the plain limit: per split, A judged on the part with device 3 (fp 40 of 200) and B on the other (fp 10 of 200)
        ConfusionMatrix limit = evidence.get(0).innerHeldOut();
        assertThat(limit.fp()).isEqualTo(10 * 50);
        assertThat(limit.negatives()).isEqualTo(10 * 400);
        assertThat(limit.far()).isGreaterThan(LIMIT);

        SelectionRule farLimit = new SelectionRule.FarLimit(LIMIT);
        SelectionRule bound = new SelectionRule.FarUpperBound(LIMIT, 1.0);
        SelectionRule margin = new SelectionRule.InnerCvMargin(LIMIT, 3);
        List<CrossValidation.RuleEvidence> handMade = List.of(
                new CrossValidation.RuleEvidence(farLimit, new ConfusionMatrix(90, 15, 10, 85)),   // F1 0.878, FAR 15%
                new CrossValidation.RuleEvidence(bound, new ConfusionMatrix(70, 5, 30, 95)),       // F1 0.800, FAR 5%
                new CrossValidation.RuleEvidence(margin, new ConfusionMatrix(80, 10, 20, 90)));    // F1 0.842, FAR 10%
        assertThat(CrossValidation.chooseRule(handMade, LIMIT)).isSameAs(margin);
        assertThat(CrossValidation.chooseRule(handMade, 0.20)).isSameAs(farLimit);
        assertThat(CrossValidation.chooseRule(handMade, 0.01)).as("none within: the lowest FAR").isSameAs(bound);
    }
}

package io.fleetanomaly.evaluation.quality;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.DetectionDelay;
import io.fleetanomaly.evaluation.metrics.NabScorer;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import java.util.List;

/**
 * What the job's alert output achieved: the event-level confusion (an event counts as flagged while
 * its device has an open alert), NAB for the alert openings, detection delays, and the sweep of the
 * CUSUM decision interval h (replayed with the job's own CUSUM) with its best-F1 and cost-weighted rows.
 */
public record AlertOutcome(
        double h,
        ConfusionMatrix confusion,
        NabScorer.Result nab,
        DetectionDelay.Result delay,
        List<SweepRow> hSweep,
        SweepRow bestF1,
        SweepRow minCost) {}

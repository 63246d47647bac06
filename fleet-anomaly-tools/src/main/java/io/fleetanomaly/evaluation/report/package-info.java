/**
 * The evaluation report: a directory with PNG charts (XChart, headless) and a self-contained
 * {@code report.html}, rendered from a plain {@link io.fleetanomaly.evaluation.report.EvaluationReport}.
 *
 * <p>The input model only carries numbers (curves, counts, samples); how they were computed is up
 * to the caller ({@code evaluate}). Entry point: {@link io.fleetanomaly.evaluation.report.ReportWriter}.
 *
 * <p>Confusion counts and operating points are the metrics package's
 * {@link io.fleetanomaly.evaluation.metrics.ConfusionMatrix} and
 * {@link io.fleetanomaly.evaluation.metrics.SweepRow}; the marked rows of a
 * {@link io.fleetanomaly.evaluation.report.SweepResult} are chosen by
 * {@link io.fleetanomaly.evaluation.metrics.ThresholdSweep}. The page shows a rate whose
 * denominator is 0 as a dash, where the metrics package counts it as 0.
 */
package io.fleetanomaly.evaluation.report;

/**
 * The evaluation report: a directory with PNG charts (XChart, headless) and a self-contained
 * {@code report.html}, rendered from a plain {@link io.fleetanomaly.evaluation.report.EvaluationReport}.
 *
 * <p>The input model only carries numbers (curves, counts, samples); how they were computed is up
 * to the caller ({@code evaluate}). Entry point: {@link io.fleetanomaly.evaluation.report.ReportWriter}.
 */
package io.fleetanomaly.evaluation.report;

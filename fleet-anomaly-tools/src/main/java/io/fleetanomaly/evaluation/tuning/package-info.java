/**
 * Threshold and weight tuning for the {@code evaluate} command (Flink-free): replays the job's
 * alerting over a labeled replay's recorded detector scores, sweeps alert settings, learns fusion
 * weights on part of the fleet, judges them on the rest, and writes a tuned model bundle.
 *
 * <p><b>Input.</b> {@link io.fleetanomaly.evaluation.replay.ReplayRecord}: per event, in the order the
 * job processed each device's events, the device id, event time, label (1, 0, or -1 unknown), the
 * warm-up flag, each detector's calibrated score in the bundle's detector order
 * ({@code ModelBundle.detectorNames()}), the fused score the job computed and whether the job had
 * an alert open after the event, and, when the alerting's return rule is on, the event's sensor
 * contributions and sides ({@code belowNormalMask}), which that rule reads.
 * {@code ReplayRecord.of(ScoredEvent)} reads the job's per-event
 * scores output ({@code CusumAlertFunction.SCORES}) directly.
 * {@link io.fleetanomaly.evaluation.tuning.DeviceSeries#byDevice} groups events into per-device
 * columns. Warm-up events never touch the CUSUM and are never counted; unlabeled events drive the
 * CUSUM but are not counted.
 *
 * <p><b>Pieces.</b>
 * <ul>
 *   <li>{@link io.fleetanomaly.evaluation.tuning.FleetScores}: fused scores for a weight vector,
 *       recomputed with {@code ScoreFusion.fuse} (bit for bit the job's arithmetic), or as recorded.
 *   <li>{@link io.fleetanomaly.evaluation.tuning.AlertReplay}: the job's {@code CusumDetector} over
 *       one device's fused scores; an event is predicted anomalous iff an alert is open after it
 *       (the job's {@code openAlertId != null}: the opening event is flagged, the resolving one is not).
 *   <li>{@link io.fleetanomaly.evaluation.tuning.AlertGrid} and
 *       {@link io.fleetanomaly.evaluation.tuning.CusumSweep}: sweeps over h (and k, reset level,
 *       resolveAfterEvents) giving the metrics package's {@code SweepRow}s, with its best-F1 and
 *       minimum-cost selections.
 *   <li>{@link io.fleetanomaly.evaluation.tuning.DeviceSplit},
 *       {@link io.fleetanomaly.evaluation.tuning.WeightGrid} and
 *       {@link io.fleetanomaly.evaluation.tuning.FusionTuner}: weights × alert settings searched on
 *       the tuning devices, the chosen and the current points reported on the validation devices.
 *   <li>{@link io.fleetanomaly.evaluation.tuning.CrossValidation},
 *       {@link io.fleetanomaly.evaluation.tuning.DeviceConfusionTable} and
 *       {@link io.fleetanomaly.evaluation.tuning.SelectionRule}: two-fold cross-validation over devices;
 *       every candidate's confusion per device, and the rules that pick a candidate on a tuning half
 *       (a FAR limit, an upper bound over devices, a margin learned by inner splits), each fold
 *       choosing its rule on inner splits of its own tuning half.
 *   <li>{@link io.fleetanomaly.evaluation.tuning.TunedBundle}: the bundle with the chosen weights and
 *       alert settings, version {@code <version>+tuned}, written by {@code BundleWriter}.
 * </ul>
 */
package io.fleetanomaly.evaluation.tuning;

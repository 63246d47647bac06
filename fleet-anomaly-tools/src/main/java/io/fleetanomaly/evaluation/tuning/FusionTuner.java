package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.fusion.FusionMethod;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.evaluation.tuning.WeightGridSearch.Choice;
import io.fleetanomaly.evaluation.tuning.WeightGridSearch.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Learns fusion weights and alert settings from a labeled replay.
 *
 * <ol>
 *   <li>Split the devices into a tuning and a validation part ({@link DeviceSplit#stratified}).
 *   <li>For every weight vector of the simplex grid ({@link WeightGrid}; the current weights are
 *       tried too), recompute the tuning part's fused scores with {@code ScoreFusion} and replay the
 *       job's alerting ({@link AlertReplay}) under every setting of the {@link AlertGrid}.
 *   <li>Pick, over all (weights, settings), the best F1 and the least cost on the tuning part (the
 *       metrics package's selections; ties: higher h, then the weights nearest the current ones), and
 *       the same over settings alone with the current weights.
 *   <li>Replay each chosen point, and the current one, on the validation part.
 * </ol>
 * Cost: (weight vectors + 1) × settings × events replays of O(1) each; 25k events × 41 settings × 66
 * weight vectors is about 70 million CUSUM steps.
 */
public final class FusionTuner {
    private FusionTuner() {}

    /** Tunes against the bundle's detectors, weights and alert settings. */
    public static TuningResult tune(List<DeviceSeries> devices, ModelBundle bundle, TuningOptions options) {
        return tune(devices, bundle.detectorNames(), bundle.detectorWeights(), bundle.alertSettings(),
                options.withFusion(bundle.fusionMethod()));
    }

    /**
     * @param detectorNames the detectors, in the order of each event's detector scores
     * @param currentWeights the weights the job uses now (normalised), index-aligned
     * @param currentSettings the alert settings the job uses now
     */
    public static TuningResult tune(
            List<DeviceSeries> devices,
            String[] detectorNames,
            double[] currentWeights,
            AlertSettings currentSettings,
            TuningOptions options) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no devices to tune on");
        }
        if (detectorNames.length != currentWeights.length) {
            throw new IllegalArgumentException(detectorNames.length + " detector names for " + currentWeights.length + " weights");
        }
        for (DeviceSeries series : devices) {
            if (series.detectorCount() >= 0 && series.detectorCount() != currentWeights.length) {
                throw new IllegalArgumentException("device " + series.deviceId() + " has " + series.detectorCount()
                        + " detector scores per event but the bundle has " + currentWeights.length + " detectors ("
                        + String.join(", ", detectorNames) + ")");
            }
        }
        DeviceSplit split = DeviceSplit.stratified(devices, options.validationFraction(), options.seed());
        List<DeviceSeries> tuning = split.tuningPart(devices);
        List<DeviceSeries> validation = split.validationPart(devices);
        if (tuning.stream().noneMatch(d -> d.countedPositives() > 0)) {
            throw new IllegalArgumentException("the tuning part has no labeled anomalous event to tune on");
        }

        List<double[]> candidates = candidates(currentWeights, options.weightDivisions());
        AlertGrid grid = options.grid();
        Selection byF1 = Selection.bestF1();
        Selection byCost = Selection.minCost(options.costMissed(), options.costFalseAlarm());
        WeightGridSearch search = WeightGridSearch.run(tuning, candidates, grid, options.fusion(), options.parallel());
        Choice bestF1 = search.select(byF1);
        Choice minCost = search.select(byCost);
        WeightGridSearch currentWeightsOnly =
                WeightGridSearch.run(tuning, List.of(currentWeights), grid, options.fusion(), false);
        SettingsRow alertsBestF1 = currentWeightsOnly.select(byF1).row();
        SettingsRow alertsMinCost = currentWeightsOnly.select(byCost).row();

        Evaluator evaluator = new Evaluator(tuning, validation, options.fusion());
        return new TuningResult(
                detectorNames,
                split,
                evaluator.point(currentWeights, currentSettings),
                evaluator.point(currentWeights, alertsBestF1.settings()),
                evaluator.point(currentWeights, alertsMinCost.settings()),
                evaluator.point(bestF1.weights(), bestF1.row().settings()),
                evaluator.point(minCost.weights(), minCost.row().settings()),
                bestF1.rowsOfWeights(),
                candidates.size(),
                grid.size(),
                options.costMissed(),
                options.costFalseAlarm(),
                FleetScores.fuse(devices, currentWeights, options.fusion()).maxDifferenceToRecorded(),
                recordedAlertMismatches(devices, currentSettings));
    }

    /**
     * Events whose recorded alert flag differs from the replay of the recorded fused scores under
     * {@code settings}: 0 when the replay reproduces the job.
     */
    public static long recordedAlertMismatches(List<DeviceSeries> devices, AlertSettings settings) {
        long mismatches = 0;
        for (DeviceSeries series : devices) {
            boolean[] recorded = series.recordedAlertOpen();
            boolean[] replayed = AlertReplay.alertOpen(series, series.recordedFusedScores(), settings);
            for (int i = 0; i < recorded.length; i++) {
                if (recorded[i] != replayed[i]) {
                    mismatches++;
                }
            }
        }
        return mismatches;
    }

    /** The simplex grid nearest-first to the current weights, with the current weights first when off the grid. */
    static List<double[]> candidates(double[] currentWeights, int divisions) {
        List<double[]> grid = WeightGrid.simplexNearestFirst(currentWeights, divisions);
        if (Arrays.equals(grid.get(0), currentWeights)) {
            return grid;
        }
        List<double[]> withCurrent = new ArrayList<>(grid.size() + 1);
        withCurrent.add(currentWeights.clone());
        withCurrent.addAll(grid);
        return withCurrent;
    }

    /** Replays a point on both parts. */
    private record Evaluator(List<DeviceSeries> tuning, List<DeviceSeries> validation, FusionMethod method) {
        OperatingPoint point(double[] weights, AlertSettings settings) {
            ConfusionMatrix onTuning = AlertReplay.confusion(FleetScores.fuse(tuning, weights, method), settings);
            ConfusionMatrix onValidation = validation.isEmpty()
                    ? ConfusionMatrix.EMPTY
                    : AlertReplay.confusion(FleetScores.fuse(validation, weights, method), settings);
            return new OperatingPoint(weights, settings, onTuning, onValidation);
        }
    }
}

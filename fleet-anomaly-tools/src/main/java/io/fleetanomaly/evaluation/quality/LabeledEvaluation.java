package io.fleetanomaly.evaluation.quality;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.evaluation.replay.EvaluationReplay;
import io.fleetanomaly.evaluation.replay.LabeledRow;
import io.fleetanomaly.evaluation.replay.LabeledSeries;
import io.fleetanomaly.evaluation.replay.ReplayRecord;
import io.fleetanomaly.evaluation.replay.ReplayResult;
import io.fleetanomaly.evaluation.report.DeviceTimeline;
import io.fleetanomaly.evaluation.report.ReportWriter;
import io.fleetanomaly.evaluation.report.RunInfo;
import io.fleetanomaly.evaluation.tuning.DeviceSeries;
import io.fleetanomaly.job.JobSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labeled series through the real job ({@link EvaluationReplay}), then scored
 * ({@link ReplayEvaluation}): what {@code evaluate} and the SKAB benchmark share.
 */
public final class LabeledEvaluation {
    private final ReplayResult replay;
    private final List<DeviceSeries> devices;
    private final Map<String, double[]> cusum;
    private final Map<String, long[]> changepoints;
    private final EvaluationResult result;
    private final ModelBundle bundle;

    private LabeledEvaluation(ReplayResult replay, ModelBundle bundle, List<LabeledSeries> series,
            EvaluationOptions options) {
        this.replay = replay;
        this.bundle = bundle;
        Map<String, List<ReplayRecord>> events = new LinkedHashMap<>();
        Map<String, List<Double>> cusumLists = new LinkedHashMap<>();
        for (ReplayRecord r : replay.records()) {
            events.computeIfAbsent(r.deviceId(), d -> new ArrayList<>()).add(r);
            cusumLists.computeIfAbsent(r.deviceId(), d -> new ArrayList<>()).add(r.cusum());
        }
        this.devices = new ArrayList<>();
        events.forEach((device, list) -> devices.add(DeviceSeries.of(device, list)));
        this.cusum = new LinkedHashMap<>();
        cusumLists.forEach((device, list) -> cusum.put(device, list.stream().mapToDouble(Double::doubleValue).toArray()));
        this.changepoints = changepointsOf(series);
        this.result = ReplayEvaluation.evaluate(devices, changepoints, bundle.detectorNames(), bundle.alertSettings(),
                options);
    }

    /** Replays the series through the job with the bundle and settings (scores are switched on) and scores them. */
    public static LabeledEvaluation run(List<LabeledSeries> series, ModelBundle bundle, JobSettings settings,
            EvaluationOptions options) throws Exception {
        ReplayResult replay = EvaluationReplay.run(series, bundle, settings);
        long expected = series.stream().mapToLong(s -> s.rows().size()).sum();
        if (replay.records().size() + replay.deadLetters().size() + replay.lateEvents() != expected) {
            throw new IllegalStateException("the replay accounted for " + (replay.records().size()
                    + replay.deadLetters().size() + replay.lateEvents()) + " of " + expected + " rows");
        }
        return new LabeledEvaluation(replay, bundle, series, options);
    }

    /** Labeled changepoints per device (files with a changepoint column that marks any). */
    private static Map<String, long[]> changepointsOf(List<LabeledSeries> series) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (LabeledSeries s : series) {
            // in time order, also when the device's clock steps back between them
            long[] cps = s.rows().stream().filter(LabeledRow::changepoint).mapToLong(LabeledRow::ts).sorted().toArray();
            if (cps.length > 0) {
                out.put(s.deviceId(), cps);
            }
        }
        return out;
    }

    public ReplayResult replay() {
        return replay;
    }

    public List<DeviceSeries> devices() {
        return devices;
    }

    public EvaluationResult result() {
        return result;
    }

    /** Changepoints per device, for those whose files mark them. */
    public Map<String, long[]> changepoints() {
        return changepoints;
    }

    /**
     * Writes the report directory (report.html, report.json, PNG charts) with the first
     * {@code maxTimelines} devices charted; returns report.html.
     */
    public Path writeReport(String dataset, String commandLine, EvaluationOptions options, int maxTimelines, Path dir)
            throws IOException {
        RunInfo run = new RunInfo(dataset, bundle.version(), commandLine, Instant.now(), result.devices(),
                result.countedEvents(), result.anomalousEvents(), result.warmupEvents());
        return new ReportWriter().write(ReportModel.of(result, run, options, timelines(maxTimelines)), dir);
    }

    /** Chart data of the first {@code max} devices (input order). */
    public List<DeviceTimeline> timelines(int max) {
        List<DeviceTimeline> timelines = new ArrayList<>();
        for (DeviceSeries d : devices.subList(0, Math.min(max, devices.size()))) {
            timelines.add(ReportModel.timeline(d, bundle.detectorNames(), cusum.get(d.deviceId()), bundle.alertSettings().h()));
        }
        return timelines;
    }
}

package io.fleetanomaly.evaluation.replay;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.embedded.EmbeddedRun;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.format.EventJsonWriter;
import io.fleetanomaly.job.FleetAnomalyJob;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.job.JobStreams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Replays labeled series through the real job graph ({@link FleetAnomalyJob#buildGraph}) on a
 * local MiniCluster and returns what it made of every row. The rows become sensor-event JSON (the
 * Kafka contract, so parsing and validation are the job's own), merged across devices in event-time
 * order into one bounded source at parallelism 1, so no row is late; per-event scores are switched
 * on and collected with the alerts, dead letters and late events.
 *
 * <p>Deterministic at parallelism 1 (the LSTM batches differently from run to run, which does not
 * change its scores), the evaluations' setting. The source and the parse step run at parallelism 1
 * whatever the job's, so each device's rows reach its keyed operator in order.
 */
public final class EvaluationReplay {
    /** {@link RawRecord#sourceTopic} prefix of replayed rows (followed by the file); the offset is the line. */
    public static final String SOURCE_PREFIX = "replay:";

    private EvaluationReplay() {}

    /**
     * @param series the devices to replay (each in time order, features in the bundle's order)
     * @param settings job settings (parallelism, warm-up, ...); scores are emitted whatever they say
     */
    public static ReplayResult run(List<LabeledSeries> series, ModelBundle bundle, JobSettings settings) throws Exception {
        List<RawRecord> input = toRecords(series, bundle);
        JobSettings withScores = settings.toBuilder().emitScores(true).build();
        Collected collected = EmbeddedRun.onMiniCluster(withScores.parallelism(), env -> execute(env, input, bundle, withScores));
        return new ReplayResult(bundle.version(), List.of(bundle.detectorNames()),
                match(series, collected.scores), collected.alerts, collected.deadLetters, collected.lateEvents);
    }

    /**
     * Reads each file with {@link LabeledCsvReader} (the bundle's features; a file without a
     * device column is one device named by its path under {@code root}, e.g. {@code valve1/3}) and
     * replays them all.
     */
    public static ReplayResult run(java.nio.file.Path root, List<java.nio.file.Path> files, ModelBundle bundle,
            JobSettings settings) throws Exception {
        LabeledCsvReader reader = LabeledCsvReader.forFeatures(bundle.features());
        List<LabeledSeries> series = new ArrayList<>();
        for (java.nio.file.Path file : files) {
            series.addAll(reader.read(file, LabeledCsvReader.deviceIdFor(root, file)));
        }
        return run(series, bundle, settings);
    }

    /** The rows as event JSON records, merged in event-time order (ties: series order, then row order). */
    static List<RawRecord> toRecords(List<LabeledSeries> series, ModelBundle bundle) {
        Set<String> devices = new HashSet<>();
        List<long[]> order = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            LabeledSeries one = series.get(s);
            if (!one.features().equals(bundle.features())) {
                throw new IllegalArgumentException(one.file() + " has features " + one.features() + " but bundle "
                        + bundle.version() + " expects " + bundle.features() + " (in this order)");
            }
            if (!devices.add(one.deviceId())) {
                throw new IllegalArgumentException("device " + one.deviceId() + " appears in more than one series ("
                        + one.file() + ")");
            }
            for (int r = 0; r < one.rows().size(); r++) {
                order.add(new long[] {one.rows().get(r).ts(), s, r});
            }
        }
        order.sort(Comparator.<long[]>comparingLong(o -> o[0]).thenComparingLong(o -> o[1]).thenComparingLong(o -> o[2]));
        EventJsonWriter writer = new EventJsonWriter(bundle.features());
        List<RawRecord> records = new ArrayList<>(order.size());
        for (long[] o : order) {
            LabeledSeries one = series.get((int) o[1]);
            LabeledRow row = one.rows().get((int) o[2]);
            byte[] json = writer.write(one.deviceId(), row.ts(), row.values(), row.label(), row.anomalyType());
            records.add(new RawRecord(json, SOURCE_PREFIX + one.file(), RawRecord.NO_PARTITION, row.line()));
        }
        return records;
    }

    private record Collected(List<ScoredEvent> scores, List<Alert> alerts, List<DeadLetter> deadLetters, long lateEvents) {}

    private static Collected execute(StreamExecutionEnvironment env, List<RawRecord> input, ModelBundle bundle,
            JobSettings settings) throws Exception {
        env.setParallelism(settings.parallelism());
        env.getConfig().enableObjectReuse();
        DataStream<RawRecord> source = env.fromData(input, TypeInformation.of(RawRecord.class))
                .name("replay-source")
                .setParallelism(1);
        JobStreams streams = FleetAnomalyJob.buildGraph(source, bundle, settings);
        CloseableIterator<ScoredEvent> scores = streams.scores().collectAsync();
        CloseableIterator<Alert> alerts = streams.alerts().collectAsync();
        CloseableIterator<DeadLetter> deadLetters = streams.deadLetters().collectAsync();
        var client = env.executeAsync("fleet-anomaly replay");

        List<Alert> alertList = new ArrayList<>();
        List<DeadLetter> deadLetterList = new ArrayList<>();
        CompletableFuture<Void> alertsDone = CompletableFuture.runAsync(() -> alerts.forEachRemaining(alertList::add));
        CompletableFuture<Void> deadDone = CompletableFuture.runAsync(() -> deadLetters.forEachRemaining(deadLetterList::add));
        List<ScoredEvent> scoreList = new ArrayList<>();
        scores.forEachRemaining(scoreList::add);
        alertsDone.join();
        deadDone.join();
        client.getJobExecutionResult().get();
        // Late events arrive as dead letters (LATE_EVENT); the result counts them apart from rejected rows.
        List<DeadLetter> rejected = deadLetterList.stream().filter(d -> d.reason != DeadLetterReason.LATE_EVENT).toList();
        return new Collected(scoreList, alertList, rejected, deadLetterList.size() - rejected.size());
    }

    /**
     * Orders the job's per-event output like the input (series order, then time order) and attaches
     * what the event JSON does not carry (changepoint, line) by walking each device's rows: records
     * come in the device's row order, possibly with gaps where rows were rejected or late.
     */
    static List<ReplayRecord> match(List<LabeledSeries> series, List<ScoredEvent> scores) {
        Map<String, List<ScoredEvent>> byDevice = new LinkedHashMap<>();
        for (ScoredEvent e : scores) {
            byDevice.computeIfAbsent(e.deviceId, d -> new ArrayList<>()).add(e);
        }
        Map<String, LabeledSeries> seriesByDevice = new HashMap<>();
        series.forEach(s -> seriesByDevice.put(s.deviceId(), s));
        List<ReplayRecord> out = new ArrayList<>(scores.size());
        for (LabeledSeries one : series) {
            List<ScoredEvent> events = byDevice.getOrDefault(one.deviceId(), List.of());
            int r = 0;
            for (ScoredEvent e : events) {
                while (r < one.rows().size() && one.rows().get(r).ts() != e.ts) {
                    r++;
                }
                if (r == one.rows().size()) {
                    throw new IllegalStateException("device " + one.deviceId() + ": the job emitted an event at ts "
                            + e.ts + " out of the rows' order");
                }
                LabeledRow row = one.rows().get(r++);
                out.add(new ReplayRecord(one.deviceId(), e.ts, e.label, row.changepoint(), row.line(), e.warmingUp,
                        e.fusedScore, e.detectorScores == null ? null : Arrays.copyOf(e.detectorScores, e.detectorScores.length),
                        e.cusum, e.openAlertId, e.severityScore));
            }
        }
        return out;
    }
}

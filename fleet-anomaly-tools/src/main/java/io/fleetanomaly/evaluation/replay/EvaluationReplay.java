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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Replays labeled series through the real job graph ({@link FleetAnomalyJob#buildGraph}) on a
 * local MiniCluster and returns what it made of every row. The rows become sensor-event JSON (the
 * Kafka contract, so parsing and validation are the job's own) and reach the job as a live job
 * would receive them: each device's rows in the file's order (its arrival order), the devices
 * merged by event time into one bounded source at parallelism 1. So a device whose clock steps back
 * is judged as the job judges it: a row at most {@code job.out_of_orderness_ms} behind the device's
 * newest is scored in arrival order, an older one is a late event (counted, not scored); repeated
 * timestamps are scored one after the other. Per-event scores are switched on and collected with
 * the alerts, dead letters and late events.
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
                match(series, collected.scores, collected.deadLetters, recordsSensorSides(bundle)), collected.alerts, collected.deadLetters,
                collected.lateEvents, ReplayInput.of(series));
    }

    /**
     * Whether the records keep each event's sensor contributions and sides: only when the bundle's
     * alerting can fire the return rule ({@code alerting.return_horizon_ms} &gt; 0), the one rule
     * that reads them to decide whether an alert opens; the tuning replays the bundle's settings
     * with only h, k, the reset level, resolve-after and recovery varied.
     */
    static boolean recordsSensorSides(ModelBundle bundle) {
        return bundle.alertSettings().returnHorizonMs() > 0;
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

    /**
     * The rows as event JSON records: each device's rows in their order, the devices merged by the
     * time of their next row (ties: series order), so no device's rows are reordered.
     */
    static List<RawRecord> toRecords(List<LabeledSeries> series, ModelBundle bundle) {
        Set<String> devices = new HashSet<>();
        long total = 0;
        for (LabeledSeries one : series) {
            if (!one.features().equals(bundle.features())) {
                throw new IllegalArgumentException(one.file() + " has features " + one.features() + " but bundle "
                        + bundle.version() + " expects " + bundle.features() + " (in this order)");
            }
            if (!devices.add(one.deviceId())) {
                throw new IllegalArgumentException("device " + one.deviceId() + " appears in more than one series ("
                        + one.file() + ")");
            }
            total += one.rows().size();
        }
        // next[s] = index of series s's next row; the queue orders series by that row's time
        int[] next = new int[series.size()];
        PriorityQueue<Integer> queue = new PriorityQueue<>(Comparator
                .<Integer>comparingLong(s -> series.get(s).rows().get(next[s]).ts())
                .thenComparingInt(s -> s));
        for (int s = 0; s < series.size(); s++) {
            if (!series.get(s).rows().isEmpty()) {
                queue.add(s);
            }
        }
        EventJsonWriter writer = new EventJsonWriter(bundle.features());
        List<RawRecord> records = new ArrayList<>((int) total);
        while (!queue.isEmpty()) {
            int s = queue.poll();
            LabeledSeries one = series.get(s);
            LabeledRow row = one.rows().get(next[s]++);
            byte[] json = writer.write(one.deviceId(), row.ts(), row.values(), row.label(), row.anomalyType());
            records.add(new RawRecord(json, SOURCE_PREFIX + one.file(), RawRecord.NO_PARTITION, row.line()));
            if (next[s] < one.rows().size()) {
                queue.add(s);
            }
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
     * Pairs each event of the job's per-event output with its row, for what the event JSON does not
     * carry (changepoint, line), and returns them like the input: series order, then row order. An
     * event is its device's earliest unpaired row with the same time that the job did not reject
     * (rejected rows are known by their line); rows it did not score were late, and a late row is
     * never followed by a scored row of the same time (the device's newest time only grows), so the
     * pairing holds whatever order the job scored in and however often a time repeats.
     */
    static List<ReplayRecord> match(List<LabeledSeries> series, List<ScoredEvent> scores, List<DeadLetter> rejected,
            boolean withSensorSides) {
        Map<String, Set<Integer>> rejectedLines = new HashMap<>();
        for (DeadLetter letter : rejected) {
            if (letter.sourceTopic != null && letter.sourceTopic.startsWith(SOURCE_PREFIX)) {
                rejectedLines.computeIfAbsent(letter.sourceTopic, f -> new HashSet<>()).add((int) letter.sourceOffset);
            }
        }
        Map<String, List<ScoredEvent>> byDevice = new LinkedHashMap<>();
        for (ScoredEvent e : scores) {
            byDevice.computeIfAbsent(e.deviceId, d -> new ArrayList<>()).add(e);
        }
        List<ReplayRecord> out = new ArrayList<>(scores.size());
        for (LabeledSeries one : series) {
            Set<Integer> rejectedHere = rejectedLines.getOrDefault(SOURCE_PREFIX + one.file(), Set.of());
            Map<Long, ArrayDeque<Integer>> rowsAtTime = new HashMap<>();
            for (int r = 0; r < one.rows().size(); r++) {
                LabeledRow row = one.rows().get(r);
                if (!rejectedHere.contains(row.line())) {
                    rowsAtTime.computeIfAbsent(row.ts(), t -> new ArrayDeque<>()).add(r);
                }
            }
            ReplayRecord[] byRow = new ReplayRecord[one.rows().size()];
            for (ScoredEvent e : byDevice.getOrDefault(one.deviceId(), List.of())) {
                ArrayDeque<Integer> candidates = rowsAtTime.get(e.ts);
                if (candidates == null || candidates.isEmpty()) {
                    throw new IllegalStateException("device " + one.deviceId() + ": the job scored an event at ts "
                            + e.ts + " that no row of " + one.file() + " accounts for");
                }
                LabeledRow row = one.rows().get(candidates.peek());
                byRow[candidates.poll()] = ReplayRecord.of(e, row.changepoint(), row.line(), withSensorSides);
            }
            for (ReplayRecord record : byRow) {
                if (record != null) {
                    out.add(record);
                }
            }
        }
        return out;
    }
}

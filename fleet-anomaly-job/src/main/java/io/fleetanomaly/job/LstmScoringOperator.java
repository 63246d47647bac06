package io.fleetanomaly.job;

import io.fleetanomaly.bundle.LstmDetector;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.lstm.BatchScores;
import io.fleetanomaly.detectors.lstm.LstmAutoencoderScorer;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.fusion.ScoreFusion;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Scores device windows with the LSTM autoencoder in batches across devices, then completes each
 * event's fusion. Events (scored or still warming up) are held in one FIFO in arrival order and
 * released in that order, so per-device order is kept. The buffer is flushed when a batch is full,
 * when the oldest window has waited {@code maxWaitMs} (processing time), before a watermark is
 * forwarded, at the end of input, and in {@link #prepareSnapshotPreBarrier}: nothing is buffered
 * when a checkpoint barrier passes, so the operator has no state to snapshot and a restore
 * neither loses nor duplicates events.
 *
 * <p>All operator instances of a TaskManager share one ONNX Runtime session per model.
 *
 * <p>With a control stream ({@link #forModel}), the model can change while the job runs: the
 * scoring operator sends a {@link ScoredEvent#announcement} ahead of the first event of another
 * model, on the same channel, so this operator scores what it holds with the model before,
 * switches, and forwards the announcement to the alert operator. An event whose model is not the
 * one announced last would be a bug, and fails loudly rather than be scored by another model.
 */
public class LstmScoringOperator extends AbstractStreamOperator<ScoredEvent>
        implements OneInputStreamOperator<ScoredEvent, ScoredEvent>, BoundedOneInput {
    private final LstmSettings settings;
    /** The model in force: null when it has no LSTM autoencoder (events pass through, their fusion done). */
    private LstmDetector detector;
    private int detectorIndex;
    private ScoreFusion fusion;
    /** Version of the model in force, or null when not known (then events are not checked against it). */
    private String modelVersion;

    private transient PendingEvents pending;
    private transient int windowsPending;
    /** The one output record, refilled for each event (the operators after this one are chained and keep only the value). */
    private transient StreamRecord<ScoredEvent> outputRecord;
    private transient float[] batch;
    private transient double[] channelErrors;
    private transient boolean timerRegistered;
    private transient LstmAutoencoderScorer scorer;
    private transient LstmMetrics metrics;

    public LstmScoringOperator(LstmDetector detector, int detectorIndex, ScoreFusion fusion, LstmSettings settings) {
        this.detector = detector;
        this.detectorIndex = detectorIndex;
        this.fusion = fusion;
        this.settings = settings;
    }

    /**
     * The operator for a model that may change while the job runs (a control stream): it scores with
     * {@code bundle}'s LSTM autoencoder, passes events through when it has none, and switches model on
     * each {@link ScoredEvent#announcement} it receives.
     */
    public static LstmScoringOperator forModel(ModelBundle bundle, LstmSettings settings) {
        LstmScoringOperator operator = new LstmScoringOperator(null, -1, null, settings);
        operator.use(bundle);
        return operator;
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = new PendingEvents();
        outputRecord = new StreamRecord<>(null);
        openScorer();
        metrics = new LstmMetrics(getRuntimeContext().getMetricGroup());
    }

    private void openScorer() {
        if (detector == null) {
            return;
        }
        int windowSize = detector.model().window() * detector.model().features();
        batch = new float[settings.batchSize() * windowSize];
        channelErrors = new double[detector.model().features()];
        scorer = LstmAutoencoderScorer.open(detector.model(), settings.session());
    }

    private void use(ModelBundle bundle) {
        detector = bundle.lstm();
        detectorIndex = bundle.hasLstm() ? bundle.detectorIndex(ModelBundle.LSTM_AE) : -1;
        fusion = bundle.fusion();
        modelVersion = bundle.version();
    }

    /** Another model from the next event on: the events of the one before are scored (flushed) with it first. */
    private void switchModel(ModelBundle next) throws Exception {
        flush();
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
        use(next);
        openScorer();
    }

    @Override
    public void processElement(StreamRecord<ScoredEvent> record) throws Exception {
        ScoredEvent event = record.getValue();
        if (event.isAnnouncement()) {
            switchModel(event.announcement.model());
            output.collect(record);
            return;
        }
        if (modelVersion != null && event.modelVersion != null && !modelVersion.equals(event.modelVersion)) {
            throw new IllegalStateException("an event of " + event.deviceId + " scored by model " + event.modelVersion
                    + " reached the LSTM operator running model " + modelVersion + " without an announcement");
        }
        if (detector == null) { // a model without an LSTM autoencoder: fusion is done, nothing to batch
            output.collect(record);
            return;
        }
        pending.add(event, record.hasTimestamp(), record.getTimestamp());
        if (event.window != null) {
            windowsPending++;
            if (windowsPending >= settings.batchSize()) {
                flush();
                return;
            }
        }
        if (!timerRegistered) {
            timerRegistered = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + settings.maxWaitMs(), time -> {
                timerRegistered = false;
                flush();
            });
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
        super.close();
    }

    /** Scores every buffered window in one ORT call, completes their fusion, emits all in order. */
    void flush() throws Exception {
        if (pending == null || pending.isEmpty()) {
            return;
        }
        int n = windowsPending;
        int held = pending.size();
        if (n > 0) {
            int windowSize = batch.length / settings.batchSize();
            int i = 0;
            for (int k = 0; k < held; k++) {
                float[] window = pending.event(k).window;
                if (window != null) {
                    System.arraycopy(window, 0, batch, i * windowSize, windowSize);
                    i++;
                }
            }
            long start = System.nanoTime();
            BatchScores scores = scorer.score(batch, n);
            metrics.batchScored(n, System.nanoTime() - start);
            i = 0;
            for (int k = 0; k < held; k++) {
                ScoredEvent event = pending.event(k);
                if (event.window != null) {
                    scores.channelErrors(i, channelErrors);
                    fusion.add(event, detectorIndex, detector.calibration().calibrate(scores.error(i)), channelErrors);
                    fusion.finish(event);
                    event.window = null;
                    i++;
                }
            }
        }
        for (int k = 0; k < held; k++) {
            if (pending.hasTimestamp(k)) {
                outputRecord.replace(pending.event(k), pending.timestamp(k));
            } else {
                outputRecord.replace(pending.event(k));
                outputRecord.eraseTimestamp();
            }
            output.collect(outputRecord);
        }
        pending.clear();
        windowsPending = 0;
    }

    /**
     * The held events with their timestamps, in arrival order, in arrays reused from batch to batch
     * (no wrapper object per event). Values and timestamps are kept, not the input record: upstream
     * may reuse its StreamRecord.
     */
    private static final class PendingEvents {
        private ScoredEvent[] events = new ScoredEvent[64];
        private long[] timestamps = new long[64];
        private boolean[] hasTimestamps = new boolean[64];
        private int size;

        void add(ScoredEvent event, boolean hasTimestamp, long timestamp) {
            if (size == events.length) {
                int capacity = 2 * size;
                events = java.util.Arrays.copyOf(events, capacity);
                timestamps = java.util.Arrays.copyOf(timestamps, capacity);
                hasTimestamps = java.util.Arrays.copyOf(hasTimestamps, capacity);
            }
            events[size] = event;
            timestamps[size] = timestamp;
            hasTimestamps[size] = hasTimestamp;
            size++;
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }

        ScoredEvent event(int index) {
            return events[index];
        }

        boolean hasTimestamp(int index) {
            return hasTimestamps[index];
        }

        long timestamp(int index) {
            return timestamps[index];
        }

        /** Forgets the events (so emitted events are not kept alive until the next batch). */
        void clear() {
            java.util.Arrays.fill(events, 0, size, null);
            size = 0;
        }
    }
}

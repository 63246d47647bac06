package io.fleetanomaly.job;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Metrics of the LSTM operator (group {@code fleet_anomaly}): batches and windows scored, the size
 * of each ONNX Runtime batch and the time of each call (histograms over the last
 * {@value #HISTOGRAM_WINDOW} batches).
 */
final class LstmMetrics {
    static final int HISTOGRAM_WINDOW = 1000;

    private final Counter batches;
    private final Counter windowsScored;
    private final Histogram batchSize;
    private final Histogram inferenceMs;

    LstmMetrics(MetricGroup operator) {
        MetricGroup group = operator.addGroup("fleet_anomaly");
        batches = group.counter("lstm_batches");
        windowsScored = group.counter("lstm_windows_scored");
        batchSize = group.histogram("lstm_batch_size", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        inferenceMs = group.histogram("lstm_inference_ms", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    void batchScored(int windows, long nanos) {
        batches.inc();
        windowsScored.inc(windows);
        batchSize.update(windows);
        inferenceMs.update(Math.round(nanos / 1e6));
    }
}

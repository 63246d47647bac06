package io.fleetanomaly.embedded;

import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/** Hands the metrics a job registers to the {@link LiveMetrics} of its run (configured by {@link LiveMetrics#configure}). */
final class LiveMetricsReporter implements MetricReporter {
    private LiveMetrics target;

    @Override
    public void open(MetricConfig config) {
        target = LiveMetrics.of(config.getString(LiveMetrics.RUN_KEY, null));
    }

    @Override
    public void close() {
        target = null;
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (target != null) {
            target.added(metric, name, group);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        if (target != null) {
            target.removed(metric);
        }
    }
}

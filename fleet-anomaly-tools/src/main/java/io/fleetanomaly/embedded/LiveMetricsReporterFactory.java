package io.fleetanomaly.embedded;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Found by Flink through {@code META-INF/services}; see {@link LiveMetrics}. */
public final class LiveMetricsReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new LiveMetricsReporter();
    }
}

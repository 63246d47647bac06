package io.fleetanomaly.embedded;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;

/**
 * The job's own metrics, read live in the JVM that runs it (the embedded MiniCluster): a Flink
 * metric reporter ({@link LiveMetricsReporter}) hands every metric the job registers to the
 * {@code LiveMetrics} of its run, which sums a metric over the subtasks that registered it. Nothing
 * is counted twice: these are the counters and gauges the operators keep for any metrics reporter.
 * A metric whose task has finished keeps its last value: counters total since the start of the
 * run, gauges say what they said last (a finished Kafka source: its last lag).
 */
public final class LiveMetrics implements AutoCloseable {
    /** Reporter configuration key naming the run whose metrics a reporter collects. */
    static final String RUN_KEY = "run";
    private static final String REPORTER = "fleet_anomaly_live";
    private static final Map<String, LiveMetrics> RUNS = new ConcurrentHashMap<>();

    private final String id;
    private final List<Registered> metrics = new ArrayList<>();
    /** Last values of the metrics of finished tasks. */
    private final List<Finished> finished = new ArrayList<>();

    private LiveMetrics(String id) {
        this.id = id;
    }

    /** A new collector whose metrics arrive once {@link #configure} has been applied to the cluster's configuration. */
    public static LiveMetrics create() {
        LiveMetrics live = new LiveMetrics(UUID.randomUUID().toString());
        RUNS.put(live.id, live);
        return live;
    }

    /** Adds this collector's reporter to a MiniCluster or local environment configuration. */
    public Configuration configure(Configuration conf) {
        conf.setString("metrics.reporters", REPORTER);
        conf.setString("metrics.reporter." + REPORTER + ".factory.class", LiveMetricsReporterFactory.class.getName());
        conf.setString("metrics.reporter." + REPORTER + "." + RUN_KEY, id);
        return conf;
    }

    /** Stops collecting (the reporter of a finished cluster may still report removals: ignored). */
    @Override
    public synchronized void close() {
        RUNS.remove(id);
        metrics.clear();
        finished.clear();
    }

    static LiveMetrics of(String id) {
        return id == null ? null : RUNS.get(id);
    }

    // Both lists are only touched under this object's lock: added/removed (the reporter's threads) and
    // sum/has (the status printer), so a metric moving from registered to finished is never seen in
    // both lists (counted twice) or neither.
    synchronized void added(Metric metric, String name, MetricGroup group) {
        metrics.add(new Registered(metric, name, group.getAllVariables()));
    }

    synchronized void removed(Metric metric) {
        for (Iterator<Registered> it = metrics.iterator(); it.hasNext(); ) {
            Registered r = it.next();
            if (r.metric() == metric) {
                finished.add(new Finished(r.name(), r.variables(), valueOf(metric)));
                it.remove();
            }
        }
    }

    /** The sum of a counter or numeric gauge over every subtask that registered it under this name. */
    public long sum(String name) {
        return sum(name, null, null);
    }

    /** Like {@link #sum(String)}, only the metrics whose group has {@code variable} (e.g. "severity") = {@code value}. */
    public synchronized long sum(String name, String variable, String value) {
        long total = 0;
        for (Registered r : metrics) {
            if (matches(r.name(), r.variables(), name, variable, value)) {
                total += valueOf(r.metric());
            }
        }
        for (Finished f : finished) {
            if (matches(f.name(), f.variables(), name, variable, value)) {
                total += f.count();
            }
        }
        return total;
    }

    /** Whether any subtask registered a metric of this name (a Kafka source's lag, a gauge of a newer job). */
    public synchronized boolean has(String name) {
        return metrics.stream().anyMatch(r -> r.name().equals(name)) || finished.stream().anyMatch(f -> f.name().equals(name));
    }

    private static boolean matches(String metricName, Map<String, String> variables, String name, String variable,
            String value) {
        return metricName.equals(name) && (variable == null || value.equals(variables.get("<" + variable + ">")));
    }

    private static long valueOf(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
            return Math.max(0, number.longValue());
        }
        return 0;
    }

    private record Registered(Metric metric, String name, Map<String, String> variables) {}

    private record Finished(String name, Map<String, String> variables, long count) {}
}

package io.fleetanomaly.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.simulator.FleetSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job's metrics through Flink's Prometheus reporter on the local cluster: scraped from every
 * process while the job runs, they move with the input; every metric the Grafana dashboard
 * (deploy/grafana/fleet-anomaly.json) queries is in the scrape.
 */
@ExtendWith(ClusterFixture.Extension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class MetricsIT {
    static ClusterFixture cluster;

    static final String PREFIX = "flink_taskmanager_job_task_operator_fleet_anomaly_";
    static final Pattern METRIC = Pattern.compile("flink_[a-zA-Z0-9_]+");

    @Test
    void theJobsMetricsMoveWithTheInputAndTheDashboardQueriesOnlyMetricsTheClusterExports() throws Exception {
        Scenario run = Scenario.create(cluster, "metrics");
        FleetSimulator fleet = new FleetSimulator(Scenario.FLEET);
        long half = fleet.indexOf(0, Scenario.FLEET.eventsPerDevice() / 2);
        String job = cluster.flink.submit(JobJars.built(), 2, "--config", run.configFile(Scenario.SETTINGS_V1).toString());

        run.publish(0, half);
        run.awaitConsumed();
        PrometheusScrape first = PrometheusScrape.of(cluster.flink.prometheusEndpoints());
        assertThat(first.sum(PREFIX + "events_accepted")).as("events accepted after the first half").isEqualTo(half);

        run.publish(half, fleet.totalEvents());
        run.awaitConsumed();
        PrometheusScrape second = PrometheusScrape.of(cluster.flink.prometheusEndpoints());
        cluster.flink.stopWithSavepoint(job);
        List<Alert> alerts = run.committedAlerts();

        assertThat(second.sum(PREFIX + "events_accepted")).isEqualTo(fleet.totalEvents());
        assertThat(second.sum(PREFIX + "events_scored") + second.sum(PREFIX + "events_warming_up"))
                .isEqualTo(fleet.totalEvents());
        assertThat(second.sum(PREFIX + "dead_letters")).isZero();
        long opened = alerts.stream().filter(a -> a.status == AlertStatus.OPEN).count();
        assertThat(opened).isPositive();
        assertThat(second.sum(PREFIX + "severity_alerts_opened")).as("alerts opened, all severities").isEqualTo(opened);
        assertThat(second.sum(PREFIX + "severity_alerts_opened", "severity=\"critical\""))
                .isEqualTo(alerts.stream().filter(a -> a.status == AlertStatus.OPEN && a.severity.name().equals("CRITICAL")).count());
        assertThat(second.sum(PREFIX + "open_alerts")).as("open alerts")
                .isEqualTo(ClusterJobIT.openIds(AlertTopic.records(alerts)).size());
        assertThat(second.sum(PREFIX + "lstm_batch_size_count")).as("LSTM batches").isPositive();
        assertThat(second.sum(PREFIX + "lstm_windows_scored")).isPositive();
        assertThat(second.has(PREFIX + "event_to_alert_latency_ms")).isTrue();
        assertThat(first.sum(PREFIX + "devices_in_state")).as("devices in state " + first.samples(PREFIX + "devices_in_state"))
                .isEqualTo(Scenario.FLEET.devices());

        Set<String> used = dashboardMetrics();
        assertThat(used).hasSizeGreaterThan(10);
        for (String metric : used) {
            if (metric.endsWith("*")) {
                String prefix = metric.substring(0, metric.length() - 1);
                assertThat(second.names()).as("dashboard metrics named " + metric).anyMatch(n -> n.startsWith(prefix));
            } else {
                assertThat(second.names()).as("dashboard metric").contains(metric);
            }
        }
    }

    /** Every metric name in the expressions of the dashboard's panels; a name in a regex ("..._.+") ends with '*'. */
    static Set<String> dashboardMetrics() throws Exception {
        Path root = Path.of(System.getProperty("fleetAnomaly.projectRoot", ".."));
        JsonNode dashboard = new ObjectMapper().readTree(root.resolve("deploy/grafana/fleet-anomaly.json").toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = METRIC.matcher(expr.asText());
            while (m.find()) {
                boolean regex = expr.asText().startsWith(".", m.end());
                names.add(regex ? m.group() + "*" : m.group());
            }
        }
        return names;
    }
}

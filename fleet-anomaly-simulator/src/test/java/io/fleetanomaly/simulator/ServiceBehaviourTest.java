package io.fleetanomaly.simulator;

import static io.fleetanomaly.simulator.SeriesStats.mean;
import static io.fleetanomaly.simulator.SeriesStats.std;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service profile: each device sends one to four metrics with daily and weekly cycles; faults
 * are compared with the same fleet simulated without faults (the twin shares all normal noise).
 */
class ServiceBehaviourTest {
    private static final SimulatorSettings SETTINGS =
            SimulatorSettings.builder().profile(SimulatorProfile.SERVICE).devices(30).seed(3).missingRate(0.0).build();
    private static final List<String> METRICS = SimulatorProfile.SERVICE.featureNames();
    private static final int DAY = 288;
    private static SimulatedFleetData fleet;
    private static SimulatedFleetData twin;

    @BeforeAll
    static void simulate() {
        fleet = new SimulatedFleetData(SETTINGS);
        twin = new SimulatedFleetData(SETTINGS.toBuilder().normalOnly(true).build());
    }

    @Test
    void defaultsAreFiveMinuteSamplesForTwoWeeksWithTwoFaultFreeDays() {
        assertThat(SETTINGS.intervalMs()).isEqualTo(300_000L);
        assertThat(SETTINGS.eventsPerDevice()).isEqualTo(14 * DAY);
        assertThat(SETTINGS.faultFreeWarmupEvents()).isEqualTo(2 * DAY);
    }

    @Test
    void eachDeviceSendsOneToFourMetricsAndNeverTheOthers() {
        Set<Integer> counts = new HashSet<>();
        for (int device = 0; device < SETTINGS.devices(); device++) {
            List<String> reported = ServiceDeviceModel.reportedMetrics(SETTINGS, device);
            assertThat(reported).isNotEmpty().hasSizeLessThanOrEqualTo(4);
            counts.add(reported.size());
            for (SimulatedEvent event : fleet.device(device)) {
                for (int m = 0; m < METRICS.size(); m++) {
                    if (!reported.contains(METRICS.get(m))) {
                        assertThat(event.values()[m]).isNaN();
                    }
                }
            }
            for (String metric : reported) {
                assertThat(series(fleet, device, METRICS.indexOf(metric))).as("device %d %s", device, metric).doesNotContain(Double.NaN);
            }
        }
        assertThat(counts).as("the fleet mixes devices with few and many metrics").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void loadPeaksInTheAfternoonAndIsLowerAtWeekends() {
        // 2026-01-01 is a Thursday: days 2 and 3 (and 9, 10) are the weekend
        int checked = 0;
        for (int device = 0; device < SETTINGS.devices(); device++) {
            int m = METRICS.indexOf(ServiceDeviceModel.reportedMetrics(SETTINGS, device).get(0));
            if (m == ServiceDeviceModel.TEMPERATURE) {
                continue; // follows the load only weakly and slowly
            }
            double[] x = series(twin, device, m);
            double afternoon = meanOver(x, d -> d * DAY + 14 * 12, 12, List.of(0, 1, 4, 5, 6));
            double night = meanOver(x, d -> d * DAY + 3 * 12, 12, List.of(0, 1, 4, 5, 6));
            assertThat(afternoon).as("device %d afternoon vs night", device).isGreaterThan(night * 1.1);
            double weekday = meanOver(x, d -> d * DAY, DAY, List.of(4, 5, 6, 7, 8));
            double weekend = meanOver(x, d -> d * DAY, DAY, List.of(2, 3, 9, 10));
            assertThat(weekend).as("device %d weekend vs weekday", device).isLessThan(weekday);
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void faultsChangeOnlyTheMetricsTheyNameAndHaveTheirShape() {
        Set<String> seen = new HashSet<>();
        for (FaultEpisode episode : fleet.fleet.faultPlan()) {
            seen.add(episode.type());
            assertThat(ServiceDeviceModel.reportedMetrics(SETTINGS, episode.deviceIndex()))
                    .containsAll(episode.affectedSensors());
            int m = METRICS.indexOf(episode.affectedSensors().get(0));
            if (episode.type().equals(AnomalyTypes.DROPPED_PEAK)) {
                // the metrics that follow the load in proportion show the missing peak best
                m = episode.affectedSensors().contains("cpu_pct") ? ServiceDeviceModel.CPU
                        : episode.affectedSensors().contains("requests_per_s") ? ServiceDeviceModel.REQUESTS : -1;
                if (m < 0) {
                    continue;
                }
            }
            double[] faulty = series(fleet, episode.deviceIndex(), m, episode);
            double[] normal = series(twin, episode.deviceIndex(), m, episode);
            double sigma = noiseSigma(series(twin, episode.deviceIndex(), m));
            double[] difference = new double[faulty.length];
            for (int i = 0; i < faulty.length; i++) {
                difference[i] = faulty[i] - normal[i];
            }
            switch (episode.type()) {
                case AnomalyTypes.SPIKE, AnomalyTypes.LEVEL_SHIFT -> assertThat(Math.abs(mean(difference)))
                        .as("%s shifts by several noise sigmas", episode).isGreaterThan(3 * sigma);
                case AnomalyTypes.VARIANCE_CHANGE -> assertThat(std(difference))
                        .as("%s adds noise", episode).isGreaterThan(1.5 * sigma);
                case AnomalyTypes.DROPPED_PEAK -> {
                    assertThat(episode.length()).isEqualTo(DAY);
                    double faultyMax = java.util.Arrays.stream(faulty).filter(v -> !Double.isNaN(v)).max().orElseThrow();
                    double normalMax = java.util.Arrays.stream(normal).filter(v -> !Double.isNaN(v)).max().orElseThrow();
                    assertThat(faultyMax).as("%s: the day's peak is missing", episode).isLessThan(normalMax * 0.95);
                }
                default -> throw new AssertionError("unexpected type " + episode.type());
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(SimulatorProfile.SERVICE.anomalyTypes());
    }

    @Test
    void sameSeedSameFleet() {
        SimulatedFleetData again = new SimulatedFleetData(SETTINGS.toBuilder().devices(3).eventsPerDevice(500).build());
        SimulatedFleetData once = new SimulatedFleetData(SETTINGS.toBuilder().devices(3).eventsPerDevice(500).build());
        for (int device = 0; device < 3; device++) {
            assertThat(again.device(device)).isEqualTo(once.device(device));
        }
    }

    /** σ of the metric's step-to-step changes, about √2·(1-φ) of its noise: a scale for small changes. */
    private static double noiseSigma(double[] x) {
        double[] diff = new double[x.length - 1];
        for (int i = 1; i < x.length; i++) {
            diff[i - 1] = x[i] - x[i - 1];
        }
        return std(diff) / Math.sqrt(2);
    }

    private static double[] series(SimulatedFleetData data, int device, int metric) {
        return data.device(device).stream().mapToDouble(e -> e.values()[metric]).toArray();
    }

    private static double[] series(SimulatedFleetData data, int device, int metric, FaultEpisode episode) {
        return data.steps(device, episode::contains).stream().mapToDouble(e -> e.values()[metric]).toArray();
    }

    private static double meanOver(double[] x, java.util.function.IntUnaryOperator start, int length, List<Integer> days) {
        double sum = 0;
        int n = 0;
        for (int day : days) {
            for (int i = start.applyAsInt(day); i < start.applyAsInt(day) + length; i++) {
                if (!Double.isNaN(x[i])) {
                    sum += x[i];
                    n++;
                }
            }
        }
        return sum / n;
    }
}

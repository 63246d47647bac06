package io.fleetanomaly.simulator;

import static io.fleetanomaly.simulator.SeriesStats.correlation;
import static io.fleetanomaly.simulator.SeriesStats.feature;
import static io.fleetanomaly.simulator.SeriesStats.mean;
import static io.fleetanomaly.simulator.SeriesStats.std;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The process profile: 40 variables driven by six latent states, faults compared with the same
 * fleet simulated without faults (the twin shares all normal noise).
 */
class ProcessBehaviourTest {
    private static final SimulatorSettings SETTINGS = SimulatorSettings.builder()
            .profile(SimulatorProfile.PROCESS).devices(20).seed(5).missingRate(0.0).build();
    private static final List<String> VARIABLES = SimulatorProfile.PROCESS.featureNames();
    private static SimulatedFleetData fleet;
    private static SimulatedFleetData twin;

    @BeforeAll
    static void simulate() {
        fleet = new SimulatedFleetData(SETTINGS);
        twin = new SimulatedFleetData(SETTINGS.toBuilder().normalOnly(true).build());
    }

    @Test
    void fortyVariablesTenSecondsApartForSixHours() {
        assertThat(VARIABLES).hasSize(40).startsWith("x01").endsWith("x40");
        assertThat(SETTINGS.intervalMs()).isEqualTo(10_000L);
        assertThat(SETTINGS.eventsPerDevice()).isEqualTo(2_160);
    }

    @Test
    void fewLatentStatesCarryMostOfTheVariance() {
        double[][] rows = twin.device(0).stream().map(SimulatedEvent::values).toArray(double[][]::new);
        double[] eigenvalues = new EigenDecomposition(new PearsonsCorrelation(rows).getCorrelationMatrix()).getRealEigenvalues();
        java.util.Arrays.sort(eigenvalues);
        double total = java.util.Arrays.stream(eigenvalues).sum();
        double topSix = 0;
        for (int i = 0; i < ProcessDeviceModel.STATES; i++) {
            topSix += eigenvalues[eigenvalues.length - 1 - i];
        }
        assertThat(topSix / total).as("share of the six largest principal components").isGreaterThan(0.75);
        double[] x = feature(twin.device(0), 0);
        double lag1 = correlation(java.util.Arrays.copyOfRange(x, 1, x.length), java.util.Arrays.copyOfRange(x, 0, x.length - 1));
        assertThat(lag1).as("variables follow slow states").isGreaterThan(0.6);
    }

    @Test
    void faultsLastLongAndHaveTheirShape() {
        Set<String> seen = new HashSet<>();
        for (FaultEpisode episode : fleet.fleet.faultPlan()) {
            seen.add(episode.type());
            assertThat(episode.length()).isBetween(200, 800);
            assertThat(episode.affectedSensors()).isNotEmpty();
            double changed = 0;
            for (String variable : episode.affectedSensors()) {
                int j = VARIABLES.indexOf(variable);
                double[] faulty = series(fleet, episode, j);
                double[] normal = series(twin, episode, j);
                double spread = std(feature(twin.normalEventsOf(episode.deviceIndex()), j));
                switch (episode.type()) {
                    case AnomalyTypes.STUCK_SENSOR -> {
                        assertThat(std(faulty)).as("%s does not move", episode).isLessThan(1e-9);
                        changed = Math.max(changed, std(normal) / spread);
                    }
                    case AnomalyTypes.DRIFT -> {
                        double end = faulty[faulty.length - 1] - normal[normal.length - 1];
                        changed = Math.max(changed, Math.abs(end) / spread);
                    }
                    case AnomalyTypes.STEP -> changed = Math.max(changed, Math.abs(mean(faulty) - mean(normal)) / spread);
                    case AnomalyTypes.RANDOM_VARIATION -> changed = Math.max(changed, std(faulty) / std(normal) - 1);
                    default -> throw new AssertionError("unexpected type " + episode.type());
                }
            }
            assertThat(changed).as("%s changes its variables", episode).isGreaterThan(0.5);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(SimulatorProfile.PROCESS.anomalyTypes());
    }

    @Test
    void everyStateDrivesADistinctSetOfVariables() {
        Set<List<String>> sets = new HashSet<>();
        for (int k = 0; k < ProcessDeviceModel.STATES; k++) {
            sets.add(ProcessDeviceModel.variablesDrivenBy(k));
            assertThat(ProcessDeviceModel.variablesDrivenBy(k)).isNotEmpty();
        }
        assertThat(sets).hasSize(ProcessDeviceModel.STATES);
    }

    private static double[] series(SimulatedFleetData data, FaultEpisode episode, int variable) {
        return feature(data.steps(episode.deviceIndex(), episode::contains), variable);
    }
}

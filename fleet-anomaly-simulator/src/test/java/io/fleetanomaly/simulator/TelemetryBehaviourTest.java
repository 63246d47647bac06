package io.fleetanomaly.simulator;

import static io.fleetanomaly.simulator.SeriesStats.correlation;
import static io.fleetanomaly.simulator.SeriesStats.feature;
import static io.fleetanomaly.simulator.SeriesStats.mean;
import static io.fleetanomaly.simulator.SeriesStats.std;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Telemetry faults, each compared with the same fleet simulated without faults: the twin shares all
 * normal noise, so it is the waveform the channel would have shown.
 */
class TelemetryBehaviourTest {
    private static final SimulatorSettings SETTINGS =
            SimulatorSettings.builder().profile(SimulatorProfile.TELEMETRY).build();
    private static final List<String> CHANNELS = SimulatorProfile.TELEMETRY.featureNames();
    private static SimulatedFleetData fleet;
    private static SimulatedFleetData twin;

    @BeforeAll
    static void simulate() {
        fleet = new SimulatedFleetData(SETTINGS);
        twin = new SimulatedFleetData(SETTINGS.toBuilder().normalOnly(true).build());
    }

    @Test
    void normalChannelsArePeriodicAndShareNoise() {
        for (int device = 0; device < SETTINGS.devices(); device++) {
            double[][] channels = new double[CHANNELS.size()][];
            for (int c = 0; c < channels.length; c++) {
                channels[c] = feature(twin.device(device), c);
                double[] x = channels[c];
                double lag1 = correlation(Arrays.copyOfRange(x, 1, x.length), Arrays.copyOfRange(x, 0, x.length - 1));
                assertThat(lag1).as("device %d ch%d lag-1 autocorrelation", device, c + 1).isGreaterThan(0.8);
            }
            // Second differences remove the slow waveform and leave mostly noise; the shared
            // component makes them correlated across channels.
            double sum = 0;
            int pairs = 0;
            for (int a = 0; a < channels.length; a++) {
                for (int b = a + 1; b < channels.length; b++) {
                    sum += correlation(secondDifferences(channels[a]), secondDifferences(channels[b]));
                    pairs++;
                }
            }
            assertThat(sum / pairs).as("device %d mean noise correlation", device).isBetween(0.1, 0.7);
        }
    }

    @Test
    void contextualFaultsKeepTheMagnitudeButBreakThePhase() {
        int checked = 0;
        for (FaultEpisode episode : episodesOfType("contextual")) {
            for (String channel : episode.affectedSensors()) {
                int c = CHANNELS.indexOf(channel);
                double[] faulty = feature(fleet.plateau(episode), c);
                double[] normal = feature(plateauOfTwin(episode), c);
                assertThat(std(faulty) / std(normal)).as("%s %s std ratio", episode, channel).isBetween(0.7, 1.3);
                assertThat(correlation(faulty, normal)).as("%s %s correlation", episode, channel).isLessThan(0.0);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void collectiveFaultsShiftAllChannelsTogether() {
        int checked = 0;
        for (FaultEpisode episode : episodesOfType("collective")) {
            double firstDirection = 0;
            for (int c = 0; c < CHANNELS.size(); c++) {
                double channelStd = std(feature(twin.device(episode.deviceIndex()), c));
                double shift = mean(feature(fleet.plateau(episode), c)) - mean(feature(plateauOfTwin(episode), c));
                assertThat(Math.abs(shift) / channelStd).as("%s ch%d", episode, c + 1).isGreaterThanOrEqualTo(1.5);
                if (c == 0) {
                    firstDirection = Math.signum(shift);
                }
                assertThat(Math.signum(shift)).as("%s ch%d direction", episode, c + 1).isEqualTo(firstDirection);
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void varianceBurstsMultiplyTheNoise() {
        int checked = 0;
        for (FaultEpisode episode : episodesOfType("variance_burst")) {
            for (int c = 0; c < CHANNELS.size(); c++) {
                double faultyNoise = std(secondDifferences(feature(fleet.plateau(episode), c)));
                double normalNoise = std(secondDifferences(feature(plateauOfTwin(episode), c)));
                assertThat(faultyNoise / normalNoise).as("%s ch%d", episode, c + 1).isBetween(3.0, 7.0);
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void spikesAreLargeIsolatedAndOnlyOnTheirChannels() {
        int checked = 0;
        for (FaultEpisode episode : episodesOfType("spike")) {
            List<SimulatedEvent> device = fleet.device(episode.deviceIndex());
            assertThat(device.get(episode.startStep() - 1).label()).isZero();
            assertThat(device.get(episode.endStep()).label()).isZero();
            for (int step = episode.startStep(); step < episode.endStep(); step++) {
                for (String channel : episode.affectedSensors()) {
                    int c = CHANNELS.indexOf(channel);
                    double channelStd = std(feature(twin.device(episode.deviceIndex()), c));
                    double spike = device.get(step).value(c) - twin.device(episode.deviceIndex()).get(step).value(c);
                    if (!Double.isNaN(spike)) {
                        assertThat(Math.abs(spike) / channelStd).as("%s step %d %s", episode, step, channel).isGreaterThanOrEqualTo(5.0);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    private static List<FaultEpisode> episodesOfType(String type) {
        return fleet.fleet.faultPlan().stream().filter(e -> e.type().equals(type)).toList();
    }

    private static List<SimulatedEvent> plateauOfTwin(FaultEpisode episode) {
        return twin.steps(episode.deviceIndex(), s -> s >= episode.plateauStartStep() && s < episode.endStep());
    }

    private static double[] secondDifferences(double[] x) {
        double[] d = new double[x.length - 2];
        for (int i = 0; i < d.length; i++) {
            d[i] = x[i + 2] - 2 * x[i + 1] + x[i];
        }
        return d;
    }
}

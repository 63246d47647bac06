package io.fleetanomaly.simulator;

import static io.fleetanomaly.simulator.IndustrialDeviceModel.FLOW;
import static io.fleetanomaly.simulator.IndustrialDeviceModel.POWER;
import static io.fleetanomaly.simulator.IndustrialDeviceModel.PRESSURE;
import static io.fleetanomaly.simulator.IndustrialDeviceModel.TEMPERATURE;
import static io.fleetanomaly.simulator.IndustrialDeviceModel.VIBRATION;
import static io.fleetanomaly.simulator.SeriesStats.correlation;
import static io.fleetanomaly.simulator.SeriesStats.feature;
import static io.fleetanomaly.simulator.SeriesStats.mean;
import static io.fleetanomaly.simulator.SeriesStats.std;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IndustrialBehaviourTest {
    private static final SimulatorSettings SETTINGS = SimulatorSettings.defaults();
    private static SimulatedFleetData fleet;
    private static SimulatedFleetData twin;

    @BeforeAll
    static void simulate() {
        fleet = new SimulatedFleetData(SETTINGS);
        twin = new SimulatedFleetData(SETTINGS.toBuilder().normalOnly(true).build());
    }

    @Test
    void normalReadingsSitAroundTheFleetOperatingPoint() {
        double[] nominal = {75.0, 2.5, 1.2, 150.0, 45.0};
        double[] tolerance = {3.0, 0.2, 0.2, 8.0, 3.0};
        for (int device = 0; device < SETTINGS.devices(); device++) {
            List<SimulatedEvent> normal = fleet.normalEvents(device);
            for (int i = 0; i < nominal.length; i++) {
                assertThat(mean(feature(normal, i))).isCloseTo(nominal[i], offset(tolerance[i]));
            }
        }
    }

    @Test
    void normalReadingsAreCorrelatedThroughTheLoad() {
        for (int device = 0; device < SETTINGS.devices(); device++) {
            List<SimulatedEvent> normal = fleet.normalEvents(device);
            double[] temperature = feature(normal, TEMPERATURE);
            double[] pressure = feature(normal, PRESSURE);
            double[] flow = feature(normal, FLOW);
            double[] power = feature(normal, POWER);
            assertThat(correlation(temperature, power)).as("device %d corr(temperature, power)", device).isGreaterThan(0.5);
            assertThat(correlation(pressure, flow)).as("device %d corr(pressure, flow)", device).isGreaterThan(0.8);
            assertThat(correlation(flow, power)).as("device %d corr(flow, power)", device).isGreaterThan(0.8);
            assertThat(correlation(feature(normal, VIBRATION), temperature))
                    .as("device %d corr(vibration, temperature)", device)
                    .isBetween(-0.1, 0.6);
        }
    }

    @Test
    void normalReadingsAreAutocorrelatedLikeProcessData() {
        for (int device = 0; device < SETTINGS.devices(); device++) {
            List<SimulatedEvent> events = twin.device(device);
            for (int sensor : new int[] {TEMPERATURE, FLOW, POWER}) {
                double[] x = feature(events, sensor);
                double lag1 = correlation(Arrays.copyOfRange(x, 1, x.length), Arrays.copyOfRange(x, 0, x.length - 1));
                assertThat(lag1).as("device %d sensor %d", device, sensor).isGreaterThan(0.6);
            }
        }
    }

    @Test
    void eachFaultMovesItsSensorsByAtLeastFourNormalStandardDeviations() {
        Map<String, Map<Integer, Double>> designedDirection = Map.of(
                "overheating", Map.of(TEMPERATURE, +1.0, POWER, +1.0),
                "pressure_surge", Map.of(PRESSURE, +1.0, FLOW, -1.0),
                "excessive_vibration", Map.of(VIBRATION, +1.0),
                "flow_blockage", Map.of(FLOW, -1.0, PRESSURE, +1.0));
        int checked = 0;
        for (FaultEpisode episode : fleet.fleet.faultPlan()) {
            Map<Integer, Double> directions = designedDirection.get(episode.type());
            if (directions == null) {
                continue;
            }
            List<SimulatedEvent> normal = fleet.normalEvents(episode.deviceIndex());
            List<SimulatedEvent> plateau = fleet.plateau(episode);
            for (Map.Entry<Integer, Double> sensor : directions.entrySet()) {
                double[] normalValues = feature(normal, sensor.getKey());
                double shift = (mean(feature(plateau, sensor.getKey())) - mean(normalValues)) / std(normalValues);
                assertThat(shift * sensor.getValue()).as("%s sensor %d", episode, sensor.getKey()).isGreaterThanOrEqualTo(4.0);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(4 * 2 * 2);
    }

    @Test
    void excessiveVibrationIsAlsoNoisier() {
        int checked = 0;
        for (FaultEpisode episode : episodesOfType("excessive_vibration")) {
            double normalStd = std(feature(fleet.normalEvents(episode.deviceIndex()), VIBRATION));
            double plateauStd = std(feature(fleet.plateau(episode), VIBRATION));
            assertThat(plateauStd / normalStd).as("%s", episode).isGreaterThanOrEqualTo(2.0);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void powerAnomalyIsErraticPowerNotAShift() {
        int checked = 0;
        for (FaultEpisode episode : episodesOfType("power_anomaly")) {
            double[] normal = feature(fleet.normalEvents(episode.deviceIndex()), POWER);
            double[] plateau = feature(fleet.plateau(episode), POWER);
            assertThat(std(plateau) / std(normal)).as("%s", episode).isGreaterThanOrEqualTo(4.0);
            assertThat(Arrays.stream(plateau).filter(v -> !Double.isNaN(v)).map(v -> Math.abs(v - mean(normal))).max().orElseThrow())
                    .as("%s largest excursion", episode)
                    .isGreaterThan(8 * std(normal));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void faultsStartSubtleAndDevelopOverTheRamp() {
        Map<String, Integer> mainSensor = Map.of(
                "overheating", TEMPERATURE, "pressure_surge", PRESSURE, "flow_blockage", FLOW, "excessive_vibration", VIBRATION);
        int checked = 0;
        for (FaultEpisode episode : fleet.fleet.faultPlan()) {
            Integer sensor = mainSensor.get(episode.type());
            if (sensor == null) {
                continue;
            }
            double normalStd = std(feature(fleet.normalEvents(episode.deviceIndex()), sensor));
            double[] deviation = deviationFromTwin(episode, sensor);
            int ramp = episode.rampSteps();
            double firstStep = Math.abs(deviation[0]);
            double rampFirstHalf = Math.abs(mean(Arrays.copyOfRange(deviation, 0, ramp / 2)));
            double rampSecondHalf = Math.abs(mean(Arrays.copyOfRange(deviation, ramp / 2, ramp)));
            double plateau = Math.abs(mean(Arrays.copyOfRange(deviation, ramp, deviation.length)));
            if (!Double.isNaN(firstStep)) {
                assertThat(firstStep).as("%s first step", episode).isLessThan(normalStd);
            }
            assertThat(rampFirstHalf).as("%s ramp", episode).isLessThan(rampSecondHalf);
            assertThat(rampSecondHalf).as("%s ramp", episode).isLessThan(plateau);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    @Test
    void driftIsSlowAndBounded() {
        SimulatedFleetData noDrift = new SimulatedFleetData(SETTINGS.toBuilder().normalOnly(true).driftEnabled(false).build());
        for (int device = 0; device < SETTINGS.devices(); device += 7) {
            for (int sensor = 0; sensor < 5; sensor++) {
                double noiseSigma = IndustrialDeviceModel.NOISE_SIGMA[sensor];
                double[] drift = new double[SETTINGS.eventsPerDevice()];
                for (int step = 0; step < drift.length; step++) {
                    drift[step] = twin.device(device).get(step).value(sensor) - noDrift.device(device).get(step).value(sensor);
                }
                double largest = Arrays.stream(drift).filter(v -> !Double.isNaN(v)).map(Math::abs).max().orElseThrow();
                assertThat(largest).isLessThanOrEqualTo(0.4 * noiseSigma + 1e-9).isGreaterThan(0.05 * noiseSigma);
                for (int step = 100; step < drift.length; step++) {
                    if (!Double.isNaN(drift[step]) && !Double.isNaN(drift[step - 100])) {
                        assertThat(Math.abs(drift[step] - drift[step - 100])).isLessThanOrEqualTo(0.5 * noiseSigma);
                    }
                }
            }
        }
    }

    @Test
    void noiseScaleWidensTheNormalSpread() {
        SimulatedFleetData noisy = new SimulatedFleetData(SETTINGS.toBuilder().normalOnly(true).noiseScale(3.0).devices(5).build());
        for (int device = 0; device < 5; device++) {
            double usual = std(feature(twin.device(device), VIBRATION));
            assertThat(std(feature(noisy.device(device), VIBRATION))).isGreaterThan(2 * usual);
        }
    }

    private static List<FaultEpisode> episodesOfType(String type) {
        return fleet.fleet.faultPlan().stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Faulty minus fault-free reading over the episode: the two share all normal noise. */
    private static double[] deviationFromTwin(FaultEpisode episode, int sensor) {
        double[] deviation = new double[episode.length()];
        for (int i = 0; i < deviation.length; i++) {
            int step = episode.startStep() + i;
            deviation[i] = fleet.device(episode.deviceIndex()).get(step).value(sensor)
                    - twin.device(episode.deviceIndex()).get(step).value(sensor);
        }
        return deviation;
    }
}

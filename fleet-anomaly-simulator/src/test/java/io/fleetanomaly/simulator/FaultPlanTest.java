package io.fleetanomaly.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FaultPlanTest {

    private static SimulatorSettings defaults(SimulatorProfile profile) {
        return SimulatorSettings.builder().profile(profile).build();
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 2026})
    void industrialEpisodesRespectWarmUpLengthsRampsAndGaps(long seed) {
        SimulatorSettings settings = defaults(SimulatorProfile.INDUSTRIAL).toBuilder().seed(seed).build();
        List<FaultEpisode> plan = new FleetSimulator(settings).faultPlan();
        assertPlanShape(settings, plan);
        for (FaultEpisode episode : plan) {
            assertThat(episode.length()).as("%s", episode).isBetween(60, 150);
            assertThat(episode.rampSteps()).as("%s", episode).isBetween(20, 60).isLessThanOrEqualTo(episode.length() / 2);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 2026})
    void telemetryEpisodesHaveTheirTypesLengths(long seed) {
        SimulatorSettings settings = defaults(SimulatorProfile.TELEMETRY).toBuilder().seed(seed).build();
        List<FaultEpisode> plan = new FleetSimulator(settings).faultPlan();
        assertPlanShape(settings, plan);
        List<String> channels = SimulatorProfile.TELEMETRY.featureNames();
        for (FaultEpisode episode : plan) {
            switch (episode.type()) {
                case "spike" -> {
                    assertThat(episode.length()).isBetween(1, 3);
                    assertThat(episode.rampSteps()).isEqualTo(1);
                    assertThat(episode.affectedSensors()).hasSizeBetween(1, 2);
                }
                case "contextual" -> {
                    assertThat(episode.length()).isBetween(30, 80);
                    assertThat(episode.affectedSensors()).hasSizeBetween(1, 2);
                }
                case "collective" -> {
                    assertThat(episode.length()).isBetween(40, 100);
                    assertThat(episode.affectedSensors()).isEqualTo(channels);
                }
                case "variance_burst" -> assertThat(episode.length()).isBetween(30, 80);
                default -> throw new AssertionError("unexpected type " + episode.type());
            }
            assertThat(channels).containsAll(episode.affectedSensors());
        }
    }

    private static void assertPlanShape(SimulatorSettings settings, List<FaultEpisode> plan) {
        Map<Integer, List<FaultEpisode>> byDevice =
                plan.stream().collect(Collectors.groupingBy(FaultEpisode::deviceIndex));
        assertThat(byDevice).hasSize((int) Math.round(settings.faultyDeviceFraction() * settings.devices()));
        for (List<FaultEpisode> episodes : byDevice.values()) {
            assertThat(episodes).hasSizeBetween(1, 2);
            for (int i = 0; i < episodes.size(); i++) {
                FaultEpisode episode = episodes.get(i);
                assertThat(episode.deviceId()).isEqualTo(settings.profile().deviceId(episode.deviceIndex()));
                assertThat(settings.profile().anomalyTypes()).contains(episode.type());
                assertThat(episode.startStep()).isGreaterThanOrEqualTo(settings.faultFreeWarmupEvents());
                assertThat(episode.endStep()).isLessThanOrEqualTo(settings.eventsPerDevice() - 1);
                if (i > 0) {
                    assertThat(episode.startStep() - episodes.get(i - 1).endStep())
                            .isGreaterThanOrEqualTo(FaultPlanner.MIN_GAP_STEPS);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimulatorProfile.class)
    void everyTypeOccursAtLeastTwiceInTheDefaultFleet(SimulatorProfile profile) {
        for (long seed : new long[] {42, 1, 2, 3, 2026}) {
            List<FaultEpisode> plan =
                    new FleetSimulator(defaults(profile).toBuilder().seed(seed).build()).faultPlan();
            Map<String, Long> counts =
                    plan.stream().collect(Collectors.groupingBy(FaultEpisode::type, Collectors.counting()));
            assertThat(counts.keySet()).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(profile.anomalyTypes());
            assertThat(counts.values()).as("seed %d: %s", seed, counts).allMatch(count -> count >= 2);
        }
    }

    @ParameterizedTest
    @EnumSource(SimulatorProfile.class)
    void labelsAreExactlyTheFaultPlan(SimulatorProfile profile) {
        SimulatedFleetData data = new SimulatedFleetData(defaults(profile));
        int labeled = 0;
        for (int device = 0; device < data.fleet.devices(); device++) {
            List<FaultEpisode> episodes = data.fleet.faultPlan(device);
            List<SimulatedEvent> events = data.device(device);
            for (int step = 0; step < events.size(); step++) {
                int s = step;
                FaultEpisode active = episodes.stream().filter(e -> e.contains(s)).findFirst().orElse(null);
                SimulatedEvent event = events.get(step);
                if (active == null) {
                    assertThat(event.label()).isZero();
                    assertThat(event.anomalyType()).isNull();
                } else {
                    assertThat(event.label()).isEqualTo(1);
                    assertThat(event.anomalyType()).isEqualTo(active.type());
                    labeled++;
                }
            }
        }
        assertThat(labeled).isEqualTo(data.fleet.faultPlan().stream().mapToInt(FaultEpisode::length).sum());
        assertThat(labeled).isPositive();
    }

    @ParameterizedTest
    @EnumSource(SimulatorProfile.class)
    void faultsChangeOnlyTheirStepsAndTheirSensors(SimulatorProfile profile) {
        SimulatedFleetData faulty = new SimulatedFleetData(defaults(profile));
        SimulatedFleetData twin = new SimulatedFleetData(defaults(profile).toBuilder().normalOnly(true).build());
        List<String> features = profile.featureNames();
        Map<String, FaultEpisode> episodeAt = faulty.fleet.faultPlan().stream()
                .flatMap(e -> IntStream.range(e.startStep(), e.endStep())
                        .mapToObj(step -> Map.entry(e.deviceIndex() + "/" + step, e)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<FaultEpisode, Integer> plateauStepsChanged = new HashMap<>();
        for (int device = 0; device < faulty.fleet.devices(); device++) {
            for (int step = 0; step < faulty.fleet.settings().eventsPerDevice(); step++) {
                SimulatedEvent event = faulty.device(device).get(step);
                SimulatedEvent normal = twin.device(device).get(step);
                FaultEpisode episode = episodeAt.get(device + "/" + step);
                if (episode == null) {
                    assertThat(event).isEqualTo(normal);
                    continue;
                }
                boolean changed = false;
                for (int i = 0; i < features.size(); i++) {
                    boolean equal = Double.compare(event.value(i), normal.value(i)) == 0;
                    if (!episode.affectedSensors().contains(features.get(i))) {
                        assertThat(equal).as("%s step %d %s", episode, step, features.get(i)).isTrue();
                    } else if (!equal) {
                        changed = true;
                    }
                }
                if (changed && step >= episode.plateauStartStep()) {
                    plateauStepsChanged.merge(episode, 1, Integer::sum);
                }
            }
        }
        // At full magnitude nearly every reading differs; rounding to the sensor's resolution or a
        // missing reading can hide a few. A dropped peak spans a day and changes only its peak hours.
        for (FaultEpisode episode : faulty.fleet.faultPlan()) {
            int plateauSteps = episode.endStep() - episode.plateauStartStep();
            double share = episode.type().equals(AnomalyTypes.DROPPED_PEAK) ? 0.3 : 0.9;
            assertThat(plateauStepsChanged.getOrDefault(episode, 0))
                    .as("%s", episode)
                    .isGreaterThanOrEqualTo((int) Math.floor(share * plateauSteps));
        }
    }

    @ParameterizedTest
    @EnumSource(SimulatorProfile.class)
    void normalOnlyFleetsHaveNoAnomalies(SimulatorProfile profile) {
        SimulatorSettings settings = defaults(profile).toBuilder().normalOnly(true).build();
        FleetSimulator fleet = new FleetSimulator(settings);
        assertThat(fleet.faultPlan()).isEmpty();
        for (long index = 0; index < fleet.totalEvents(); index++) {
            SimulatedEvent event = fleet.eventAt(index);
            assertThat(event.label()).isZero();
            assertThat(event.anomalyType()).isNull();
        }
    }

    @Test
    void faultyDeviceFractionChoosesHowManyDevicesFail() {
        Function<Double, Long> faultyDevices = fraction -> new FleetSimulator(
                        SimulatorSettings.builder().faultyDeviceFraction(fraction).build())
                .faultPlan().stream().map(FaultEpisode::deviceIndex).distinct().count();
        assertThat(faultyDevices.apply(0.0)).isZero();
        assertThat(faultyDevices.apply(0.1)).isEqualTo(5);
        assertThat(faultyDevices.apply(1.0)).isEqualTo(50);
    }

    @Test
    void devicesTooShortForAnEpisodeStayNormal() {
        SimulatorSettings settings = SimulatorSettings.builder().eventsPerDevice(200).build();
        assertThat(new FleetSimulator(settings).faultPlan()).isEmpty();
    }

    @Test
    void theRampDevelopsFromSubtleToFull() {
        FaultEpisode episode = new FaultEpisode(0, "pump-0001", "overheating", 200, 300, 40, List.of("temperature_c"));
        assertThat(episode.magnitudeAt(200)).isEqualTo(1.0 / 40);
        assertThat(episode.magnitudeAt(219)).isEqualTo(0.5);
        assertThat(episode.plateauStartStep()).isEqualTo(239);
        assertThat(episode.magnitudeAt(239)).isEqualTo(1.0);
        assertThat(episode.magnitudeAt(299)).isEqualTo(1.0);
    }
}

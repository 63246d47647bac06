package io.fleetanomaly.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides up front, from the seed alone, which devices fail, when and how. A share of the devices
 * gets one or two episodes; episodes start at or after the fault-free warm-up, end before the
 * device's last step and are at least {@link #MIN_GAP_STEPS} apart. Types are dealt from a shuffled
 * cycle of the profile's types, so with enough episodes every type occurs about equally often.
 */
final class FaultPlanner {
    /** Normal steps between two episodes of one device, so an alert can resolve in between. */
    static final int MIN_GAP_STEPS = 60;

    private FaultPlanner() {}

    /** Episodes sorted by device, then by start step. */
    static List<FaultEpisode> plan(SimulatorSettings settings) {
        if (settings.normalOnly()) {
            return List.of();
        }
        SplittableRandom random = RandomStreams.stream(settings.seed(), RandomStreams.FLEET, RandomStreams.FAULT_PLAN);
        SimulatorProfile profile = settings.profile();
        int[] faultyDevices = chooseFaultyDevices(settings, random);
        List<String> typeCycle = shuffled(profile.anomalyTypes(), random);

        int firstStep = settings.faultFreeWarmupEvents();
        // Episodes must end before the last step: they fit in [firstStep, eventsPerDevice - 1).
        int available = settings.eventsPerDevice() - 1 - firstStep;
        int typesDealt = 0;
        List<FaultEpisode> plan = new ArrayList<>();
        for (int device : faultyDevices) {
            int wanted = 1 + random.nextInt(2);
            List<EpisodeShape> shapes = new ArrayList<>();
            int required = 0;
            while (shapes.size() < wanted) {
                String type = typeCycle.get(typesDealt % typeCycle.size());
                EpisodeShape shape = drawShape(type, settings, device, random);
                int requiredWithShape = required + (shapes.isEmpty() ? 0 : MIN_GAP_STEPS) + shape.length();
                if (requiredWithShape > available) {
                    break;
                }
                shapes.add(shape);
                required = requiredWithShape;
                typesDealt++;
            }
            plan.addAll(place(settings, device, shapes, firstStep, available - required, random));
        }
        return List.copyOf(plan);
    }

    /** Spreads the unused steps randomly before, between and after the episodes. */
    private static List<FaultEpisode> place(
            SimulatorSettings settings,
            int device,
            List<EpisodeShape> shapes,
            int firstStep,
            int slack,
            SplittableRandom random) {
        int[] cuts = new int[shapes.size()];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = random.nextInt(slack + 1);
        }
        Arrays.sort(cuts);
        List<FaultEpisode> episodes = new ArrayList<>();
        int consumed = 0;
        for (int i = 0; i < shapes.size(); i++) {
            EpisodeShape shape = shapes.get(i);
            int start = firstStep + cuts[i] + consumed;
            episodes.add(new FaultEpisode(
                    device,
                    settings.profile().deviceId(device),
                    shape.type(),
                    start,
                    start + shape.length(),
                    shape.rampSteps(),
                    shape.affectedSensors()));
            consumed += shape.length() + MIN_GAP_STEPS;
        }
        return episodes;
    }

    private static EpisodeShape drawShape(String type, SimulatorSettings settings, int device, SplittableRandom random) {
        List<String> features = settings.profile().featureNames();
        switch (type) {
            case AnomalyTypes.OVERHEATING:
                return industrial(type, random, "temperature_c", "power_kw");
            case AnomalyTypes.PRESSURE_SURGE:
                return industrial(type, random, "pressure_bar", "flow_l_min");
            case AnomalyTypes.EXCESSIVE_VIBRATION:
                return industrial(type, random, "vibration_mm_s");
            case AnomalyTypes.FLOW_BLOCKAGE:
                return industrial(type, random, "flow_l_min", "pressure_bar");
            case AnomalyTypes.POWER_ANOMALY:
                return industrial(type, random, "power_kw");
            case AnomalyTypes.SPIKE:
                if (settings.profile() == SimulatorProfile.SERVICE) {
                    return new EpisodeShape(type, between(2, 4, random), 1, oneReportedMetric(settings, device, random));
                }
                return new EpisodeShape(type, 1 + random.nextInt(3), 1, someChannels(features, random));
            case AnomalyTypes.CONTEXTUAL:
                // At least 30 steps at full phase shift: half a period or more of the channel's fast cycle.
                return new EpisodeShape(type, between(40, 80, random), between(5, 10, random), someChannels(features, random));
            case AnomalyTypes.COLLECTIVE:
                return new EpisodeShape(type, between(40, 100, random), between(5, 15, random), features);
            case AnomalyTypes.VARIANCE_BURST:
                return new EpisodeShape(type, between(30, 80, random), between(5, 12, random), features);
            case AnomalyTypes.LEVEL_SHIFT:
                return new EpisodeShape(type, between(36, 144, random), between(1, 3, random), oneReportedMetric(settings, device, random));
            case AnomalyTypes.VARIANCE_CHANGE:
                return new EpisodeShape(type, between(36, 144, random), between(1, 6, random), oneReportedMetric(settings, device, random));
            case AnomalyTypes.DROPPED_PEAK:
                // one whole day: it holds exactly one daily peak, the one that does not come
                int day = (int) Math.round((double) ServiceDeviceModel.DAY_MS / settings.intervalMs());
                return new EpisodeShape(type, Math.max(1, day), 1, ServiceDeviceModel.reportedMetrics(settings, device));
            case AnomalyTypes.STEP:
                return new EpisodeShape(type, between(200, 800, random), between(1, 5, random),
                        ProcessDeviceModel.variablesDrivenBy(random.nextInt(ProcessDeviceModel.STATES)));
            case AnomalyTypes.RANDOM_VARIATION:
                return new EpisodeShape(type, between(200, 800, random), between(1, 20, random),
                        ProcessDeviceModel.variablesDrivenBy(random.nextInt(ProcessDeviceModel.STATES)));
            case AnomalyTypes.DRIFT: {
                int length = between(200, 800, random);
                return new EpisodeShape(type, length, length, someVariables(features, 1 + random.nextInt(3), random));
            }
            case AnomalyTypes.STUCK_SENSOR:
                return new EpisodeShape(type, between(200, 800, random), 1, someVariables(features, 1, random));
            default:
                throw new IllegalStateException("no episode shape for anomaly type " + type);
        }
    }

    /** A service fault on one of the metrics the device sends (spikes: 2–4 samples, never one alone). */
    private static List<String> oneReportedMetric(SimulatorSettings settings, int device, SplittableRandom random) {
        List<String> reported = ServiceDeviceModel.reportedMetrics(settings, device);
        return List.of(reported.get(random.nextInt(reported.size())));
    }

    /** {@code count} distinct variables, in feature order. */
    private static List<String> someVariables(List<String> features, int count, SplittableRandom random) {
        List<String> chosen = shuffled(features, random).subList(0, count);
        return features.stream().filter(chosen::contains).toList();
    }

    /** Industrial faults develop slowly: 60–150 steps, of which the first 20–60 (at most half) ramp up. */
    private static EpisodeShape industrial(String type, SplittableRandom random, String... sensors) {
        int length = between(60, 150, random);
        int ramp = between(20, Math.min(60, length / 2), random);
        return new EpisodeShape(type, length, ramp, List.of(sensors));
    }

    /** One or two distinct channels, in feature order. */
    private static List<String> someChannels(List<String> features, SplittableRandom random) {
        int first = random.nextInt(features.size());
        if (random.nextBoolean()) {
            return List.of(features.get(first));
        }
        int second = (first + 1 + random.nextInt(features.size() - 1)) % features.size();
        return List.of(features.get(Math.min(first, second)), features.get(Math.max(first, second)));
    }

    private static int[] chooseFaultyDevices(SimulatorSettings settings, SplittableRandom random) {
        int count = (int) Math.round(settings.faultyDeviceFraction() * settings.devices());
        int[] devices = new int[settings.devices()];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = i;
        }
        shuffle(devices, random);
        int[] chosen = Arrays.copyOf(devices, count);
        Arrays.sort(chosen);
        return chosen;
    }

    private static List<String> shuffled(List<String> items, SplittableRandom random) {
        List<String> copy = new ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            copy.set(j, copy.set(i, copy.get(j)));
        }
        return copy;
    }

    private static void shuffle(int[] array, SplittableRandom random) {
        for (int i = array.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = array[i];
            array[i] = array[j];
            array[j] = swap;
        }
    }

    /** Uniform integer in [from, to]. */
    private static int between(int from, int to, SplittableRandom random) {
        return from + random.nextInt(to - from + 1);
    }

    private record EpisodeShape(String type, int length, int rampSteps, List<String> affectedSensors) {}
}

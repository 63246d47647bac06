package io.fleetanomaly.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated device, deterministic from the settings (seed) and its index: two simulators built
 * alike produce the same events. Not thread-safe.
 */
public final class DeviceSimulator {
    private final SimulatorSettings settings;
    private final String deviceId;
    private final long timeOffsetMs;
    private final List<FaultEpisode> episodes;
    private final DeviceModel model;
    /** 10^decimals per sensor, to round readings to the sensor's resolution. */
    private final double[] resolutionScale;
    private final SplittableRandom missing;

    private int step;
    /** Index of the first episode that has not ended before {@link #step}. */
    private int upcomingEpisode;

    /** A device of the fleet the settings describe, with its share of the fleet's fault plan. */
    public DeviceSimulator(SimulatorSettings settings, int deviceIndex) {
        this(settings, deviceIndex, episodesOf(FaultPlanner.plan(settings), deviceIndex));
    }

    DeviceSimulator(SimulatorSettings settings, int deviceIndex, List<FaultEpisode> episodes) {
        if (deviceIndex < 0 || deviceIndex >= settings.devices()) {
            throw new IllegalArgumentException(
                    "deviceIndex must be in [0, " + settings.devices() + "), got " + deviceIndex);
        }
        this.settings = settings;
        this.deviceId = settings.profile().deviceId(deviceIndex);
        this.timeOffsetMs = timeOffsetMs(settings, deviceIndex);
        this.episodes = List.copyOf(episodes);
        this.model = switch (settings.profile()) {
            case INDUSTRIAL -> new IndustrialDeviceModel(settings, deviceIndex);
            case TELEMETRY -> new TelemetryDeviceModel(settings, deviceIndex);
            case SERVICE -> new ServiceDeviceModel(settings, deviceIndex);
            case PROCESS -> new ProcessDeviceModel(settings, deviceIndex);
        };
        this.resolutionScale = Arrays.stream(model.readingDecimals()).mapToDouble(d -> Math.pow(10, d)).toArray();
        this.missing = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_MISSING);
    }

    /**
     * The event at {@link #step()}, then advances. A device keeps producing normal events past
     * {@code eventsPerDevice}; the fleet stops there.
     */
    public SimulatedEvent next() {
        FaultEpisode fault = activeEpisode();
        double[] values = model.readings(step, fault);
        for (int i = 0; i < values.length; i++) {
            boolean isMissing = missing.nextDouble() < settings.missingRate() || Double.isNaN(values[i]);
            values[i] = isMissing ? Double.NaN : Math.round(values[i] * resolutionScale[i]) / resolutionScale[i];
        }
        long ts = settings.startTs() + step * settings.intervalMs() + timeOffsetMs;
        step++;
        return fault == null
                ? new SimulatedEvent(deviceId, ts, values, 0, null)
                : new SimulatedEvent(deviceId, ts, values, 1, fault.type());
    }

    /** The step of the event {@link #next()} returns next: the number of events produced so far. */
    public int step() {
        return step;
    }

    public String deviceId() {
        return deviceId;
    }

    /** This device's fault episodes, by start step. */
    public List<FaultEpisode> faultEpisodes() {
        return episodes;
    }

    /**
     * Offset of this device's event times within each interval: devices spread evenly and in index
     * order, so the fleet's step-major stream never goes back in event time.
     */
    static long timeOffsetMs(SimulatorSettings settings, int deviceIndex) {
        return deviceIndex * settings.intervalMs() / settings.devices();
    }

    static List<FaultEpisode> episodesOf(List<FaultEpisode> plan, int deviceIndex) {
        return plan.stream().filter(episode -> episode.deviceIndex() == deviceIndex).toList();
    }

    private FaultEpisode activeEpisode() {
        while (upcomingEpisode < episodes.size() && episodes.get(upcomingEpisode).endStep() <= step) {
            upcomingEpisode++;
        }
        if (upcomingEpisode < episodes.size() && episodes.get(upcomingEpisode).contains(step)) {
            return episodes.get(upcomingEpisode);
        }
        return null;
    }
}

package io.fleetanomaly.benchmark;

import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.EventJsonWriter;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatedEvent;
import io.fleetanomaly.simulator.SimulatorSettings;
import java.util.List;

/**
 * A simulated fleet's events, generated once before any measurement: as the JSON bytes a Kafka
 * value carries (what the job's source hands to its parser) and as events (what the stage loops
 * score), both in the simulator's step-major order (index = step * devices + device).
 *
 * <p>{@link #jsonFor(int)} lays the JSON out partition-major for a number of source readers:
 * partition p holds the devices with {@code device % partitions == p}, each partition step-major. A
 * source reading one contiguous range per partition therefore emits every device's events in order
 * from one reader, as a Kafka topic keyed by device id does.
 */
public final class BenchmarkEvents {
    private final SimulatorSettings settings;
    private final byte[][] json;
    private final SensorEvent[] events;
    private final List<String> featureNames;

    private BenchmarkEvents(SimulatorSettings settings, byte[][] json, SensorEvent[] events) {
        this.settings = settings;
        this.json = json;
        this.events = events;
        this.featureNames = settings.profile().featureNames();
    }

    public static BenchmarkEvents generate(SimulatorSettings settings) {
        FleetSimulator fleet = new FleetSimulator(settings);
        EventJsonWriter writer = new EventJsonWriter(fleet.featureNames());
        int total = Math.toIntExact(fleet.totalEvents());
        byte[][] json = new byte[total][];
        SensorEvent[] events = new SensorEvent[total];
        for (int index = 0; index < total; index++) {
            SimulatedEvent event = fleet.eventAt(index);
            events[index] = event.toSensorEvent();
            json[index] = writer.write(events[index]);
        }
        return new BenchmarkEvents(settings, json, events);
    }

    /**
     * The JSON, partition-major for {@code partitions} readers (the same byte arrays, reordered);
     * {@code devices} must be a multiple of {@code partitions}.
     */
    public byte[][] jsonFor(int partitions) {
        int devices = settings.devices();
        if (devices % partitions != 0) {
            throw new IllegalArgumentException("devices (" + devices + ") must be a multiple of "
                    + partitions + " so every source reader gets as many devices");
        }
        int perPartition = devices / partitions;
        int perPartitionEvents = json.length / partitions;
        byte[][] laidOut = new byte[json.length][];
        for (int index = 0; index < json.length; index++) {
            int device = index % devices;
            int step = index / devices;
            laidOut[(device % partitions) * perPartitionEvents + step * perPartition + device / partitions] = json[index];
        }
        return laidOut;
    }

    /** Position in {@link #jsonFor(int)} of a partition's first event at a step. */
    public int positionOf(int partitions, int partition, int step) {
        int perPartition = settings.devices() / partitions;
        return partition * (json.length / partitions) + step * perPartition;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public int devices() {
        return settings.devices();
    }

    public int eventsPerDevice() {
        return settings.eventsPerDevice();
    }

    public int size() {
        return events.length;
    }

    /** The JSON in step-major order. */
    public byte[][] json() {
        return json;
    }

    /** Events in the simulator's step-major order (step * devices + device). */
    public SensorEvent[] events() {
        return events;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public long totalJsonBytes() {
        long bytes = 0;
        for (byte[] value : json) {
            bytes += value.length;
        }
        return bytes;
    }
}

package io.fleetanomaly.simulator;

import io.fleetanomaly.events.RawRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The simulated fleet as a bounded FLIP-27 source of sensor-event JSON, and as a CSV export. */
public final class SimulatorSource {
    /** {@link RawRecord#sourceTopic} of simulated records. */
    public static final String SOURCE_NAME = "simulator";

    private SimulatorSource() {}

    /**
     * A source of {@code devices × eventsPerDevice} records, the fleet's events in stream order.
     * Checkpointed by the generator's index ranges; after a restore the fleet replays the devices
     * from step 0 to the restored position, so the output is the same as without a failure.
     *
     * @param eventsPerSecond overall emission rate; 0 for as fast as possible
     */
    public static DataGeneratorSource<RawRecord> create(SimulatorSettings settings, double eventsPerSecond) {
        if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("eventsPerSecond must be finite and >= 0, got " + eventsPerSecond);
        }
        RateLimiterStrategy<?> rateLimit =
                eventsPerSecond == 0 ? RateLimiterStrategy.noOp() : RateLimiterStrategy.perSecond(eventsPerSecond);
        return new DataGeneratorSource<>(
                new SimulatedEventJsonFunction(new FleetSimulator(settings)),
                settings.totalEvents(),
                rateLimit,
                TypeInformation.of(RawRecord.class));
    }

    /**
     * Adds the source without watermarks (the job assigns event-time watermarks after parsing) and
     * at parallelism 1: DataGeneratorSource splits its index range into contiguous blocks, one per
     * reader, and the readers run independently, so with more than one reader a device's later
     * steps could be emitted before its earlier ones and event time would jump back and forth.
     */
    public static DataStreamSource<RawRecord> addTo(
            StreamExecutionEnvironment env, SimulatorSettings settings, double eventsPerSecond) {
        return env.fromSource(create(settings, eventsPerSecond), WatermarkStrategy.noWatermarks(), "fleet-simulator")
                .setParallelism(1);
    }

    /**
     * Writes the fleet's events in stream order as CSV with the header
     * {@code device_id,ts,<features...>,label,anomaly_type}; a missing reading and the anomaly type
     * of a normal event are empty cells.
     */
    public static void writeCsv(SimulatorSettings settings, Path file) throws IOException {
        FleetSimulator fleet = new FleetSimulator(settings);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("device_id,ts," + String.join(",", fleet.featureNames()) + ",label,anomaly_type\n");
            StringBuilder line = new StringBuilder(128);
            for (long index = 0; index < fleet.totalEvents(); index++) {
                SimulatedEvent event = fleet.eventAt(index);
                line.setLength(0);
                line.append(event.deviceId()).append(',').append(event.ts());
                for (int i = 0; i < event.featureCount(); i++) {
                    line.append(',');
                    if (!Double.isNaN(event.value(i))) {
                        line.append(event.value(i));
                    }
                }
                line.append(',').append(event.label()).append(',');
                if (event.anomalyType() != null) {
                    line.append(event.anomalyType());
                }
                line.append('\n');
                out.write(line.toString());
            }
        }
    }
}

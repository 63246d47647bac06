package io.fleetanomaly.benchmark;

import io.fleetanomaly.events.RawRecord;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Pre-generated event JSON as a FLIP-27 source for a job on a MiniCluster in this JVM: the
 * generator hands out the bytes already in memory, so the source costs next to nothing.
 *
 * <p>The records are shared through a static registry rather than serialised into the job graph
 * (hundreds of megabytes), which only works for a local MiniCluster: the benchmark's case. The
 * source splits its index range into one contiguous block per reader ({@link DataGeneratorSource}
 * does), which matches {@link BenchmarkEvents}' partition-major layout when the parallelism divides
 * the partitions.
 */
final class InMemorySource {
    private static final Map<String, byte[][]> RECORDS = new ConcurrentHashMap<>();

    private InMemorySource() {}

    /** Registers the records for the jobs built until {@link Registration#close()}. */
    static Registration register(byte[][] records) {
        String id = UUID.randomUUID().toString();
        RECORDS.put(id, records);
        return new Registration(id, records.length);
    }

    record Registration(String id, int size) implements AutoCloseable {
        /** The records in order, each reader its contiguous share, with a probe told of every index handed out. */
        DataStream<RawRecord> addTo(StreamExecutionEnvironment env, int parallelism, RunProbe.Handle probe) {
            DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(
                    new Lookup(id, probe), size, RateLimiterStrategy.noOp(), TypeInformation.of(RawRecord.class));
            return env.fromSource(source, WatermarkStrategy.noWatermarks(), "in-memory-events")
                    .setParallelism(parallelism);
        }

        @Override
        public void close() {
            RECORDS.remove(id);
        }
    }

    private static final class Lookup implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;
        private static final String SOURCE_NAME = "benchmark";

        private final String id;
        private final RunProbe.Handle probe;
        private transient byte[][] records;

        Lookup(String id, RunProbe.Handle probe) {
            this.id = id;
            this.probe = probe;
        }

        @Override
        public RawRecord map(Long index) {
            if (records == null) {
                records = RECORDS.get(id);
            }
            long i = index;
            probe.emitted(i);
            return RawRecord.of(records[(int) i], SOURCE_NAME);
        }
    }
}

package io.fleetanomaly.benchmark;

import io.fleetanomaly.alerting.CusumDetector;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.InMemoryDeviceState;
import io.fleetanomaly.state.CusumState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Bytes of keyed state per device, measured on the job's own state: devices are driven through the
 * job's scorer and CUSUM past their warm-up (readings drawn around the bundle's scaler), then
 * <ul>
 *   <li><b>serialized</b> bytes: each state value and its key written with the serializers Flink
 *       uses for them (POJO serializers, generic types off), plus the key-group prefix and
 *       namespace every entry carries, and the device's event-time timers. This is what a full
 *       checkpoint or savepoint holds per device, and what RocksDB stores per device before
 *       block compression (RocksDB adds its own index and per-entry overhead on disk, and keeps
 *       only its block cache and memtables in memory);
 *   <li><b>heap</b> bytes: JVM heap retained by the state objects and their keys for {@code devices}
 *       devices (used heap after a full GC, with and without them), i.e. what the HashMap state
 *       backend keeps per device beyond its state tables' entries (about 48 bytes per state, not
 *       counted here).
 * </ul>
 * Call {@link #measure(ModelBundle, MahalanobisMode, int)}; {@link Result#toString()} prints a line.
 */
public final class KeyedStateSize {
    /** Key-group prefix (2 bytes above 128 key groups) and VoidNamespace (1 byte) of every keyed entry. */
    static final int ENTRY_OVERHEAD_BYTES = 3;
    /** A timer as RocksDB and checkpoints write it: key-group prefix, timestamp, key, namespace. */
    static final int TIMER_FIXED_BYTES = 2 + 8 + 1;

    private KeyedStateSize() {}

    /** Per device: serialized bytes by state name (and "timers"), their sum, and heap bytes. */
    public record Result(int window, int features, MahalanobisMode mode, int devices,
            Map<String, Double> serializedBytesByState, double serializedBytesPerDevice, double heapBytesPerDevice) {

        /** Serialized bytes for a fleet of this many devices (checkpoint size; RocksDB data before compression). */
        public double serializedBytes(long fleet) {
            return serializedBytesPerDevice * fleet;
        }

        /** Heap for a fleet of this many devices with the HashMap state backend (objects only, see class comment). */
        public double heapBytes(long fleet) {
            return heapBytesPerDevice * fleet;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "keyed state W=%d F=%d %s mode: %.0f B/device serialized (%s), %.0f B/device on the heap (%,d devices)",
                    window, features, mode.name().toLowerCase(java.util.Locale.ROOT), serializedBytesPerDevice,
                    breakdown(), heapBytesPerDevice, devices);
        }

        private String breakdown() {
            StringBuilder b = new StringBuilder();
            serializedBytesByState.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                    .append(Math.round(v)));
            return b.toString();
        }
    }

    /**
     * @param bundle the bundle (its window W and feature count F decide most of the size)
     * @param mode Mahalanobis mode: device mode adds the fitted device models
     * @param devices devices to drive and hold for the heap measurement (10,000 gives stable figures)
     */
    public static Result measure(ModelBundle bundle, MahalanobisMode mode, int devices) {
        return measure(bundle, mode, 0, devices);
    }

    /**
     * @param deviceWarmupEvents the job's {@code device_warmup_events} (0: the bundle's); in device
     *     mode a warm-up of at least 20 smoothing windows (200 events) adds the smoothed-reading model
     */
    public static Result measure(ModelBundle bundle, MahalanobisMode mode, int deviceWarmupEvents, int devices) {
        if (devices < 1) {
            throw new IllegalArgumentException("devices must be >= 1, got " + devices);
        }
        ModelBundle measured = bundle.withMahalanobisSettings(bundle.mahalanobisSettings().withMode(mode));
        DeviceScorer scorer = new DeviceScorer(measured, deviceWarmupEvents);
        CusumDetector cusum = new CusumDetector(measured.alertSettings(), measured.featureCount());
        int warmup = deviceWarmupEvents > 0 ? deviceWarmupEvents + 1
                : mode == MahalanobisMode.DEVICE ? measured.mahalanobisSettings().deviceWarmupEvents() : 0;
        int events = Math.max(measured.window(), warmup) + measured.alertSettings().baselineEvents() + 20;
        long fingerprint = measured.identity().fingerprint();

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedHeapAfterGc(memory);
        Object[][] held = new Object[devices][];
        Random random = new Random(17);
        double[] mean = measured.scaler().mean();
        double[] std = measured.scaler().std();
        for (int d = 0; d < devices; d++) {
            String id = String.format("device-%07d", d);
            InMemoryDeviceState device = scorer.newDevice();
            device.window().bundleFingerprint = fingerprint;
            CusumState alerting = cusum.newState();
            alerting.bundleFingerprint = fingerprint;
            for (int i = 0; i < events; i++) {
                double[] values = new double[mean.length];
                for (int j = 0; j < values.length; j++) {
                    values[j] = mean[j] + std[j] * random.nextGaussian();
                }
                long ts = 1_767_225_600_000L + 1000L * i;
                ScoredEvent scored = scorer.score(device, new SensorEvent(id, ts, values, 0, null));
                device.window().newestTs = ts;
                device.window().expiryTimer = ts + 7 * 86_400_000L;
                if (!scored.warmingUp) {
                    cusum.observe(alerting, ts, scored.fusedScore, scored.sensorContributions);
                    alerting.lastEventTs = ts;
                    alerting.expiryTimer = ts + 7 * 86_400_000L;
                }
            }
            held[d] = new Object[] {id, device.window(), device.warmup(), device.models(), alerting};
        }
        long after = usedHeapAfterGc(memory);

        Map<String, Double> byState = new LinkedHashMap<>();
        StringSerializer keys = StringSerializer.INSTANCE;
        TypeSerializer<Object>[] serializers = serializers();
        String[] names = {"device-window", "device-warmup", "device-models", "cusum-state"};
        double timers = 0;
        for (Object[] device : held) {
            int keyBytes = size(keys, device[0]);
            for (int s = 0; s < names.length; s++) {
                Object value = device[s + 1];
                if (value != null) {
                    byState.merge(names[s], (double) (ENTRY_OVERHEAD_BYTES + keyBytes + size(serializers[s], value)), Double::sum);
                }
            }
            timers += 2 * (TIMER_FIXED_BYTES + keyBytes); // the state TTL timer of each keyed operator
        }
        byState.put("timers", timers);
        byState.replaceAll((k, v) -> v / devices);
        double total = byState.values().stream().mapToDouble(Double::doubleValue).sum();
        if (held.length != devices) {
            throw new IllegalStateException("lost devices"); // keeps 'held' reachable until after the heap measurement
        }
        return new Result(measured.window(), measured.featureCount(), mode, devices, byState, total,
                Math.max(0, after - before) / (double) devices);
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object>[] serializers() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        Class<?>[] types = {io.fleetanomaly.state.DeviceWindowState.class, io.fleetanomaly.state.DeviceWarmupState.class,
                io.fleetanomaly.state.DeviceModelsState.class, CusumState.class};
        List<TypeSerializer<Object>> out = new ArrayList<>();
        for (Class<?> type : types) {
            out.add((TypeSerializer<Object>) TypeInformation.of(type).createSerializer(config));
        }
        return out.toArray(new TypeSerializer[0]);
    }

    @SuppressWarnings("unchecked")
    private static <T> int size(TypeSerializer<T> serializer, Object value) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize((T) value, out);
            return out.length();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}

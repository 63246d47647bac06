package io.fleetanomaly.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.events.SensorEvent;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;

/**
 * Flink's serializer checks (round trips one by one and in sequence, with and without reuse,
 * serialized copies, copies, duplicates, Java serialization, and the snapshot written, read back
 * and resolved as compatible as is) on events of every shape: missing values, NaN with a payload,
 * infinities, -0.0, no values array, no label or anomaly type, long and non-ASCII ids. Doubles are
 * compared by their bits.
 */
class SensorEventSerializerTest extends SerializerTestBase<SensorEvent> {
    SensorEventSerializerTest() {
        // the checks that run on other threads (duplicates) compare with this, not with deepEquals below
        super(new DeeplyEqualsChecker().withCustomCheck(
                (a, b) -> a instanceof SensorEvent && b instanceof SensorEvent,
                (a, b, checker) -> sameEvent((SensorEvent) a, (SensorEvent) b)));
    }

    @Override
    protected TypeSerializer<SensorEvent> createSerializer() {
        return new SensorEventSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<SensorEvent> getTypeClass() {
        return SensorEvent.class;
    }

    @Override
    protected SensorEvent[] getTestData() {
        double nanWithPayload = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
        return new SensorEvent[] {
            new SensorEvent("pump-0042", 1_763_800_000_000L, new double[] {75.1, 2.51, 1.18, 151.0, 44.7}, 0, null),
            new SensorEvent("motor-7", -1L, new double[] {Double.NaN, nanWithPayload, -0.0, 0.0}, 1, "bearing_wear"),
            new SensorEvent("srv", Long.MAX_VALUE, new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, Double.MAX_VALUE}, SensorEvent.LABEL_UNKNOWN, "spike"),
            new SensorEvent("d", 0L, new double[0], SensorEvent.LABEL_UNKNOWN, null),
            new SensorEvent("kompressor-ü-温度-" + "x".repeat(300), Long.MIN_VALUE, null, 0, ""),
            new SensorEvent(null, 5L, new double[] {1.0}, 1, null),
        };
    }

    @Override
    protected void deepEquals(String message, SensorEvent should, SensorEvent is) {
        assertThat(is.deviceId).as(message + ": device id").isEqualTo(should.deviceId);
        assertThat(is.ts).as(message + ": ts").isEqualTo(should.ts);
        assertThat(is.label).as(message + ": label").isEqualTo(should.label);
        assertThat(is.anomalyType).as(message + ": anomaly type").isEqualTo(should.anomalyType);
        assertThat(bits(is.values)).as(message + ": values' bits").isEqualTo(bits(should.values));
    }

    private static boolean sameEvent(SensorEvent a, SensorEvent b) {
        return Objects.equals(a.deviceId, b.deviceId) && a.ts == b.ts && a.label == b.label
                && Objects.equals(a.anomalyType, b.anomalyType) && Arrays.equals(bits(a.values), bits(b.values));
    }

    private static long[] bits(double[] values) {
        return values == null ? null : Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}

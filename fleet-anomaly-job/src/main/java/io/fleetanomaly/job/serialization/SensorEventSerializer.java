package io.fleetanomaly.job.serialization;

import io.fleetanomaly.events.SensorEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * {@link SensorEvent} on the keyBy exchange, written field by field in a fixed order instead of
 * through Flink's POJO serializer (reflective field access, a null flag per field and a subclass
 * tag per record). Format: device id and anomaly type as {@link StringValue} strings (null
 * allowed), ts (long), label (int), the number of values (-1 for null) and each value's 8 bytes,
 * so every double keeps its bits (NaN payloads included).
 *
 * <p>The job uses it for records in flight only; state that holds events (the held events of
 * {@code event_order: event_time}) keeps its POJO type, so no savepoint changes format.
 *
 * <p>Reading, it gives records of the same device the same device-id instance
 * ({@link CanonicalStrings}), so the keyed state maps behind the exchange find a device's entry by
 * reference. That table makes an instance stateful: each thread deserializes with its own
 * ({@link #duplicate()}).
 */
public final class SensorEventSerializer extends TypeSerializer<SensorEvent> {
    private static final long serialVersionUID = 2L;

    /** Created on the first read (a serializer travels to the tasks by Java serialization). */
    private transient CanonicalStrings strings;

    @Override
    public SensorEventSerializer duplicate() {
        return new SensorEventSerializer();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public SensorEvent createInstance() {
        return new SensorEvent();
    }

    @Override
    public SensorEvent copy(SensorEvent from) {
        return new SensorEvent(from.deviceId, from.ts, from.values == null ? null : from.values.clone(), from.label,
                from.anomalyType);
    }

    @Override
    public SensorEvent copy(SensorEvent from, SensorEvent reuse) {
        reuse.deviceId = from.deviceId;
        reuse.ts = from.ts;
        reuse.values = from.values == null ? null : from.values.clone();
        reuse.label = from.label;
        reuse.anomalyType = from.anomalyType;
        return reuse;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SensorEvent event, DataOutputView target) throws IOException {
        StringValue.writeString(event.deviceId, target);
        target.writeLong(event.ts);
        target.writeInt(event.label);
        double[] values = event.values;
        if (values == null) {
            target.writeInt(-1);
        } else {
            target.writeInt(values.length);
            for (double value : values) {
                target.writeLong(Double.doubleToRawLongBits(value));
            }
        }
        StringValue.writeString(event.anomalyType, target);
    }

    @Override
    public SensorEvent deserialize(DataInputView source) throws IOException {
        return deserialize(new SensorEvent(), source);
    }

    @Override
    public SensorEvent deserialize(SensorEvent reuse, DataInputView source) throws IOException {
        if (strings == null) {
            strings = new CanonicalStrings();
        }
        reuse.deviceId = strings.read(source);
        reuse.ts = source.readLong();
        reuse.label = source.readInt();
        int length = source.readInt();
        if (length < 0) {
            reuse.values = null;
        } else {
            double[] values = reuse.values != null && reuse.values.length == length ? reuse.values : new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = Double.longBitsToDouble(source.readLong());
            }
            reuse.values = values;
        }
        reuse.anomalyType = strings.read(source);
        return reuse;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        StringValue.copyString(source, target);
        target.writeLong(source.readLong());
        target.writeInt(source.readInt());
        int length = source.readInt();
        target.writeInt(length);
        if (length > 0) {
            target.write(source, length * Double.BYTES);
        }
        StringValue.copyString(source, target);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SensorEventSerializer;
    }

    @Override
    public int hashCode() {
        return SensorEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<SensorEvent> snapshotConfiguration() {
        return new SensorEventSerializerSnapshot();
    }

    /** Format version 1 (above); a later format gets a new version and a migration path. */
    public static final class SensorEventSerializerSnapshot extends SimpleTypeSerializerSnapshot<SensorEvent> {
        public SensorEventSerializerSnapshot() {
            super(SensorEventSerializer::new);
        }
    }
}

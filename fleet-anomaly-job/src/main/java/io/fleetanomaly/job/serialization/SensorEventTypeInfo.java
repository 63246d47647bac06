package io.fleetanomaly.job.serialization;

import io.fleetanomaly.events.SensorEvent;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of the job's parsed events: serialized by {@link SensorEventSerializer}. */
public final class SensorEventTypeInfo extends TypeInformation<SensorEvent> {
    private static final long serialVersionUID = 1L;

    public static final SensorEventTypeInfo INSTANCE = new SensorEventTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<SensorEvent> getTypeClass() {
        return SensorEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<SensorEvent> createSerializer(SerializerConfig config) {
        return new SensorEventSerializer();
    }

    @Override
    public String toString() {
        return "SensorEvent (SensorEventSerializer)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SensorEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return SensorEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof SensorEventTypeInfo;
    }
}

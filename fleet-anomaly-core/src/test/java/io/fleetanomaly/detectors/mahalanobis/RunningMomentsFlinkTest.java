package io.fleetanomaly.detectors.mahalanobis;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link RunningMoments} as Flink keyed state sees it: analysed as a POJO, not a generic Kryo type. */
class RunningMomentsFlinkTest {

    @Test
    void isAFlinkPojoAndSurvivesItsSerializer() throws Exception {
        TypeInformation<RunningMoments> type = TypeInformation.of(RunningMoments.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);

        RunningMoments moments = RunningMoments.create(3);
        moments.add(new double[] {1.0, 2.0, 3.0});
        moments.add(new double[] {2.0, 0.5, 4.0});
        moments.add(new double[] {0.0, 1.5, 2.5});
        TypeSerializer<RunningMoments> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(moments, out);
        RunningMoments copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(copy.count).isEqualTo(3L);
        assertThat(copy.mean).containsExactly(moments.mean);
        assertThat(copy.comoment).containsExactly(moments.comoment);
        copy.add(new double[] {1.0, 1.0, 1.0});
        assertThat(copy.count).isEqualTo(4L);
    }
}

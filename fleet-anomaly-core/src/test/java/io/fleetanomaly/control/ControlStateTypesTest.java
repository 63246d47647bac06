package io.fleetanomaly.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.bundle.AlertingParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The control stream's state and records are Flink POJOs whose serializers need no Kryo, and
 * survive their serializer and its snapshot as a checkpoint holds them.
 */
class ControlStateTypesTest {

    static Map<Class<?>, Supplier<Object>> samples() {
        Map<Class<?>, Supplier<Object>> samples = new LinkedHashMap<>();
        samples.put(ControlState.class, ControlStateTypesTest::state);
        samples.put(ModelRelease.class, ControlStateTypesTest::release);
        samples.put(AlertingOverride.class, () -> state().overrides[0]);
        samples.put(AlertingParameters.class, () -> AlertingParameters.asBase(AlertSettings.defaults()));
        samples.put(ControlResult.class, ControlStateTypesTest::result);
        samples.put(ModelLineage.class, ControlStateTypesTest::lineage);
        return samples;
    }

    static List<Class<?>> types() {
        return List.copyOf(samples().keySet());
    }

    @ParameterizedTest
    @MethodSource("types")
    void isAFlinkPojoWhoseSerializerNeedsNoKryo(Class<?> type) {
        assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        assertThatCode(() -> TypeInformation.of(type).createSerializer(noGenericTypes())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("types")
    @SuppressWarnings("unchecked")
    void survivesItsSerializerAndASerializerSnapshotRestore(Class<?> type) throws Exception {
        Object sample = samples().get(type).get();
        TypeSerializer<Object> serializer = (TypeSerializer<Object>) TypeInformation.of(type).createSerializer(noGenericTypes());
        DataOutputSerializer data = new DataOutputSerializer(1024);
        serializer.serialize(sample, data);
        DataOutputSerializer snapshotBytes = new DataOutputSerializer(1024);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshotBytes, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<Object> restoredSnapshot = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snapshotBytes.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializerSchemaCompatibility<Object> compatibility = ((TypeSerializer<Object>) TypeInformation.of(type)
                .createSerializer(noGenericTypes())).snapshotConfiguration().resolveSchemaCompatibility(restoredSnapshot);
        assertThat(compatibility.isCompatibleAsIs()).as(compatibility.toString()).isTrue();
        Object restored = restoredSnapshot.restoreSerializer().deserialize(new DataInputDeserializer(data.getCopyOfBuffer()));
        assertThat(restored).usingRecursiveComparison().isEqualTo(sample);
    }

    private static SerializerConfigImpl noGenericTypes() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return config;
    }

    private static ModelRelease release() {
        ModelRelease release = new ModelRelease();
        release.version = "industrial-6";
        release.manifestSha256 = "b".repeat(64);
        release.location = "s3://models/industrial-6";
        release.rewarm = true;
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", "{}".getBytes());
        files.put("iforest.json", new byte[] {1, 2, 3});
        release.setFiles(files);
        release.contentHash = "d".repeat(64);
        release.scalerMean = new double[] {70, 2.5};
        release.scalerStd = new double[] {3, 0.2};
        release.features = new String[] {"temperature_c", "pressure_bar"};
        release.window = 32;
        release.alerting = AlertingParameters.asBase(AlertSettings.defaults());
        return release;
    }

    private static ModelLineage lineage() {
        ModelLineage lineage = new ModelLineage();
        lineage.fingerprint = 0x1234_5678_9abc_def0L;
        lineage.version = "industrial-5";
        lineage.scalerMean = new double[] {70, 2.5};
        lineage.scalerStd = new double[] {3, 0.2};
        return lineage;
    }

    private static ControlState state() {
        AlertingParameters h = new AlertingParameters();
        h.h = 6.5;
        return new ControlState(3, release(), AlertingOverrides.none().with("pump-", h).toState(),
                new ModelLineage[] {lineage()}, new String[] {"temperature_c", "pressure_bar", "flow_l_min"}, "c".repeat(64));
    }

    private static ControlResult result() {
        ControlResult result = new ControlResult();
        result.controlId = "model-control/0/17";
        result.status = ControlStatus.REFUSED;
        result.kind = ControlKind.MODEL;
        result.reason = ControlRefusal.SHA256_MISMATCH;
        result.detail = "manifest.json has SHA-256 ...";
        result.modelVersion = "industrial-5";
        result.bundle = "/models/x";
        result.sourceTopic = "model-control";
        result.sourcePartition = 0;
        result.sourceOffset = 17;
        result.decidedAt = 1_767_225_600_000L;
        return result;
    }
}

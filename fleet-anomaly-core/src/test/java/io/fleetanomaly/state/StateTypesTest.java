package io.fleetanomaly.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.alerting.CusumDetector;
import io.fleetanomaly.detectors.mahalanobis.DeviceBaseline;
import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.scoring.DeviceWindow;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every keyed-state type is a Flink POJO whose serializer needs no Kryo, and each survives its
 * serializer, and its serializer's snapshot, as a savepoint would hold them. A new state type
 * must be given a sample here (the first test fails until it is).
 */
class StateTypesTest {
    private static final int F = 3;
    private static final int W = 4;

    /** A populated instance of each keyed-state type, as the job would write it. */
    static Map<Class<?>, Supplier<Object>> samples() {
        Map<Class<?>, Supplier<Object>> samples = new LinkedHashMap<>();
        samples.put(DeviceWindowState.class, StateTypesTest::windowState);
        samples.put(DeviceWarmupState.class, () -> DeviceBaselineMapper.toState(baseline(40)));
        samples.put(MomentsState.class, () -> DeviceBaselineMapper.toState(baseline(40).readings));
        samples.put(DeviceModelState.class, () -> DeviceModelMapper.toState(baseline(80).toSmoothedModel(0.1)));
        samples.put(DeviceModelsState.class, StateTypesTest::modelsState);
        samples.put(DeviceScalerState.class, () -> DeviceScalerMapper.toState(scaler()));
        samples.put(WarmupReadingsState.class, StateTypesTest::warmupReadings);
        samples.put(CusumState.class, StateTypesTest::cusumState);
        samples.put(BundleIdentityState.class, () -> new BundleIdentityState("industrial-5@2026-11-23",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
        return samples;
    }

    static List<Class<?>> stateTypes() {
        return List.copyOf(samples().keySet());
    }

    @Test
    void everyStateTypeOfThePackageHasASample() throws URISyntaxException {
        URL mainClasses = DeviceWindowState.class.getProtectionDomain().getCodeSource().getLocation();
        String[] classFiles = new File(new File(mainClasses.toURI()), "io/fleetanomaly/state").list((dir, name) -> name.endsWith("State.class"));
        List<String> inPackage = Arrays.stream(classFiles).map(n -> n.substring(0, n.length() - ".class".length()))
                .sorted().toList();
        assertThat(inPackage).as("keyed-state classes of io.fleetanomaly.state")
                .containsExactlyInAnyOrderElementsOf(stateTypes().stream().map(Class::getSimpleName).toList());
    }

    @ParameterizedTest
    @MethodSource("stateTypes")
    void isAFlinkPojoWhoseSerializerNeedsNoKryo(Class<?> type) {
        assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        assertThatCode(() -> TypeInformation.of(type).createSerializer(noGenericTypes()))
                .as("%s with pipeline.generic-types: false", type.getSimpleName())
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("stateTypes")
    @SuppressWarnings("unchecked")
    void survivesItsSerializerAndASerializerSnapshotRestore(Class<?> type) throws Exception {
        Object sample = samples().get(type).get();
        TypeSerializer<Object> serializer = (TypeSerializer<Object>) TypeInformation.of(type).createSerializer(noGenericTypes());
        DataOutputSerializer data = new DataOutputSerializer(1024);
        serializer.serialize(sample, data);

        // what a savepoint stores beside the data: the serializer's snapshot
        DataOutputSerializer snapshotBytes = new DataOutputSerializer(1024);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshotBytes, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<Object> restoredSnapshot = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snapshotBytes.getCopyOfBuffer()), getClass().getClassLoader());

        TypeSerializer<Object> current = (TypeSerializer<Object>) TypeInformation.of(type).createSerializer(noGenericTypes());
        TypeSerializerSchemaCompatibility<Object> compatibility =
                current.snapshotConfiguration().resolveSchemaCompatibility(restoredSnapshot);
        assertThat(compatibility.isCompatibleAsIs()).as(compatibility.toString()).isTrue();

        Object restored = restoredSnapshot.restoreSerializer().deserialize(new DataInputDeserializer(data.getCopyOfBuffer()));
        assertThat(restored).usingRecursiveComparison().isEqualTo(sample);
        assertThat(serializer.copy(sample)).usingRecursiveComparison().isEqualTo(sample);
    }

    @Test
    void aWarmUpMappedToStateAndBackGoesOnExactlyAsWithoutTheRoundTrip() {
        Random random = new Random(11);
        double[][] readings = new double[64][];
        for (int i = 0; i < readings.length; i++) {
            readings[i] = new double[] {random.nextGaussian(), 3 + random.nextGaussian(), i * 0.01};
        }
        DeviceBaseline straight = DeviceBaseline.create(F, readings.length);
        DeviceBaseline roundTripped = DeviceBaseline.create(F, readings.length);
        for (double[] reading : readings) {
            straight.add(reading, reading);
            DeviceWarmupState state = DeviceBaselineMapper.toState(roundTripped);
            roundTripped = DeviceBaselineMapper.toBaseline(copyThroughSerializer(state));
            roundTripped.add(reading, reading);
        }
        assertThat(roundTripped.count()).isEqualTo(straight.count());
        assertThat(DeviceModelMapper.toState(roundTripped.toSmoothedModel(0.1))).usingRecursiveComparison()
                .isEqualTo(DeviceModelMapper.toState(straight.toSmoothedModel(0.1)));
        assertThat(DeviceModelMapper.toState(roundTripped.toReadingModel(0.1))).usingRecursiveComparison()
                .isEqualTo(DeviceModelMapper.toState(straight.toReadingModel(0.1)));
    }

    @Test
    void aModelMappedToStateAndBackScoresTheSame() {
        var model = baseline(80).toSmoothedModel(0.1);
        var restored = DeviceModelMapper.toModel(copyThroughSerializer(DeviceModelMapper.toState(model)));
        double[] x = {0.5, 2.0, -1.0};
        assertThat(restored.distanceSquared(x, new double[F], new double[F], null))
                .isEqualTo(model.distanceSquared(x, new double[F], new double[F], null));
    }

    @SuppressWarnings("unchecked")
    private static <T> T copyThroughSerializer(T value) {
        try {
            TypeSerializer<T> serializer = (TypeSerializer<T>) TypeInformation.of(value.getClass()).createSerializer(noGenericTypes());
            DataOutputSerializer out = new DataOutputSerializer(1024);
            serializer.serialize(value, out);
            return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SerializerConfigImpl noGenericTypes() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return config;
    }

    private static DeviceModelsState modelsState() {
        DeviceModelsState models = new DeviceModelsState(
                DeviceModelMapper.toState(baseline(80).toReadingModel(0.1)),
                DeviceModelMapper.toState(baseline(80).toSmoothedModel(0.1)));
        models.scaler = DeviceScalerMapper.toState(scaler());
        models.differenceSpread = new double[] {0.9, 1.3, 0.0};
        return models;
    }

    /** A seasonal scaler with a level, fitted to two days of a daily cycle every hour. */
    private static io.fleetanomaly.features.DeviceScaler scaler() {
        int n = 48;
        long[] ts = new long[n];
        double[][] rows = new double[n][F];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_767_225_600_000L + i * 3_600_000L;
            for (int j = 0; j < F; j++) {
                rows[i][j] = j + Math.sin(2 * Math.PI * i / 24.0) + 0.1 * ((i * 7 + j) % 5);
            }
        }
        return io.fleetanomaly.features.DeviceScaler.fit(ts, rows, 86_400_000L, 2, 72);
    }

    private static WarmupReadingsState warmupReadings() {
        WarmupReadingsState state = new WarmupReadingsState();
        state.ts = new long[] {1_767_225_600_000L, 1_767_225_900_000L, 0L};
        state.values = new double[] {0.1, -0.2, 0.3, 0.4, 0.5, Double.MIN_VALUE, 0, 0, 0};
        state.count = 2;
        return state;
    }

    private static DeviceWindowState windowState() {
        DeviceWindow window = new DeviceWindow(new FeatureScaler(new double[F], new double[] {1, 1, 1}), W);
        DeviceWindowState state = window.newState();
        for (int i = 0; i < 6; i++) {
            window.advance(state, new double[] {i, -i, i == 3 ? Double.NaN : 0.5 * i});
        }
        state.newestTs = 1_767_225_600_000L;
        state.lastScoredTs = 1_767_225_599_000L;
        state.pendingTimestamps = new long[] {1_767_225_599_500L, 1_767_225_600_000L};
        state.pendingTimer = 1_767_225_604_500L;
        state.bundleFingerprint = 0x1234_5678_9abc_def0L;
        state.expiryTimer = 1_767_829_200_000L;
        state.deviceLevel = new double[] {0.25, -0.5, 0.0};
        state.principalEwma = new double[] {0.75, -1.5};
        state.residualCentre = new double[] {0.1, -0.2, 0.05};
        state.residualCentreCount = 7;
        state.varianceEwma = new double[] {0.8, 2.4, 0.75};
        return state;
    }

    private static DeviceBaseline baseline(int events) {
        Random random = new Random(events);
        DeviceBaseline baseline = DeviceBaseline.create(F, events);
        for (int i = 0; i < events; i++) {
            double[] reading = {random.nextGaussian(), 2 * random.nextGaussian(), Math.sin(i / 5.0)};
            baseline.add(reading, i >= 10 ? reading : null);
        }
        return baseline;
    }

    private static CusumState cusumState() {
        CusumDetector detector = new CusumDetector(AlertSettings.defaults(), F);
        CusumState state = detector.newState();
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            double score = i < 150 ? 1 + 0.3 * random.nextGaussian() : 9;
            detector.observe(state, 1_767_225_600_000L + 1000L * i, score, new double[] {0.5, 0.3, 0.2});
        }
        assertThat(state.alertOpen).as("the sample holds an open alert").isTrue();
        state.bundleFingerprint = -42L;
        state.lastEventTs = 1_767_225_799_000L;
        state.idleTimer = 1_767_229_399_000L;
        state.expiryTimer = 1_767_830_599_000L;
        return state;
    }
}

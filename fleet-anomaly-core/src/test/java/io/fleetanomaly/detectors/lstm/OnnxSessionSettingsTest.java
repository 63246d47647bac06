package io.fleetanomaly.detectors.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.detectors.lstm.OnnxSessionSettings.OptimizationLevel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxSessionSettingsTest {

    @Test
    void defaultsAreSingleThreadedWithAllOptimisations() {
        OnnxSessionSettings settings = OnnxSessionSettings.defaults();

        assertThat(settings.intraOpThreads()).isEqualTo(1);
        assertThat(settings.interOpThreads()).isEqualTo(1);
        assertThat(settings.optimizationLevel()).isEqualTo(OptimizationLevel.ALL);
    }

    @Test
    void parsesConfigurationStrings() {
        OnnxSessionSettings settings = OnnxSessionSettings.fromStrings(Map.of(
                "intra_op_threads", " 2 ", "inter_op_threads", "3", "optimization_level", "Extended"));

        assertThat(settings).isEqualTo(OnnxSessionSettings.builder()
                .intraOpThreads(2).interOpThreads(3).optimizationLevel(OptimizationLevel.EXTENDED).build());
        assertThat(OnnxSessionSettings.fromStrings(Map.of())).isEqualTo(OnnxSessionSettings.defaults());
        assertThat(OptimizationLevel.parse("no_opt")).isEqualTo(OptimizationLevel.NO_OPT);
        assertThat(OptimizationLevel.parse("BASIC")).isEqualTo(OptimizationLevel.BASIC);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> OnnxSessionSettings.builder().intraOpThreads(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("intra_op_threads must be >= 1, got 0");
        assertThatThrownBy(() -> OnnxSessionSettings.builder().interOpThreads(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("inter_op_threads must be >= 1, got -1");
        assertThatThrownBy(() -> OnnxSessionSettings.fromStrings(Map.of("intra_op_threads", "two")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intra_op_threads must be a whole number, got 'two'");
        assertThatThrownBy(() -> OnnxSessionSettings.fromStrings(Map.of("optimization_level", "max")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimization_level must be no_opt, basic, extended or all, got 'max'");
        assertThatThrownBy(() -> OnnxSessionSettings.fromStrings(Map.of("threads", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown ONNX Runtime setting 'threads'");
    }

    @Test
    void equalSettingsAreEqualAndSurviveSerialization() throws Exception {
        OnnxSessionSettings settings = OnnxSessionSettings.builder()
                .intraOpThreads(2).optimizationLevel(OptimizationLevel.BASIC).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }

        assertThat(copy).isEqualTo(settings).hasSameHashCodeAs(settings);
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
        assertThat(settings).isNotEqualTo(OnnxSessionSettings.defaults());
        assertThat(settings.toString()).contains("intra_op_threads=2", "optimization_level=basic");
    }

    @Test
    void everyOptimisationLevelOpensTheModelAndGivesTheSameReconstructionWithinFloatNoise() {
        float[] windows = TestModels.randomWindows(3, 9);
        float[] reference;
        try (LstmAutoencoderScorer scorer =
                LstmAutoencoderScorer.open(TestModels.goodModel(), OnnxSessionSettings.defaults())) {
            reference = scorer.reconstruct(windows, 3);
        }
        for (OptimizationLevel level : OptimizationLevel.values()) {
            OnnxSessionSettings settings = OnnxSessionSettings.builder().optimizationLevel(level).build();
            try (LstmAutoencoderScorer scorer = LstmAutoencoderScorer.open(TestModels.goodModel(), settings)) {
                float[] reconstruction = scorer.reconstruct(windows, 3);
                for (int i = 0; i < reference.length; i++) {
                    assertThat(Math.abs(reconstruction[i] - reference[i])).as("%s value %d", level, i)
                            .isLessThan(1e-5f);
                }
            }
        }
        assertThat(SharedOrtSessions.openSessions()).isZero();
    }
}

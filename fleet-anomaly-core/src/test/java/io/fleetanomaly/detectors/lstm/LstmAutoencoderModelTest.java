package io.fleetanomaly.detectors.lstm;

import static io.fleetanomaly.detectors.lstm.TestModels.FEATURES;
import static io.fleetanomaly.detectors.lstm.TestModels.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.format.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LstmAutoencoderModelTest {
    private static final OnnxSessionSettings SETTINGS = OnnxSessionSettings.defaults();

    @Test
    void theTestModelPassesEveryCheck() {
        LstmAutoencoderModel model = TestModels.goodModel();

        model.validate(SETTINGS);

        assertThat(model.window()).isEqualTo(WINDOW);
        assertThat(model.features()).isEqualTo(FEATURES);
        assertThat(model.valuesPerWindow()).isEqualTo(WINDOW * FEATURES);
        assertThat(model.sha256()).isEqualTo(Sha256.hex(TestModels.bytes(TestModels.GOOD_MODEL)));
        assertThat(SharedOrtSessions.openSessions()).as("validate leaves no session open").isZero();
    }

    @Test
    void wrongChecksumIsRejected() {
        byte[] onnx = TestModels.bytes(TestModels.GOOD_MODEL);
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> LstmAutoencoderModel.of(onnx, wrong, "window", "reconstruction", WINDOW, FEATURES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checksum mismatch for lstm_ae.onnx: expected " + wrong + ", got " + Sha256.hex(onnx));
    }

    @Test
    void checksumIsComparedIgnoringCase() {
        byte[] onnx = TestModels.bytes(TestModels.GOOD_MODEL);

        LstmAutoencoderModel model = LstmAutoencoderModel.of(
                onnx, Sha256.hex(onnx).toUpperCase(), "window", "reconstruction", WINDOW, FEATURES);

        assertThat(model.sha256()).isEqualTo(Sha256.hex(onnx));
    }

    @Test
    void corruptBytesAreNotAValidModel() {
        byte[] onnx = TestModels.bytes(TestModels.GOOD_MODEL);
        byte[] truncated = Arrays.copyOf(onnx, onnx.length / 3);
        LstmAutoencoderModel model = LstmAutoencoderModel.of(
                truncated, Sha256.hex(truncated), "window", "reconstruction", WINDOW, FEATURES);

        assertThatThrownBy(() -> model.validate(SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lstm_ae.onnx is not a valid ONNX model: ");
        assertThatThrownBy(() -> SharedOrtSessions.acquire(model, SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lstm_ae.onnx is not a valid ONNX model: ");
        assertThat(SharedOrtSessions.openSessions()).isZero();
    }

    @Test
    void wrongInputNameIsNamed() {
        assertRejected(TestModels.model("bad_input_name.onnx"),
                "lstm_ae.onnx input 'x' is not the expected 'window'");
    }

    @Test
    void wrongOutputNameIsNamed() {
        assertRejected(TestModels.model("bad_output_name.onnx"),
                "lstm_ae.onnx output 'output' is not the expected 'reconstruction'");
    }

    @Test
    void windowMismatchIsNamed() {
        assertRejected(TestModels.model("bad_window_w16_f8.onnx"),
                "lstm_ae.onnx input has window 16 but the bundle's window is 32");
    }

    @Test
    void featureMismatchIsNamed() {
        assertRejected(TestModels.model("bad_features_w32_f5.onnx"),
                "lstm_ae.onnx input has 5 features but the bundle has 8");
    }

    @Test
    void wrongRankIsNamed() {
        assertRejected(TestModels.model("bad_rank2.onnx"),
                "lstm_ae.onnx input rank 2, expected 3 ([batch, window, features])");
    }

    @Test
    void manifestExpectingOtherNamesOrShapesRejectsTheGoodModel() {
        byte[] onnx = TestModels.bytes(TestModels.GOOD_MODEL);
        String sha = Sha256.hex(onnx);

        assertRejected(LstmAutoencoderModel.of(onnx, sha, "input", "reconstruction", WINDOW, FEATURES),
                "lstm_ae.onnx input 'window' is not the expected 'input'");
        assertRejected(LstmAutoencoderModel.of(onnx, sha, "window", "reconstruction", 64, FEATURES),
                "lstm_ae.onnx input has window 32 but the bundle's window is 64");
        assertRejected(LstmAutoencoderModel.of(onnx, sha, "window", "reconstruction", WINDOW, 5),
                "lstm_ae.onnx input has 8 features but the bundle has 5");
    }

    @Test
    void badManifestValuesAreRejected() {
        byte[] onnx = TestModels.bytes(TestModels.GOOD_MODEL);
        String sha = Sha256.hex(onnx);

        assertThatThrownBy(() -> LstmAutoencoderModel.of(onnx, sha, "window", "reconstruction", 0, FEATURES))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be >= 1, got 0");
        assertThatThrownBy(() -> LstmAutoencoderModel.of(onnx, sha, "window", "reconstruction", WINDOW, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("features must be >= 1, got 0");
        assertThatThrownBy(() -> LstmAutoencoderModel.of(onnx, sha, " ", "reconstruction", WINDOW, FEATURES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input name");
    }

    @Test
    void theModelOwnsACopyOfItsBytes() {
        byte[] onnx = TestModels.bytes(TestModels.GOOD_MODEL);
        LstmAutoencoderModel model = LstmAutoencoderModel.of(
                onnx, Sha256.hex(onnx), "window", "reconstruction", WINDOW, FEATURES);

        onnx[0] ^= 0x7f;
        model.onnxBytes()[1] ^= 0x7f;

        assertThat(Sha256.hex(model.onnxBytes())).isEqualTo(model.sha256());
    }

    @Test
    void survivesJavaSerializationAndStillScoresTheSame() throws Exception {
        LstmAutoencoderModel model = TestModels.goodModel();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        LstmAutoencoderModel copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (LstmAutoencoderModel) in.readObject();
        }

        assertThat(copy.sha256()).isEqualTo(model.sha256());
        assertThat(copy.onnxBytes()).isEqualTo(model.onnxBytes());
        assertThat(copy.inputName()).isEqualTo("window");
        assertThat(copy.outputName()).isEqualTo("reconstruction");
        float[] windows = TestModels.randomWindows(2, 1);
        try (LstmAutoencoderScorer original = LstmAutoencoderScorer.open(model, SETTINGS);
                LstmAutoencoderScorer restored = LstmAutoencoderScorer.open(copy, SETTINGS)) {
            assertThat(restored.reconstruct(windows, 2)).isEqualTo(original.reconstruct(windows, 2));
        }
    }

    private static void assertRejected(LstmAutoencoderModel model, String message) {
        assertThatThrownBy(() -> model.validate(SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> SharedOrtSessions.acquire(model, SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThat(SharedOrtSessions.openSessions()).as("a rejected model leaves no session open").isZero();
    }
}

package io.fleetanomaly.detectors.lstm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.format.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;

/** The ONNX models and the PyTorch parity fixture under src/test/resources/lstm (see make_test_model.py). */
final class TestModels {
    static final int WINDOW = 32;
    static final int FEATURES = 8;
    static final String GOOD_MODEL = "lstm_ae_w32_f8.onnx";

    private TestModels() {}

    static byte[] bytes(String fileName) {
        try (InputStream in = TestModels.class.getResourceAsStream("/lstm/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /lstm/" + fileName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model in {@code fileName} with the standard manifest: window -> reconstruction, W=32, F=8. */
    static LstmAutoencoderModel model(String fileName) {
        byte[] onnx = bytes(fileName);
        return LstmAutoencoderModel.of(onnx, Sha256.hex(onnx), "window", "reconstruction", WINDOW, FEATURES);
    }

    static LstmAutoencoderModel goodModel() {
        return model(GOOD_MODEL);
    }

    /** Uniform random windows in [-2, 2), row-major [count][W][F]. */
    static float[] randomWindows(int count, long seed) {
        Random random = new Random(seed);
        float[] windows = new float[count * WINDOW * FEATURES];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (float) (4.0 * random.nextDouble() - 2.0);
        }
        return windows;
    }

    /** PyTorch's windows, reconstructions and errors for 4 random windows. */
    record ParityFixture(float[] windows, float[] reconstructions, double[] errors, int count) {
        static ParityFixture load() {
            try {
                JsonNode root = new ObjectMapper().readTree(bytes("parity_w32_f8.json"));
                int count = root.get("windows").size();
                double[] errors = new double[count];
                for (int i = 0; i < count; i++) {
                    errors[i] = root.get("errors").get(i).asDouble();
                }
                return new ParityFixture(flatten(root.get("windows")), flatten(root.get("reconstructions")), errors,
                        count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static float[] flatten(JsonNode windows) {
            float[] flat = new float[windows.size() * WINDOW * FEATURES];
            int i = 0;
            for (JsonNode window : windows) {
                if (window.size() != WINDOW) {
                    throw new IllegalStateException("fixture window has " + window.size() + " rows");
                }
                for (JsonNode row : window) {
                    if (row.size() != FEATURES) {
                        throw new IllegalStateException("fixture row has " + row.size() + " features");
                    }
                    for (JsonNode value : row) {
                        flat[i++] = (float) value.asDouble();
                    }
                }
            }
            return flat;
        }
    }
}

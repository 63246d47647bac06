package io.fleetanomaly.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.detectors.lstm.BatchScores;
import io.fleetanomaly.detectors.lstm.LstmAutoencoderScorer;
import io.fleetanomaly.detectors.lstm.OnnxSessionSettings;
import java.io.IOException;

/**
 * Checks that ONNX Runtime in Java reproduces what PyTorch computed when the model was trained:
 * the bundle's parity fixture ({@code lstm_ae_parity.json}, written by jobs/train_lstm.py) holds
 * held-out windows with PyTorch's reconstructions and errors.
 */
public final class LstmParityCheck {
    public static final String FORMAT = "fleet-anomaly/lstm-parity";
    /** Largest absolute difference allowed between the two reconstructions. */
    public static final double TOLERANCE = 1e-4;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LstmParityCheck() {}

    /** What the check found: windows compared and the largest differences. */
    public record Result(int windows, double maxReconstructionDifference, double maxRelativeErrorDifference) {
        public boolean passed() {
            return maxReconstructionDifference <= TOLERANCE && maxRelativeErrorDifference <= TOLERANCE;
        }
    }

    public static Result run(LstmDetector lstm, byte[] fixtureJson) {
        JsonNode root;
        try {
            root = MAPPER.readTree(fixtureJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("parity fixture is not JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("parity fixture format must be " + FORMAT);
        }
        int w = lstm.model().window();
        int f = lstm.model().features();
        JsonNode windows = root.path("windows");
        JsonNode expected = root.path("reconstructions");
        JsonNode errors = root.path("errors");
        int n = windows.size();
        if (n == 0 || expected.size() != n || errors.size() != n) {
            throw new IllegalArgumentException("parity fixture needs as many windows, reconstructions and errors, got "
                    + n + ", " + expected.size() + ", " + errors.size());
        }
        float[] input = new float[n * w * f];
        float[] torch = new float[n * w * f];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < w; t++) {
                for (int j = 0; j < f; j++) {
                    input[(i * w + t) * f + j] = (float) windows.get(i).get(t).get(j).asDouble();
                    torch[(i * w + t) * f + j] = (float) expected.get(i).get(t).get(j).asDouble();
                }
            }
        }
        try (LstmAutoencoderScorer scorer = LstmAutoencoderScorer.open(lstm.model(), OnnxSessionSettings.defaults())) {
            float[] ort = scorer.reconstruct(input, n);
            double maxDiff = 0;
            for (int k = 0; k < ort.length; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(ort[k] - torch[k]));
            }
            BatchScores scores = scorer.score(input, n);
            double maxRelative = 0;
            for (int i = 0; i < n; i++) {
                double torchError = errors.get(i).asDouble();
                maxRelative = Math.max(maxRelative, Math.abs(scores.error(i) - torchError) / Math.max(1e-12, Math.abs(torchError)));
            }
            return new Result(n, maxDiff, maxRelative);
        }
    }
}

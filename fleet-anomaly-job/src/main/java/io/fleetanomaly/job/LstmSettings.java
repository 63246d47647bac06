package io.fleetanomaly.job;

import io.fleetanomaly.detectors.lstm.OnnxSessionSettings;
import java.io.Serializable;

/** How the LSTM scoring operator batches windows and runs ONNX Runtime. */
public record LstmSettings(int batchSize, long maxWaitMs, OnnxSessionSettings session) implements Serializable {
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final long DEFAULT_MAX_WAIT_MS = 50;

    public LstmSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("lstm batch_size must be >= 1, got " + batchSize);
        }
        if (maxWaitMs < 1) {
            throw new IllegalArgumentException("lstm max_wait_ms must be >= 1, got " + maxWaitMs);
        }
    }

    public static LstmSettings defaults() {
        return new LstmSettings(DEFAULT_BATCH_SIZE, DEFAULT_MAX_WAIT_MS, OnnxSessionSettings.defaults());
    }
}

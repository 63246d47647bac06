package io.fleetanomaly.detectors.lstm;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fleetanomaly.format.Sha256;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * The LSTM autoencoder of a model bundle: the ONNX file's bytes, their SHA-256, and what the
 * bundle's manifest says the model must look like (input and output names, window W, features F).
 *
 * <p>The model maps input {@code inputName} float32 {@code [batch, W, F]} to output
 * {@code outputName} of the same shape, with a dynamic batch dimension.
 *
 * <p>Immutable and serializable, so a Flink operator can carry it; the ORT session is created on
 * the TaskManager (see {@link SharedOrtSessions}).
 */
public final class LstmAutoencoderModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The model's file name in a bundle, used in error messages. */
    public static final String FILE_NAME = "lstm_ae.onnx";

    private final byte[] onnx;
    private final String sha256;
    private final String inputName;
    private final String outputName;
    private final int window;
    private final int features;

    private LstmAutoencoderModel(
            byte[] onnx, String sha256, String inputName, String outputName, int window, int features) {
        this.onnx = onnx;
        this.sha256 = sha256;
        this.inputName = inputName;
        this.outputName = outputName;
        this.window = window;
        this.features = features;
    }

    /**
     * The model from its file's bytes (copied) and the manifest's expectations. Checks the
     * checksum and the manifest values; the ONNX graph itself is checked by {@link #validate} and
     * whenever a session is opened.
     *
     * @throws IllegalArgumentException on a checksum mismatch or a bad manifest value
     */
    public static LstmAutoencoderModel of(
            byte[] onnx, String expectedSha256, String inputName, String outputName, int window, int features) {
        Objects.requireNonNull(onnx, "onnx");
        requireText("expected SHA-256", expectedSha256);
        requireText("input name", inputName);
        requireText("output name", outputName);
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, got " + features);
        }
        String actual = Sha256.hex(onnx);
        if (!actual.equalsIgnoreCase(expectedSha256.trim())) {
            throw new IllegalArgumentException("checksum mismatch for " + FILE_NAME + ": expected "
                    + expectedSha256.trim().toLowerCase(Locale.ROOT) + ", got " + actual);
        }
        return new LstmAutoencoderModel(onnx.clone(), actual, inputName, outputName, window, features);
    }

    /**
     * Opens the model with ONNX Runtime (a throw-away session, not a shared one) and checks that
     * it matches this manifest: see {@link OrtSessionOpener#checkSignature}.
     *
     * @throws IllegalArgumentException naming the problem: not ONNX, wrong names, type, rank or dims
     */
    public void validate(OnnxSessionSettings settings) {
        OrtSession session = OrtSessionOpener.open(this, settings);
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("could not close the ONNX Runtime session of " + FILE_NAME, e);
        }
    }

    /** A copy of the ONNX file's bytes. */
    public byte[] onnxBytes() {
        return onnx.clone();
    }

    /** The bytes themselves, for opening a session without a copy; callers must not modify them. */
    byte[] onnxBytesShared() {
        return onnx;
    }

    /** SHA-256 of the ONNX bytes, lowercase hex. */
    public String sha256() {
        return sha256;
    }

    public String inputName() {
        return inputName;
    }

    public String outputName() {
        return outputName;
    }

    /** W: readings per window. */
    public int window() {
        return window;
    }

    /** F: features per reading. */
    public int features() {
        return features;
    }

    /** W × F: floats per window. */
    public int valuesPerWindow() {
        return window * features;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (onnx == null || !Sha256.hex(onnx).equals(sha256)) {
            throw new InvalidObjectException("serialized " + FILE_NAME + " does not match its SHA-256");
        }
    }

    private static void requireText(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(FILE_NAME + ": " + what + " must not be empty");
        }
    }

    @Override
    public String toString() {
        return "LstmAutoencoderModel{" + FILE_NAME + ", sha256=" + sha256 + ", " + inputName + " -> " + outputName
                + ", window=" + window + ", features=" + features + ", " + onnx.length + " bytes}";
    }
}

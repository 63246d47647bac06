package io.fleetanomaly.detectors.lstm;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Scores batches of windows with the LSTM autoencoder: one ORT call per batch on the JVM's shared
 * session for the model.
 *
 * <p>Windows are passed row-major as {@code [batch][W][F]} in one float array. The input and the
 * output live in direct buffers that are reused from call to call (grown when a larger batch
 * comes); ORT reads the input and writes the reconstruction into them without copies.
 *
 * <p>Not thread-safe: give each thread (each Flink subtask) its own scorer. Scorers of one model
 * share one session, which runs concurrent calls safely. Closing the scorer releases its lease.
 */
public final class LstmAutoencoderScorer implements AutoCloseable {
    private final SharedOrtSessions.Lease lease;
    private final OrtEnvironment environment;
    private final String inputName;
    private final String outputName;
    private final int window;
    private final int features;
    private final int valuesPerWindow;

    private FloatBuffer input = allocate(0);
    private FloatBuffer output = allocate(0);
    /** The reconstruction copied out of {@code output} in one bulk copy, for computing the errors. */
    private float[] reconstruction = new float[0];

    /** Takes over the lease: closing the scorer closes it. */
    public LstmAutoencoderScorer(SharedOrtSessions.Lease lease) {
        LstmAutoencoderModel model = lease.model();
        this.lease = lease;
        this.environment = OrtEnvironment.getEnvironment();
        this.inputName = model.inputName();
        this.outputName = model.outputName();
        this.window = model.window();
        this.features = model.features();
        this.valuesPerWindow = model.valuesPerWindow();
    }

    /**
     * A scorer on the shared session for this model and settings (opened if needed).
     *
     * @throws IllegalArgumentException if the model cannot be loaded or does not match its manifest
     */
    public static LstmAutoencoderScorer open(LstmAutoencoderModel model, OnnxSessionSettings settings) {
        return new LstmAutoencoderScorer(SharedOrtSessions.acquire(model, settings));
    }

    /**
     * Reconstruction errors of the first {@code batchSize} windows of {@code windows}
     * (row-major [batch][W][F]; the array may be longer), from one ORT call.
     *
     * @throws IllegalStateException if ONNX Runtime fails
     */
    public BatchScores score(float[] windows, int batchSize) {
        int values = runBatch(windows, batchSize);
        if (values == 0) {
            return new BatchScores(0, features);
        }
        if (reconstruction.length < values) {
            reconstruction = new float[output.capacity()];
        }
        output.get(0, reconstruction, 0, values);
        return BatchScores.compare(windows, reconstruction, batchSize, window, features);
    }

    /**
     * The model's reconstruction of the first {@code batchSize} windows, row-major [batch][W][F].
     *
     * @throws IllegalStateException if ONNX Runtime fails
     */
    public float[] reconstruct(float[] windows, int batchSize) {
        int values = runBatch(windows, batchSize);
        float[] reconstruction = new float[values];
        output.get(0, reconstruction, 0, values);
        return reconstruction;
    }

    /** W: readings per window. */
    public int window() {
        return window;
    }

    /** F: features per reading. */
    public int features() {
        return features;
    }

    @Override
    public void close() {
        lease.close();
    }

    /** Runs the model on the batch, leaving input and reconstruction in the buffers; returns the value count. */
    private int runBatch(float[] windows, int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 0, got " + batchSize);
        }
        long values = (long) batchSize * valuesPerWindow;
        if (values > windows.length) {
            throw new IllegalArgumentException("a batch of " + batchSize + " windows of " + window + " x " + features
                    + " needs " + values + " floats, the array has " + windows.length);
        }
        int count = (int) values;
        if (count == 0) {
            return 0;
        }
        ensureCapacity(count);
        input.clear();
        input.put(windows, 0, count);
        input.flip();
        output.clear();
        output.limit(count);
        long[] shape = {batchSize, window, features};
        OrtSession session = lease.session();
        try (OnnxTensor inputTensor = OnnxTensor.createTensor(environment, input, shape);
                OnnxTensor outputTensor = OnnxTensor.createTensor(environment, output, shape)) {
            // The output is pinned to our buffer, so the result holds nothing to read.
            session.run(Map.of(inputName, inputTensor), Map.of(outputName, outputTensor)).close();
            return count;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batchSize + " windows of "
                    + LstmAutoencoderModel.FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    private void ensureCapacity(int values) {
        if (input.capacity() < values) {
            int capacity = (int) Math.min(Integer.MAX_VALUE / Float.BYTES, Math.max(values, 2L * input.capacity()));
            input = allocate(capacity);
            output = allocate(capacity);
        }
    }

    private static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}

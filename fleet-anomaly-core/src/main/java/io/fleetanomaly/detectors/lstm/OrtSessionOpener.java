package io.fleetanomaly.detectors.lstm;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.util.Map;

/** Opens ORT sessions for an LSTM autoencoder and checks the graph against the bundle's manifest. */
final class OrtSessionOpener {
    private static final String NAME = LstmAutoencoderModel.FILE_NAME;

    private OrtSessionOpener() {}

    /**
     * A new session for the model, already checked with {@link #checkSignature}; closed again if
     * the check fails.
     *
     * @throws IllegalArgumentException if the bytes are not a model ORT can load, or it does not
     *     match the manifest
     */
    static OrtSession open(LstmAutoencoderModel model, OnnxSessionSettings settings) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = sessionOptions(settings)) {
            session = environment.createSession(model.onnxBytesShared(), options);
        } catch (OrtException e) {
            throw new IllegalArgumentException(NAME + " is not a valid ONNX model: " + e.getMessage(), e);
        }
        try {
            checkSignature(session, model);
            return session;
        } catch (RuntimeException e) {
            closeQuietly(session, e);
            throw e;
        }
    }

    /**
     * Checks that the session has exactly one input and one output, named as the manifest says,
     * both float32 tensors of shape {@code [batch, W, F]} with a dynamic batch dimension and W and F
     * equal to the manifest's (a dynamic W or F is accepted: such a model takes any).
     *
     * @throws IllegalArgumentException naming the first mismatch
     */
    static void checkSignature(OrtSession session, LstmAutoencoderModel model) {
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new IllegalArgumentException(NAME + ": cannot read the model's inputs and outputs: " + e.getMessage(), e);
        }
        checkTensor("input", inputs, model.inputName(), model);
        checkTensor("output", outputs, model.outputName(), model);
    }

    private static void checkTensor(String role, Map<String, NodeInfo> nodes, String expectedName,
            LstmAutoencoderModel model) {
        if (nodes.size() != 1) {
            throw new IllegalArgumentException(NAME + " has " + nodes.size() + " " + role + "s " + nodes.keySet()
                    + ", expected exactly one named '" + expectedName + "'");
        }
        NodeInfo node = nodes.values().iterator().next();
        if (!node.getName().equals(expectedName)) {
            throw new IllegalArgumentException(
                    NAME + " " + role + " '" + node.getName() + "' is not the expected '" + expectedName + "'");
        }
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo tensor)) {
            throw new IllegalArgumentException(NAME + " " + role + " '" + expectedName + "' is not a tensor: " + info);
        }
        if (tensor.type != OnnxJavaType.FLOAT
                || tensor.onnxType != TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
            throw new IllegalArgumentException(
                    NAME + " " + role + " '" + expectedName + "' has type " + tensor.onnxType + ", expected float32");
        }
        long[] shape = tensor.getShape();
        if (shape.length != 3) {
            throw new IllegalArgumentException(
                    NAME + " " + role + " rank " + shape.length + ", expected 3 ([batch, window, features])");
        }
        if (shape[0] >= 0) {
            throw new IllegalArgumentException(NAME + " " + role + " has a fixed batch size " + shape[0]
                    + "; export it with a dynamic batch axis");
        }
        if (shape[1] >= 0 && shape[1] != model.window()) {
            throw new IllegalArgumentException(NAME + " " + role + " has window " + shape[1]
                    + " but the bundle's window is " + model.window());
        }
        if (shape[2] >= 0 && shape[2] != model.features()) {
            throw new IllegalArgumentException(NAME + " " + role + " has " + shape[2]
                    + " features but the bundle has " + model.features());
        }
    }

    private static OrtSession.SessionOptions sessionOptions(OnnxSessionSettings settings) {
        try {
            return settings.toSessionOptions();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime rejected the session settings " + settings + ": "
                    + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session, RuntimeException cause) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}

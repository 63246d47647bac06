package io.fleetanomaly.detectors.lstm;

import io.fleetanomaly.format.ConfigNames;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How ONNX Runtime runs the LSTM autoencoder: its thread counts and graph optimisation level.
 *
 * <p>The defaults (one intra-op and one inter-op thread, all optimisations) suit a Flink
 * TaskManager, where each slot's task thread calls the model itself and extra ORT threads would
 * compete with the other operators for the cores.
 *
 * <p>Immutable; equal settings share one ORT session per model (see {@link SharedOrtSessions}).
 */
public final class OnnxSessionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String INTRA_OP_THREADS = "intra_op_threads";
    public static final String INTER_OP_THREADS = "inter_op_threads";
    public static final String OPTIMIZATION_LEVEL = "optimization_level";

    /** ONNX Runtime's graph optimisation levels. */
    public enum OptimizationLevel {
        NO_OPT(OrtSession.SessionOptions.OptLevel.NO_OPT),
        BASIC(OrtSession.SessionOptions.OptLevel.BASIC_OPT),
        EXTENDED(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT),
        ALL(OrtSession.SessionOptions.OptLevel.ALL_OPT);

        private final OrtSession.SessionOptions.OptLevel ortLevel;

        OptimizationLevel(OrtSession.SessionOptions.OptLevel ortLevel) {
            this.ortLevel = ortLevel;
        }

        OrtSession.SessionOptions.OptLevel ortLevel() {
            return ortLevel;
        }

        /** Parses {@code no_opt}, {@code basic}, {@code extended} or {@code all}, in any case. */
        public static OptimizationLevel parse(String text) {
            return ConfigNames.parse(OptimizationLevel.class, OPTIMIZATION_LEVEL, text);
        }

        public String configName() {
            return ConfigNames.of(this);
        }
    }

    private final int intraOpThreads;
    private final int interOpThreads;
    private final OptimizationLevel optimizationLevel;

    private OnnxSessionSettings(Builder builder) {
        this.intraOpThreads = requireThreads(INTRA_OP_THREADS, builder.intraOpThreads);
        this.interOpThreads = requireThreads(INTER_OP_THREADS, builder.interOpThreads);
        this.optimizationLevel = Objects.requireNonNull(builder.optimizationLevel, OPTIMIZATION_LEVEL);
    }

    public static OnnxSessionSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .intraOpThreads(intraOpThreads)
                .interOpThreads(interOpThreads)
                .optimizationLevel(optimizationLevel);
    }

    /**
     * Settings from configuration text: keys {@value #INTRA_OP_THREADS}, {@value #INTER_OP_THREADS}
     * and {@value #OPTIMIZATION_LEVEL}; a missing key keeps its default.
     *
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public static OnnxSessionSettings fromStrings(Map<String, String> values) {
        Builder builder = builder();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (key) {
                case INTRA_OP_THREADS -> builder.intraOpThreads(parseThreads(key, value));
                case INTER_OP_THREADS -> builder.interOpThreads(parseThreads(key, value));
                case OPTIMIZATION_LEVEL -> builder.optimizationLevel(OptimizationLevel.parse(value));
                default -> throw new IllegalArgumentException("unknown ONNX Runtime setting '" + key + "'; known: "
                        + INTRA_OP_THREADS + ", " + INTER_OP_THREADS + ", " + OPTIMIZATION_LEVEL);
            }
        }
        return builder.build();
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    public int interOpThreads() {
        return interOpThreads;
    }

    public OptimizationLevel optimizationLevel() {
        return optimizationLevel;
    }

    /** New ORT session options with these settings; the caller closes them. */
    OrtSession.SessionOptions toSessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(interOpThreads);
            options.setOptimizationLevel(optimizationLevel.ortLevel());
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static int parseThreads(String key, String text) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + text + "'");
        }
    }

    private static int requireThreads(String key, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(key + " must be >= 1, got " + threads);
        }
        return threads;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OnnxSessionSettings that
                && intraOpThreads == that.intraOpThreads
                && interOpThreads == that.interOpThreads
                && optimizationLevel == that.optimizationLevel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(intraOpThreads, interOpThreads, optimizationLevel);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "OnnxSessionSettings{%s=%d, %s=%d, %s=%s}",
                INTRA_OP_THREADS, intraOpThreads, INTER_OP_THREADS, interOpThreads,
                OPTIMIZATION_LEVEL, optimizationLevel.configName());
    }

    public static final class Builder {
        private int intraOpThreads = 1;
        private int interOpThreads = 1;
        private OptimizationLevel optimizationLevel = OptimizationLevel.ALL;

        private Builder() {}

        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        public Builder interOpThreads(int threads) {
            this.interOpThreads = threads;
            return this;
        }

        public Builder optimizationLevel(OptimizationLevel level) {
            this.optimizationLevel = level;
            return this;
        }

        /** @throws IllegalArgumentException if a thread count is below 1 */
        public OnnxSessionSettings build() {
            return new OnnxSessionSettings(this);
        }
    }
}

package io.fleetanomaly.detectors.mahalanobis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes a {@link MahalanobisModel} as readable JSON:
 * <pre>
 * {"format": "fleet-anomaly/mahalanobis", "format_version": 1, "dimensions": d,
 *  "mean": [..d..], "covariance": [[..d..], ..d rows..], "shrinkage_intensity": λ,
 *  "training_rows": n}
 * </pre>
 * {@code covariance} is the shrunk covariance Σ the model scores with (before the ridge), so
 * reading it back gives bit-identical scores. Optionally {@code "pca": {"principal_components": k,
 * "moments": {"t2_reading": [mean, variance], "spe_reading": [..], "t2_smoothed": [..],
 * "spe_smoothed": [..]}}}: the model then scores T² and SPE ({@link PcaMonitor}), its principal
 * directions recomputed from the covariance; from format_version 3 on the pca section may hold
 * {@code "ewma": {"alpha": α, "covariance": [[..k..], ..k rows..], "moments": [mean, variance]}}, the
 * EWMA chart on the principal scores (format 3 has it), and from format_version 4 on
 * {@code "centred_spe": {"events": N, "moments": [mean, variance]}}, the device-centred SPE (format 4
 * has it). A writer writes the lowest version that holds the model. A bad file raises
 * {@link IllegalArgumentException} naming the problem.
 */
public final class MahalanobisFiles {
    public static final String FORMAT = "fleet-anomaly/mahalanobis";
    public static final int FORMAT_VERSION = 1;
    /** A file with a {@code pca} section: a reader that does not know it must refuse the file, not score d². */
    public static final int FORMAT_VERSION_PCA = 2;
    /** A pca section with the EWMA chart: a reader that does not know it must refuse the file, not score without it. */
    public static final int FORMAT_VERSION_PCA_EWMA = 3;
    /** A pca section with the device-centred SPE (and perhaps the EWMA chart). */
    public static final int FORMAT_VERSION_PCA_CENTRED = 4;

    /** Accepts NaN/Infinity tokens so they are reported as non-finite values, not as broken JSON. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private MahalanobisFiles() {}

    public static byte[] toBytes(MahalanobisModel model) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", versionFor(model.pca()));
        root.put("dimensions", model.dimensions());
        addAll(root.putArray("mean"), model.mean());
        putMatrix(root, "covariance", model.covariance());
        root.put("shrinkage_intensity", model.shrinkageIntensity());
        root.put("training_rows", model.trainingRows());
        PcaMonitor pca = model.pca();
        if (pca != null) {
            ObjectNode pcaNode = root.putObject("pca");
            pcaNode.put("principal_components", pca.components());
            ObjectNode moments = pcaNode.putObject("moments");
            double[][] values = pca.moments();
            for (PcaMonitor.Statistic statistic : PcaMonitor.Statistic.values()) {
                addAll(moments.putArray(statistic.name().toLowerCase(java.util.Locale.ROOT)), values[statistic.ordinal()]);
            }
            if (pca.hasEwma()) {
                ObjectNode ewma = pcaNode.putObject("ewma");
                ewma.put("alpha", pca.ewmaAlpha());
                putMatrix(ewma, "covariance", pca.ewmaCovariance());
                addAll(ewma.putArray("moments"), pca.ewmaMoments());
            }
            if (pca.hasCentredSpe()) {
                ObjectNode centred = pcaNode.putObject("centred_spe");
                centred.put("events", pca.centredEvents());
                addAll(centred.putArray("moments"), pca.centredMoments());
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    private static void putMatrix(ObjectNode parent, String field, double[][] rows) {
        ArrayNode node = parent.putArray(field);
        for (double[] row : rows) {
            addAll(node.addArray(), row);
        }
    }

    private static void addAll(ArrayNode node, double[] values) {
        for (double value : values) {
            node.add(value);
        }
    }

    private static int versionFor(PcaMonitor pca) {
        if (pca == null) {
            return FORMAT_VERSION;
        }
        return pca.hasCentredSpe() ? FORMAT_VERSION_PCA_CENTRED : pca.hasEwma() ? FORMAT_VERSION_PCA_EWMA : FORMAT_VERSION_PCA;
    }

    public static void write(MahalanobisModel model, Path file) throws IOException {
        Files.write(file, toBytes(model));
    }

    /** Writes the JSON to {@code out}, leaving it open. */
    public static void write(MahalanobisModel model, OutputStream out) throws IOException {
        out.write(toBytes(model));
    }

    public static MahalanobisModel read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the whole stream (e.g. a jar resource), leaving it open. */
    public static MahalanobisModel read(InputStream in) throws IOException {
        return fromBytes(in.readAllBytes());
    }

    public static MahalanobisModel fromBytes(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad Mahalanobis model file: not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad Mahalanobis model file: unreadable: " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad Mahalanobis model file: " + e.getMessage(), e);
        }
    }

    private static MahalanobisModel parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        String format = required(root, "format").asText(null);
        if (!FORMAT.equals(format) || !root.get("format").isTextual()) {
            throw new IllegalArgumentException("format is " + root.get("format") + ", expected \"" + FORMAT + "\"");
        }
        long formatVersion = requiredInteger(root, "format_version");
        if (formatVersion < FORMAT_VERSION || formatVersion > FORMAT_VERSION_PCA_CENTRED) {
            throw new IllegalArgumentException("format_version " + formatVersion + " is not supported (expected "
                    + FORMAT_VERSION + ", " + FORMAT_VERSION_PCA + " with a pca section, "
                    + FORMAT_VERSION_PCA_EWMA + " with a pca section holding an ewma, or "
                    + FORMAT_VERSION_PCA_CENTRED + " with a pca section holding a centred_spe)");
        }
        long dimensions = requiredInteger(root, "dimensions");
        if (dimensions < 1 || dimensions > 10_000) {
            throw new IllegalArgumentException("dimensions must be between 1 and 10000, got " + dimensions);
        }
        int d = (int) dimensions;

        double[] mean = numbers(required(root, "mean"), "mean", d);
        double[][] covariance = squareMatrix(required(root, "covariance"), "covariance", d, "dimensions");
        JsonNode intensityNode = required(root, "shrinkage_intensity");
        if (!intensityNode.isNumber()) {
            throw new IllegalArgumentException("shrinkage_intensity must be a number, got " + intensityNode);
        }
        long trainingRows = requiredInteger(root, "training_rows");
        MahalanobisModel model =
                MahalanobisModel.ofShrunkCovariance(mean, covariance, intensityNode.doubleValue(), trainingRows);
        JsonNode pcaNode = root.get("pca");
        boolean hasPca = pcaNode != null && !pcaNode.isNull();
        if (hasPca != (formatVersion != FORMAT_VERSION)) {
            throw new IllegalArgumentException(hasPca
                    ? "a pca section needs format_version " + FORMAT_VERSION_PCA + " or later, got " + formatVersion
                    : "format_version " + formatVersion + " needs a pca section");
        }
        if (!hasPca) {
            return model;
        }
        if (!pcaNode.isObject()) {
            throw new IllegalArgumentException("pca must be an object, got " + describe(pcaNode));
        }
        long components = requiredInteger(pcaNode, "principal_components");
        if (components < 1 || components >= d) {
            throw new IllegalArgumentException("pca.principal_components must be between 1 and " + (d - 1)
                    + ", got " + components);
        }
        JsonNode momentsNode = required(pcaNode, "moments");
        double[][] moments = new double[PcaMonitor.Statistic.values().length][];
        for (PcaMonitor.Statistic statistic : PcaMonitor.Statistic.values()) {
            String name = statistic.name().toLowerCase(java.util.Locale.ROOT);
            moments[statistic.ordinal()] = numbers(required(momentsNode, name), "pca.moments." + name, 2);
        }
        PcaMonitor pca = PcaMonitor.subspaceOf(model, (int) components).calibrated(moments);
        JsonNode ewmaNode = pcaNode.get("ewma");
        boolean hasEwma = ewmaNode != null && !ewmaNode.isNull();
        JsonNode centredNode = pcaNode.get("centred_spe");
        boolean hasCentred = centredNode != null && !centredNode.isNull();
        if (hasEwma && formatVersion < FORMAT_VERSION_PCA_EWMA) {
            throw new IllegalArgumentException("a pca.ewma section needs format_version " + FORMAT_VERSION_PCA_EWMA
                    + " or later, got " + formatVersion);
        }
        if (hasCentred && formatVersion < FORMAT_VERSION_PCA_CENTRED) {
            throw new IllegalArgumentException("a pca.centred_spe section needs format_version "
                    + FORMAT_VERSION_PCA_CENTRED + ", got " + formatVersion);
        }
        if (!hasEwma && formatVersion == FORMAT_VERSION_PCA_EWMA) {
            throw new IllegalArgumentException("format_version " + FORMAT_VERSION_PCA_EWMA + " needs a pca.ewma section");
        }
        if (!hasCentred && formatVersion == FORMAT_VERSION_PCA_CENTRED) {
            throw new IllegalArgumentException("format_version " + FORMAT_VERSION_PCA_CENTRED
                    + " needs a pca.centred_spe section");
        }
        if (hasEwma) {
            JsonNode alphaNode = required(ewmaNode, "alpha");
            if (!alphaNode.isNumber()) {
                throw new IllegalArgumentException("pca.ewma.alpha must be a number, got " + alphaNode);
            }
            int k = (int) components;
            double[][] ewmaCovariance = squareMatrix(required(ewmaNode, "covariance"), "pca.ewma.covariance", k,
                    "principal_components");
            pca = pca.withEwma(alphaNode.doubleValue(), ewmaCovariance,
                    numbers(required(ewmaNode, "moments"), "pca.ewma.moments", 2));
        }
        if (hasCentred) {
            long events = requiredInteger(centredNode, "events");
            if (events < 1 || events > 1_000_000) {
                throw new IllegalArgumentException("pca.centred_spe.events must be between 1 and 1000000, got " + events);
            }
            pca = pca.withCentredSpe((int) events,
                    numbers(required(centredNode, "moments"), "pca.centred_spe.moments", 2));
        }
        return model.withPca(pca);
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return node;
    }

    private static long requiredInteger(JsonNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be an integer, got " + node);
        }
        return node.longValue();
    }

    /** n rows of n numbers; {@code size} names what n is, in the error message. */
    private static double[][] squareMatrix(JsonNode node, String what, int n, String size) {
        if (!node.isArray() || node.size() != n) {
            throw new IllegalArgumentException(what + " must be an array of " + n + " rows (" + size + "), got "
                    + describe(node));
        }
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = numbers(node.get(i), what + "[" + i + "]", n);
        }
        return rows;
    }

    private static double[] numbers(JsonNode node, String what, int expectedLength) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(what + " must be an array of numbers, got " + describe(node));
        }
        if (node.size() != expectedLength) {
            throw new IllegalArgumentException(what + " has " + node.size() + " values but dimensions is "
                    + expectedLength);
        }
        double[] values = new double[expectedLength];
        for (int i = 0; i < expectedLength; i++) {
            JsonNode element = node.get(i);
            if (!element.isNumber()) {
                throw new IllegalArgumentException(what + "[" + i + "] is not a number: " + element);
            }
            values[i] = element.doubleValue();
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is not finite: " + element);
            }
        }
        return values;
    }

    private static String describe(JsonNode node) {
        return node.isArray() ? "an array of " + node.size() : node.getNodeType().toString().toLowerCase();
    }
}

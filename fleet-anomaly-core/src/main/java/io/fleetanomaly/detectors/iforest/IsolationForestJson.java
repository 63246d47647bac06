package io.fleetanomaly.detectors.iforest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes an {@link IsolationForest} as one JSON object:
 *
 * <pre>{"format":"fleet-anomaly/iforest","format_version":1,"dimensions":..,"num_trees":..,
 *  "subsample_size":..,"tree_roots":[..],"split_feature":[..],"split_value":[..],"left":[..],
 *  "right":[..],"leaf_size":[..]}</pre>
 *
 * The node arrays are exactly those of {@link IsolationForest}. Doubles are written in Java's
 * shortest round-trip form, so a read forest scores bit for bit like the written one. Unknown
 * fields are ignored. A file that does not describe a valid forest is rejected with an
 * {@link IllegalArgumentException} naming the problem.
 */
public final class IsolationForestJson {
    public static final String FORMAT = "fleet-anomaly/iforest";
    public static final int FORMAT_VERSION = 1;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private IsolationForestJson() {}

    public static void write(IsolationForest forest, Path file) throws IOException {
        Files.write(file, toJson(forest));
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with its content */
    public static IsolationForest read(Path file) throws IOException {
        byte[] json = Files.readAllBytes(file);
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] toJson(IsolationForest forest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * forest.numNodes() + 256);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("format", FORMAT);
            gen.writeNumberField("format_version", FORMAT_VERSION);
            gen.writeNumberField("dimensions", forest.dimensions());
            gen.writeNumberField("num_trees", forest.numTrees());
            gen.writeNumberField("subsample_size", forest.subsampleSize());
            writeIntArray(gen, "tree_roots", forest.treeRoots());
            writeIntArray(gen, "split_feature", forest.splitFeature());
            double[] splitValue = forest.splitValue();
            gen.writeArrayFieldStart("split_value");
            for (double value : splitValue) {
                gen.writeNumber(value);
            }
            gen.writeEndArray();
            writeIntArray(gen, "left", forest.left());
            writeIntArray(gen, "right", forest.right());
            writeIntArray(gen, "leaf_size", forest.leafSize());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Reads the stream to its end without closing it, e.g. a jar resource. */
    public static IsolationForest fromJson(InputStream in) throws IOException {
        return fromJson(in.readAllBytes());
    }

    public static IsolationForest fromJson(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode format = requireField(root, "format");
        if (!format.isTextual() || !FORMAT.equals(format.textValue())) {
            throw new IllegalArgumentException("format is " + format + ", expected \"" + FORMAT + "\"");
        }
        int formatVersion = readInt(root, "format_version");
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "unsupported format_version " + formatVersion + ", expected " + FORMAT_VERSION);
        }
        int dimensions = readInt(root, "dimensions");
        int numTrees = readInt(root, "num_trees");
        int subsampleSize = readInt(root, "subsample_size");
        int[] treeRoots = readIntArray(root, "tree_roots");
        if (treeRoots.length != numTrees) {
            throw new IllegalArgumentException(
                    "num_trees is " + numTrees + " but tree_roots has " + treeRoots.length + " entries");
        }
        return new IsolationForest(
                dimensions,
                subsampleSize,
                treeRoots,
                readIntArray(root, "split_feature"),
                readDoubleArray(root, "split_value"),
                readIntArray(root, "left"),
                readIntArray(root, "right"),
                readIntArray(root, "leaf_size"));
    }

    private static void writeIntArray(JsonGenerator gen, String name, int[] values) throws IOException {
        gen.writeFieldName(name);
        gen.writeArray(values, 0, values.length);
    }

    private static JsonNode requireField(JsonNode root, String name) {
        JsonNode field = root.get(name);
        if (field == null || field.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return field;
    }

    private static int readInt(JsonNode root, String name) {
        JsonNode field = requireField(root, name);
        if (!field.isIntegralNumber() || !field.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + name + "' must be an int, got " + field);
        }
        return field.intValue();
    }

    private static JsonNode requireArray(JsonNode root, String name) {
        JsonNode field = requireField(root, name);
        if (!field.isArray()) {
            throw new IllegalArgumentException("field '" + name + "' must be an array");
        }
        return field;
    }

    private static int[] readIntArray(JsonNode root, String name) {
        JsonNode array = requireArray(root, name);
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = array.get(i);
            if (!element.isIntegralNumber() || !element.canConvertToInt()) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] must be an int, got " + element);
            }
            values[i] = element.intValue();
        }
        return values;
    }

    private static double[] readDoubleArray(JsonNode root, String name) {
        JsonNode array = requireArray(root, name);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = array.get(i);
            if (!element.isNumber()) {
                throw new IllegalArgumentException(name + "[" + i + "] must be a number, got " + element);
            }
            values[i] = element.doubleValue();
        }
        return values;
    }
}

package io.fleetanomaly.detectors.iforest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsolationForestJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void trainedForestRoundTripsThroughAFileWithIdenticalArraysAndScores() throws Exception {
        Random random = new Random(17);
        double[][] rows = SyntheticData.gaussian(1000, 20, 0.0, random);
        IsolationForest forest = IsolationForestTrainer.builder().numTrees(30).build().fit(rows);
        Path file = directory.resolve("iforest.json");

        IsolationForestJson.write(forest, file);
        IsolationForest read = IsolationForestJson.read(file);

        assertSameArrays(read, forest);
        double[] attribution = new double[20];
        double[] readAttribution = new double[20];
        for (double[] x : SyntheticData.gaussian(200, 20, 0.5, random)) {
            assertThat(read.score(x, readAttribution)).isEqualTo(forest.score(x, attribution));
            assertThat(readAttribution).isEqualTo(attribution);
        }
    }

    @Test
    void doublesRoundTripBitForBit() {
        double[] awkward = {0.1 + 0.2, Double.MIN_VALUE, -1.2345678901234567e-300, Math.PI, Math.nextUp(1.0),
                -0.0, 1.7976931348623157e308, -4.9e-324, 123456789.00000001};
        IsolationForest forest = oneSplitTreesAt(awkward);
        IsolationForest read = IsolationForestJson.fromJson(IsolationForestJson.toJson(forest));
        double[] splitValue = read.splitValue();
        double[] original = forest.splitValue();
        for (int i = 0; i < original.length; i++) {
            assertThat(Double.doubleToRawLongBits(splitValue[i]))
                    .as("split_value[%d] = %s", i, original[i])
                    .isEqualTo(Double.doubleToRawLongBits(original[i]));
        }
    }

    /** One single-split tree per value: nodes 3t, 3t+1, 3t+2; psi = 2. */
    private static IsolationForest oneSplitTreesAt(double[] values) {
        int n = values.length;
        int[] roots = new int[n];
        int[] feature = new int[3 * n];
        double[] value = new double[3 * n];
        int[] left = new int[3 * n];
        int[] right = new int[3 * n];
        int[] leafSize = new int[3 * n];
        for (int t = 0; t < n; t++) {
            int root = 3 * t;
            roots[t] = root;
            feature[root] = 0;
            value[root] = values[t];
            left[root] = root + 1;
            right[root] = root + 2;
            for (int leaf = root + 1; leaf <= root + 2; leaf++) {
                feature[leaf] = -1;
                left[leaf] = -1;
                right[leaf] = -1;
                leafSize[leaf] = 1;
            }
        }
        return new IsolationForest(1, 2, roots, feature, value, left, right, leafSize);
    }

    @Test
    void writesTheDocumentedFields() throws Exception {
        JsonNode json = MAPPER.readTree(IsolationForestJson.toJson(HandBuiltForests.twoTrees()));
        assertThat(json.get("format").asText()).isEqualTo("fleet-anomaly/iforest");
        assertThat(json.get("format_version").asInt()).isEqualTo(1);
        assertThat(json.get("dimensions").asInt()).isEqualTo(2);
        assertThat(json.get("num_trees").asInt()).isEqualTo(2);
        assertThat(json.get("subsample_size").asInt()).isEqualTo(4);
        assertThat(json.get("tree_roots").toString()).isEqualTo("[0,3]");
        assertThat(json.get("split_feature").toString()).isEqualTo("[0,-1,-1,1,-1,0,-1,-1]");
        assertThat(json.get("split_value").toString()).isEqualTo("[0.5,0.0,0.0,0.0,0.0,1.0,0.0,0.0]");
        assertThat(json.get("left").toString()).isEqualTo("[1,-1,-1,4,-1,6,-1,-1]");
        assertThat(json.get("right").toString()).isEqualTo("[2,-1,-1,5,-1,7,-1,-1]");
        assertThat(json.get("leaf_size").toString()).isEqualTo("[0,1,3,0,2,0,1,1]");
    }

    @Test
    void readsFromAStreamSuchAsAJarResource() throws Exception {
        IsolationForest forest = HandBuiltForests.twoTrees();
        IsolationForest read =
                IsolationForestJson.fromJson(new ByteArrayInputStream(IsolationForestJson.toJson(forest)));
        assertSameArrays(read, forest);
    }

    @Test
    void ignoresUnknownFields() {
        IsolationForest read = IsolationForestJson.fromJson(edited(json -> json.put("trained_on", "2026-01-01")));
        assertSameArrays(read, HandBuiltForests.twoTrees());
    }

    @Test
    void rejectsAnotherFormat() {
        assertRejected(edited(json -> json.put("format", "fleet-anomaly/mahalanobis")),
                "format is \"fleet-anomaly/mahalanobis\", expected \"fleet-anomaly/iforest\"");
        assertRejected(edited(json -> json.put("format", 7)), "format is 7");
    }

    @Test
    void rejectsAnotherFormatVersion() {
        assertRejected(edited(json -> json.put("format_version", 2)), "unsupported format_version 2, expected 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"format", "format_version", "dimensions", "num_trees", "subsample_size", "tree_roots",
            "split_feature", "split_value", "left", "right", "leaf_size"})
    void rejectsAMissingField(String field) {
        assertRejected(edited(json -> json.remove(field)), "missing field '" + field + "'");
    }

    @Test
    void rejectsInconsistentLengths() {
        assertRejected(edited(json -> ((ArrayNode) json.get("split_value")).remove(7)),
                "split_value has 7 entries but split_feature has 8");
        assertRejected(edited(json -> ((ArrayNode) json.get("leaf_size")).add(1)),
                "leaf_size has 9 entries but split_feature has 8");
        assertRejected(edited(json -> json.put("num_trees", 3)), "num_trees is 3 but tree_roots has 2 entries");
    }

    @Test
    void rejectsIndicesOutOfRange() {
        assertRejected(edited(json -> ((ArrayNode) json.get("left")).set(3, 8)), "left[3] = 8 is out of range [0, 8)");
        assertRejected(edited(json -> ((ArrayNode) json.get("tree_roots")).set(1, 11)),
                "tree_roots[1] = 11 is out of range [0, 8)");
        assertRejected(edited(json -> ((ArrayNode) json.get("split_feature")).set(5, 2)),
                "split_feature[5] = 2 is out of range [-1, 2)");
        assertRejected(edited(json -> ((ArrayNode) json.get("right")).set(0, 3)), "node 3 is reached twice");
    }

    @Test
    void rejectsWrongTypes() {
        assertRejected(edited(json -> ((ArrayNode) json.get("left")).set(1, 1.5)), "left[1] must be an int, got 1.5");
        assertRejected(edited(json -> ((ArrayNode) json.get("split_value")).set(0, "half")),
                "split_value[0] must be a number");
        assertRejected(edited(json -> json.put("dimensions", "two")), "field 'dimensions' must be an int");
        assertRejected(edited(json -> json.put("leaf_size", 4)), "field 'leaf_size' must be an array");
        assertRejected(edited(json -> json.put("dimensions", 1e10)), "field 'dimensions' must be an int");
    }

    @Test
    void rejectsAnInvalidSubsampleBookkeeping() {
        assertRejected(edited(json -> json.put("subsample_size", 5)),
                "the leaves of tree 0 hold 4 samples, subsample_size is 5");
    }

    @Test
    void rejectsWhatIsNotAJsonObject() {
        assertRejected("{\"format\": ".getBytes(StandardCharsets.UTF_8), "not valid JSON");
        assertRejected("[1, 2]".getBytes(StandardCharsets.UTF_8), "not a JSON object");
        assertRejected(new byte[0], "not a JSON object");
    }

    @Test
    void readingABadFileNamesTheFile() throws Exception {
        Path file = directory.resolve("broken-iforest.json");
        Files.write(file, edited(json -> json.remove("left")));
        assertThatThrownBy(() -> IsolationForestJson.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken-iforest.json")
                .hasMessageContaining("missing field 'left'");
    }

    /** The JSON of {@link HandBuiltForests#twoTrees()} after an edit. */
    private static byte[] edited(Consumer<ObjectNode> edit) {
        try {
            ObjectNode json = (ObjectNode) MAPPER.readTree(IsolationForestJson.toJson(HandBuiltForests.twoTrees()));
            edit.accept(json);
            return MAPPER.writeValueAsBytes(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertRejected(byte[] json, String expectedMessagePart) {
        assertThatThrownBy(() -> IsolationForestJson.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expectedMessagePart);
    }

    private static void assertSameArrays(IsolationForest actual, IsolationForest expected) {
        assertThat(actual.dimensions()).isEqualTo(expected.dimensions());
        assertThat(actual.subsampleSize()).isEqualTo(expected.subsampleSize());
        assertThat(actual.treeRoots()).isEqualTo(expected.treeRoots());
        assertThat(actual.splitFeature()).isEqualTo(expected.splitFeature());
        assertThat(actual.splitValue()).isEqualTo(expected.splitValue());
        assertThat(actual.left()).isEqualTo(expected.left());
        assertThat(actual.right()).isEqualTo(expected.right());
        assertThat(actual.leafSize()).isEqualTo(expected.leafSize());
    }
}

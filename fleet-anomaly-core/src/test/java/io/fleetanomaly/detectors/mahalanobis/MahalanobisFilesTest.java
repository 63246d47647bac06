package io.fleetanomaly.detectors.mahalanobis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MahalanobisFilesTest {
    private static final String GOOD = """
            {"format": "fleet-anomaly/mahalanobis", "format_version": 1, "dimensions": 2,
             "mean": [1.0, -2.0], "covariance": [[2.0, 0.5], [0.5, 1.0]],
             "shrinkage_intensity": 0.1, "training_rows": 500}
            """;

    @TempDir
    Path directory;

    @Test
    void roundTripThroughBytesGivesIdenticalScores() {
        MahalanobisModel model = fitted();

        MahalanobisModel copy = MahalanobisFiles.fromBytes(MahalanobisFiles.toBytes(model));

        assertSameModel(copy, model);
    }

    @Test
    void roundTripThroughAFileAndAStream(@TempDir Path directory) throws Exception {
        MahalanobisModel model = fitted();
        Path file = directory.resolve("mahalanobis.json");
        MahalanobisFiles.write(model, file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MahalanobisFiles.write(model, out);

        assertSameModel(MahalanobisFiles.read(file), model);
        assertSameModel(MahalanobisFiles.read(new ByteArrayInputStream(out.toByteArray())), model);
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void writesTheDocumentedFields() throws Exception {
        MahalanobisModel model = fitted();

        JsonNode json = new ObjectMapper().readTree(MahalanobisFiles.toBytes(model));

        assertThat(json.get("format").asText()).isEqualTo("fleet-anomaly/mahalanobis");
        assertThat(json.get("format_version").asInt()).isEqualTo(1);
        assertThat(json.get("dimensions").asInt()).isEqualTo(5);
        assertThat(json.get("mean").size()).isEqualTo(5);
        assertThat(json.get("covariance").size()).isEqualTo(5);
        assertThat(json.get("covariance").get(4).size()).isEqualTo(5);
        assertThat(json.get("shrinkage_intensity").asDouble()).isEqualTo(model.shrinkageIntensity());
        assertThat(json.get("training_rows").asLong()).isEqualTo(3_000L);
    }

    @Test
    void readsAHandWrittenFile() {
        MahalanobisModel model = MahalanobisFiles.fromBytes(GOOD.getBytes(StandardCharsets.UTF_8));

        assertThat(model.dimensions()).isEqualTo(2);
        assertThat(model.mean()).containsExactly(1.0, -2.0);
        assertThat(model.covariance()).isEqualTo(new double[][] {{2.0, 0.5}, {0.5, 1.0}});
        assertThat(model.shrinkageIntensity()).isEqualTo(0.1);
        assertThat(model.trainingRows()).isEqualTo(500L);
        // The file's covariance is used as it stands, not shrunk a second time.
        double expected = MahalanobisModel.fromMoments(new double[] {1.0, -2.0},
                new double[][] {{2.0, 0.5}, {0.5, 1.0}}, 0.0).distanceSquared(new double[] {2.0, 0.0});
        assertThat(model.distanceSquared(new double[] {2.0, 0.0})).isEqualTo(expected);
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("not JSON", "{\"format\": ", "not valid JSON"),
                Arguments.of("empty", "", "expected a JSON object"),
                Arguments.of("not an object", "[1, 2]", "expected a JSON object"),
                Arguments.of("wrong format", GOOD.replace("fleet-anomaly/mahalanobis", "fleet-anomaly/iforest"),
                        "format is \"fleet-anomaly/iforest\""),
                Arguments.of("future version", GOOD.replace("\"format_version\": 1", "\"format_version\": 5"),
                        "format_version 5 is not supported"),
                Arguments.of("missing format", GOOD.replace("\"format\": \"fleet-anomaly/mahalanobis\",", ""),
                        "missing field \"format\""),
                Arguments.of("missing dimensions", GOOD.replace("\"dimensions\": 2,", ""),
                        "missing field \"dimensions\""),
                Arguments.of("missing mean", GOOD.replace("\"mean\": [1.0, -2.0],", ""),
                        "missing field \"mean\""),
                Arguments.of("missing covariance", GOOD.replace("\"covariance\": [[2.0, 0.5], [0.5, 1.0]],", ""),
                        "missing field \"covariance\""),
                Arguments.of("missing shrinkage", GOOD.replace("\"shrinkage_intensity\": 0.1,", ""),
                        "missing field \"shrinkage_intensity\""),
                Arguments.of("missing training rows", GOOD.replace(", \"training_rows\": 500", ""),
                        "missing field \"training_rows\""),
                Arguments.of("mean shorter than dimensions", GOOD.replace("[1.0, -2.0]", "[1.0]"),
                        "mean has 1 values but dimensions is 2"),
                Arguments.of("covariance with too few rows", GOOD.replace("[[2.0, 0.5], [0.5, 1.0]]", "[[2.0, 0.5]]"),
                        "covariance must be an array of 2 rows"),
                Arguments.of("covariance row too long",
                        GOOD.replace("[[2.0, 0.5], [0.5, 1.0]]", "[[2.0, 0.5], [0.5, 1.0, 3.0]]"),
                        "covariance[1] has 3 values but dimensions is 2"),
                Arguments.of("dimensions not an integer", GOOD.replace("\"dimensions\": 2", "\"dimensions\": \"2\""),
                        "dimensions must be an integer"),
                Arguments.of("NaN in the mean", GOOD.replace("[1.0, -2.0]", "[1.0, NaN]"),
                        "mean[1] is not finite"),
                Arguments.of("overflowing covariance", GOOD.replace("[[2.0, 0.5]", "[[2.0e999, 0.5]"),
                        "covariance[0][0] is not finite"),
                Arguments.of("string in the covariance", GOOD.replace("[0.5, 1.0]]", "[\"0.5\", 1.0]]"),
                        "covariance[1][0] is not a number"),
                Arguments.of("not symmetric", GOOD.replace("[[2.0, 0.5], [0.5, 1.0]]", "[[2.0, 0.5], [0.7, 1.0]]"),
                        "not symmetric"),
                Arguments.of("not positive definite",
                        GOOD.replace("[[2.0, 0.5], [0.5, 1.0]]", "[[1.0, 2.0], [2.0, 1.0]]"),
                        "not positive definite"),
                Arguments.of("negative variance",
                        GOOD.replace("[[2.0, 0.5], [0.5, 1.0]]", "[[-1.0, 0.0], [0.0, 1.0]]"),
                        "not positive definite"),
                Arguments.of("shrinkage above one", GOOD.replace("0.1", "1.5"), "shrinkage intensity must be in [0, 1]"),
                Arguments.of("negative training rows", GOOD.replace("500", "-1"), "training rows must not be negative"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void rejectsABadFileNamingTheProblem(String description, String json, String expectedMessage) {
        assertThatThrownBy(() -> MahalanobisFiles.fromBytes(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad Mahalanobis model file: ")
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void readingABadFileNamesTheFile() throws Exception {
        Path file = directory.resolve("broken.json");
        Files.writeString(file, GOOD.replace("[1.0, -2.0]", "[1.0]"));

        assertThatThrownBy(() -> MahalanobisFiles.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.json")
                .hasMessageContaining("mean has 1 values");
    }

    private static MahalanobisModel fitted() {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 61).rows(3_000);
        return MahalanobisModel.fit(rows, Shrinkage.ledoitWolf());
    }

    private static void assertSameModel(MahalanobisModel copy, MahalanobisModel model) {
        assertThat(copy.mean()).containsExactly(model.mean());
        assertThat(copy.covariance()).isEqualTo(model.covariance());
        assertThat(copy.lowerCholesky()).containsExactly(model.lowerCholesky());
        assertThat(copy.shrinkageIntensity()).isEqualTo(model.shrinkageIntensity());
        assertThat(copy.trainingRows()).isEqualTo(model.trainingRows());
        double[] copyContributions = new double[5];
        double[] contributions = new double[5];
        for (double[] probe : new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 62).rows(100)) {
            assertThat(copy.distanceSquared(probe, copyContributions)).isEqualTo(model.distanceSquared(probe, contributions));
            assertThat(copyContributions).containsExactly(contributions);
        }
    }
}

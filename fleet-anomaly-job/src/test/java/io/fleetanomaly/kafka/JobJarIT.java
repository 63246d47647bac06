package io.fleetanomaly.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the job jar built by 'package' holds, and what it must not: the artifact users hand to flink run. */
class JobJarIT {
    static List<String> entries;
    static Manifest manifest;

    @BeforeAll
    static void readJar() throws Exception {
        Path jar = Path.of(System.getProperty("fleetAnomaly.jobJar", "target/fleet-anomaly-job.jar"));
        assertThat(jar).as("run with 'mvn verify': the job jar is built by 'package'").exists();
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(ZipEntry::getName).toList();
            manifest = file.getManifest();
        }
    }

    @Test
    void theManifestNamesTheEntryClass() {
        assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo(KafkaJobMain.class.getName());
        assertThat(entries).contains(KafkaJobMain.class.getName().replace('.', '/') + ".class");
    }

    @Test
    void itCarriesTheJobTheKafkaConnectorAndTheShippedBundles() {
        assertThat(entries).contains(
                "io/fleetanomaly/job/FleetAnomalyJob.class",
                "io/fleetanomaly/config/JobConfigLoader.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "org/apache/kafka/clients/producer/KafkaProducer.class",
                "bundles/industrial/manifest.json",
                "bundles/telemetry/lstm_ae.onnx");
    }

    @Test
    void itCarriesNoToolsCodeNoFlinkAndNoOnnxRuntime() {
        assertThat(entries).noneMatch(e -> e.matches("io/fleetanomaly/(cli|embedded|evaluation|benchmark|simulator)/.*"));
        assertThat(entries).noneMatch(e -> e.startsWith("picocli/"));
        assertThat(entries).noneMatch(e -> e.startsWith("org/knowm/xchart/"));
        assertThat(entries).noneMatch(e -> e.startsWith("ai/onnxruntime/"));
        assertThat(entries).noneMatch(e -> e.contains("onnxruntime") && e.endsWith(".so"));
        // Flink's own modules are the cluster's (provided); only the Kafka connector (not part of Flink's lib/) is in.
        assertThat(entries).noneMatch(e -> e.matches(
                "org/apache/flink/(api|core|configuration|runtime|state|contrib|metrics|util|streaming/api|streaming/runtime|connector/base)/.*"));
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/logging/") || e.startsWith("org/slf4j/"));
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/commons/lang3/"));
    }

    @Test
    void librariesThatCouldClashWithFlinksClassPathAreRelocated() {
        assertThat(entries).noneMatch(e -> e.startsWith("com/fasterxml/jackson/"));
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/commons/math3/"));
        assertThat(entries).noneMatch(e -> e.startsWith("org/yaml/snakeyaml/"));
        assertThat(entries).contains(
                "io/fleetanomaly/shaded/com/fasterxml/jackson/databind/ObjectMapper.class",
                "io/fleetanomaly/shaded/org/apache/commons/math3/linear/CholeskyDecomposition.class",
                "io/fleetanomaly/shaded/org/yaml/snakeyaml/Yaml.class");
    }
}

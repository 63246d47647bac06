package io.fleetanomaly.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.format.Sha256;
import io.fleetanomaly.training.GaussianFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle read once into memory and built from those bytes: what the control stream keeps in its state. */
class BundleFilesTest {

    @Test
    void readsTheManifestAndEachDetectorFileAndBuildsTheSameBundleFromThem(@TempDir Path dir) throws Exception {
        BundleWriter.write(GaussianFleet.smallBundle(), Map.of("source", "test"), "2026-01-01T00:00:00Z", dir);
        Map<String, byte[]> files = BundleLoader.readFiles(dir.toString());
        assertThat(files.keySet()).containsExactly("manifest.json", "iforest.json", "mahalanobis.json");
        assertThat(Sha256.hex(files.get("manifest.json"))).isEqualTo(Sha256.hex(Files.readAllBytes(dir.resolve("manifest.json"))));

        ModelBundle fromMemory = BundleLoader.load("in memory", files);
        ModelBundle fromDisk = BundleLoader.load(dir.toString());
        assertThat(fromMemory.version()).isEqualTo(fromDisk.version());
        assertThat(fromMemory.features()).isEqualTo(fromDisk.features());
        assertThat(fromMemory.detectorWeights()).isEqualTo(fromDisk.detectorWeights());
        assertThat(fromMemory.alertSettings()).isEqualTo(fromDisk.alertSettings());
    }

    @Test
    void theShippedBundlesIncludeTheirOnnxModel() {
        Map<String, byte[]> files = BundleLoader.readFiles(BundleLoader.defaultLocation("industrial"));
        assertThat(files).containsKeys("manifest.json", "iforest.json", "mahalanobis.json", "lstm_ae.onnx");
        assertThat(BundleLoader.load("industrial in memory", files).hasLstm()).isTrue();
    }

    @Test
    void checksEveryByteItIsGiven(@TempDir Path dir) {
        BundleWriter.write(GaussianFleet.smallBundle(), Map.of("source", "test"), "2026-01-01T00:00:00Z", dir);
        Map<String, byte[]> intact = BundleLoader.readFiles(dir.toString());
        Map<String, byte[]> files = new HashMap<>(intact);
        byte[] forest = files.get("iforest.json").clone();
        forest[forest.length / 2] ^= 1;
        files.put("iforest.json", forest);
        assertThatThrownBy(() -> BundleLoader.load("corrupt", files))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("model bundle corrupt").hasMessageContaining("checksum mismatch for iforest.json");
        Map<String, byte[]> incomplete = new HashMap<>(intact);
        incomplete.remove("mahalanobis.json");
        assertThatThrownBy(() -> BundleLoader.load("incomplete", incomplete)).hasMessageContaining("missing file mahalanobis.json");
    }
}

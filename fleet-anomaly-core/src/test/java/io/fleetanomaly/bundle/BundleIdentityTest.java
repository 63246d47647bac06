package io.fleetanomaly.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.training.GaussianFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle's identity: the same model has the same content hash, whatever the version says; another model has another. */
class BundleIdentityTest {
    static ModelBundle bundle;

    @BeforeAll
    static void train() {
        bundle = GaussianFleet.smallBundle();
    }

    @Test
    void aBundleWrittenAndLoadedAgainKeepsItsIdentity(@TempDir Path dir) {
        BundleWriter.write(bundle, Map.of("source", "test"), "2026-01-01T00:00:00Z", dir);
        ModelBundle loaded = BundleLoader.load(dir.toString());
        assertThat(loaded.identity()).isEqualTo(bundle.identity());
        assertThat(loaded.identity().version()).isEqualTo("test-gaussian");
    }

    @Test
    void theLoadedIdentityComesFromTheManifestChecksums(@TempDir Path dir) throws Exception {
        BundleWriter.write(bundle, Map.of("source", "test"), "2026-01-01T00:00:00Z", dir);
        // the same forest written with other whitespace: another file checksum, so another identity
        Path forest = dir.resolve(BundleWriter.IFOREST_FILE);
        byte[] spaced = (new String(Files.readAllBytes(forest), java.nio.charset.StandardCharsets.UTF_8) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(forest, spaced);
        Path manifest = dir.resolve(BundleLoader.MANIFEST);
        String oldSha = bundle.detectorChecksum(ModelBundle.IFOREST);
        Files.writeString(manifest, Files.readString(manifest).replace(oldSha, io.fleetanomaly.format.Sha256.hex(spaced)));
        ModelBundle loaded = BundleLoader.load(dir.toString());
        assertThat(loaded.detectorChecksum(ModelBundle.IFOREST)).isEqualTo(io.fleetanomaly.format.Sha256.hex(spaced));
        assertThat(loaded.identity().contentHash()).isNotEqualTo(bundle.identity().contentHash());
    }

    @Test
    void theVersionAloneDoesNotMakeAnotherModel() {
        ModelBundle renamed = bundle.withVersion("renamed");
        assertThat(renamed.identity().contentHash()).isEqualTo(bundle.identity().contentHash());
        assertThat(renamed.identity().version()).isEqualTo("renamed");
        assertThat(renamed.identity().fingerprint()).isEqualTo(bundle.identity().fingerprint());
    }

    @Test
    void whatChangesTheScoresChangesTheIdentityAndAlertingParametersDoNot() {
        String hash = bundle.identity().contentHash();
        assertThat(bundle.withWeights(Map.of(ModelBundle.IFOREST, 3.0)).identity().contentHash()).isNotEqualTo(hash);
        assertThat(bundle.withFusionMethod(io.fleetanomaly.fusion.FusionMethod.MAX).identity().contentHash()).isNotEqualTo(hash);
        assertThat(bundle.withMahalanobisSettings(bundle.mahalanobisSettings().withMode(MahalanobisMode.DEVICE))
                .identity().contentHash()).isNotEqualTo(hash);
        MahalanobisSettings scaled = bundle.mahalanobisSettings().withMode(MahalanobisMode.DEVICE).withDeviceScaling(0, 0, 0);
        assertThat(bundle.withMahalanobisSettings(scaled.withDeviceScaling(0, 0, 0, io.fleetanomaly.features.DeviceSpread.ROBUST))
                .identity().contentHash()).isNotEqualTo(bundle.withMahalanobisSettings(scaled).identity().contentHash());
        AlertSettings otherH = bundle.alertSettings().toBuilder().h(9.0).build();
        assertThat(bundle.withAlertSettings(otherH).identity().contentHash()).isEqualTo(hash);
    }

    @Test
    void describeNamesTheVersionAndTheStartOfTheHash() {
        BundleIdentity identity = bundle.identity();
        assertThat(identity.describe()).isEqualTo("test-gaussian (sha256 " + identity.contentHash().substring(0, 12) + ")");
        assertThat(identity.fingerprint()).isNotZero();
    }
}

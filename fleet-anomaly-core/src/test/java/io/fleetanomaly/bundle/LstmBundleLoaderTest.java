package io.fleetanomaly.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetanomaly.format.Sha256;
/** Start-up checks of a bundle's LSTM autoencoder, on copies of the shipped telemetry bundle (W 32, F 8). */
class LstmBundleLoaderTest {
    private static final Path SHIPPED = Path.of("src/main/resources/bundles/telemetry");
    private static final Path BAD_MODELS = Path.of("src/test/resources/lstm");

    @TempDir
    Path dir;

    private Path copy() throws Exception {
        return copyTo(dir.resolve("bundle"));
    }

    /** Puts another model in place and updates the manifest's checksum, so only the model's shape is wrong. */
    private static void swapModel(Path bundle, byte[] model) throws Exception {
        Path manifest = bundle.resolve("manifest.json");
        String oldSha = Sha256.hex(Files.readAllBytes(bundle.resolve("lstm_ae.onnx")));
        Files.write(bundle.resolve("lstm_ae.onnx"), model);
        Files.writeString(manifest, Files.readString(manifest).replace(oldSha, Sha256.hex(model)));
    }

    @Test
    void shippedBundlesPassEveryCheckIncludingParityWithPyTorch() {
        for (String profile : new String[] {"industrial", "telemetry"}) {
            LstmParityCheck.Result parity = BundleLoader.verify("classpath:bundles/" + profile).parity();
            assertThat(parity).isNotNull();
            assertThat(parity.windows()).isGreaterThanOrEqualTo(2);
            assertThat(parity.maxReconstructionDifference()).isLessThanOrEqualTo(1e-4);
            assertThat(parity.maxRelativeErrorDifference()).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void missingModelFile() throws Exception {
        Path bundle = copy();
        Files.delete(bundle.resolve("lstm_ae.onnx"));
        assertThatThrownBy(() -> BundleLoader.load(bundle.toString()))
                .isInstanceOf(BundleException.class).hasMessageContaining("missing file lstm_ae.onnx");
    }

    @Test
    void checksumMismatch() throws Exception {
        Path bundle = copy();
        byte[] model = Files.readAllBytes(bundle.resolve("lstm_ae.onnx"));
        model[model.length / 2] ^= 0x5A;
        Files.write(bundle.resolve("lstm_ae.onnx"), model);
        assertThatThrownBy(() -> BundleLoader.load(bundle.toString()))
                .hasMessageContaining("checksum mismatch for lstm_ae.onnx");
    }

    @Test
    void corruptModel() throws Exception {
        Path bundle = copy();
        swapModel(bundle, "this is not an ONNX model".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> BundleLoader.load(bundle.toString()))
                .hasMessageContaining("lstm_ae.onnx is not a valid ONNX model");
    }

    @Test
    void namesDisagreeWithTheManifest() throws Exception {
        Path bundle = copy();
        Path manifest = bundle.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"onnx_input\" : \"window\"", "\"onnx_input\" : \"x\""));
        assertThatThrownBy(() -> BundleLoader.load(bundle.toString()))
                .hasMessageContaining("lstm_ae.onnx input 'window' is not the expected 'x'");

        Path other = dir.resolve("outputs");
        Files.createDirectories(other);
        Path bundle2 = copyTo(other);
        swapModel(bundle2, Files.readAllBytes(BAD_MODELS.resolve("bad_output_name.onnx")));
        assertThatThrownBy(() -> BundleLoader.load(bundle2.toString()))
                .hasMessageContaining("is not the expected 'reconstruction'");
    }

    @Test
    void windowFeaturesAndRankDisagreeWithTheBundle() throws Exception {
        Path w16 = copyTo(dir.resolve("w16"));
        swapModel(w16, Files.readAllBytes(BAD_MODELS.resolve("bad_window_w16_f8.onnx")));
        assertThatThrownBy(() -> BundleLoader.load(w16.toString()))
                .hasMessageContaining("window 16 but the bundle's window is 32");

        Path f5 = copyTo(dir.resolve("f5"));
        swapModel(f5, Files.readAllBytes(BAD_MODELS.resolve("bad_features_w32_f5.onnx")));
        assertThatThrownBy(() -> BundleLoader.load(f5.toString()))
                .hasMessageContaining("5 features but the bundle has 8");

        Path rank2 = copyTo(dir.resolve("rank2"));
        swapModel(rank2, Files.readAllBytes(BAD_MODELS.resolve("bad_rank2.onnx")));
        assertThatThrownBy(() -> BundleLoader.load(rank2.toString()))
                .hasMessageContaining("rank 2, expected 3");
    }

    @Test
    void parityFailureIsReported() throws Exception {
        Path bundle = copy();
        Path fixture = bundle.resolve("lstm_ae_parity.json");
        String json = Files.readString(fixture);
        int at = json.indexOf("\"reconstructions\"");
        int digit = at + json.substring(at).indexOf("0.") ;
        Files.writeString(fixture, json.substring(0, digit) + "9" + json.substring(digit + 1));
        assertThat(BundleLoader.load(bundle.toString()).hasLstm()).as("loading does not read the fixture").isTrue();
        assertThatThrownBy(() -> BundleLoader.verify(bundle.toString()))
                .hasMessageContaining("ONNX Runtime does not reproduce PyTorch");
    }

    private static Path copyTo(Path target) throws Exception {
        Files.createDirectories(target);
        try (var files = Files.list(SHIPPED)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    // issue 12: every path a manifest gives is a plain name inside the bundle

    @Test
    void aParityFixtureOutsideTheBundleIsRefusedWithoutOpeningIt() throws Exception {
        Path bundle = copy();
        Path manifest = bundle.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest)
                .replace("\"parity_fixture\" : \"lstm_ae_parity.json\"", "\"parity_fixture\" : \"../../etc/passwd\""));
        assertThatThrownBy(() -> BundleLoader.verify(bundle.toString()))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("file name '../../etc/passwd' must be a plain name inside the bundle")
                .message().doesNotContain("root");
    }

    @Test
    void aLinkToAFileOutsideTheBundleIsRefused() throws Exception {
        Path bundle = copy();
        Path outside = dir.resolve("elsewhere.json");
        Files.move(bundle.resolve("lstm_ae_parity.json"), outside);
        Files.createSymbolicLink(bundle.resolve("lstm_ae_parity.json"), outside);
        assertThatThrownBy(() -> BundleLoader.verify(bundle.toString()))
                .hasMessageContaining("file lstm_ae_parity.json is a link to")
                .hasMessageContaining("outside the bundle");
        // a link inside the bundle is fine
        Files.delete(bundle.resolve("lstm_ae_parity.json"));
        Files.move(outside, bundle.resolve("parity-v1.json"));
        Files.createSymbolicLink(bundle.resolve("lstm_ae_parity.json"), Path.of("parity-v1.json"));
        assertThat(BundleLoader.verify(bundle.toString()).parity().passed()).isTrue();
    }

    @Test
    void aHugeFileIsOneClearErrorNotAnOutOfMemoryError() throws Exception {
        Path bundle = copy();
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(bundle.resolve("lstm_ae.onnx").toFile(), "rw")) {
            file.setLength(3L << 30); // 3 GB, sparse: nothing is written
        }
        assertThatThrownBy(() -> BundleLoader.load(bundle.toString()))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("file lstm_ae.onnx is larger than the 256 MB a bundle file may be");
    }
}

package io.fleetanomaly.job.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.BundleOverrides;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.ControlRefusal;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.testing.TestBundles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control loader on real bundle directories: every start-up check, plus the message's SHA-256 and version. */
class ControlBundleLoaderTest {
    static ModelBundle shipped;
    final ControlBundleLoader loader = new ControlBundleLoader(BundleOverrides.none(), ControlBundleLoader.DEFAULT_TIMEOUT);

    @BeforeAll
    static void load() {
        shipped = TestBundles.shipped(SimulatorProfile.INDUSTRIAL);
    }

    private LoadedControl load(String json) {
        return loader.load(ControlBundles.record(json, 7));
    }

    @Test
    void aBundleThatPassesEveryCheckIsKeptAsItsFiles(@TempDir Path dir) {
        Path v2 = ControlBundles.write(shipped.withVersion("industrial-v2"), dir);
        LoadedControl loaded = load(ControlBundles.modelMessage("swap", v2, false));

        assertThat(loaded.refusal).as(loaded.refusalDetail).isNull();
        assertThat(loaded.model.version).isEqualTo("industrial-v2");
        assertThat(loaded.model.manifestSha256).isEqualTo(ControlBundles.manifestSha256(v2));
        assertThat(loaded.model.fileNames).contains("manifest.json", "iforest.json", "mahalanobis.json", "lstm_ae.onnx");
        assertThat(loaded.model.features).containsExactlyElementsOf(shipped.features());
        assertThat(loaded.model.window).isEqualTo(shipped.window());
        assertThat(loaded.model.alerting.h).isEqualTo(shipped.alertSettings().h());
        assertThat(loaded.record.sourceOffset).isEqualTo(7);
    }

    @Test
    void alertingOverridesNeedNoLoading() {
        LoadedControl loaded = load("{\"alerting\":{\"h\":7}}");
        assertThat(loaded.refusal).isNull();
        assertThat(loaded.model).isNull();
    }

    @Test
    void aCorruptFileIsRefusedByItsChecksum(@TempDir Path dir) throws Exception {
        Path v2 = ControlBundles.write(shipped.withVersion("industrial-v2"), dir);
        ControlBundles.corrupt(v2, "iforest.json");
        LoadedControl loaded = load(ControlBundles.modelMessage("corrupt", v2, false));
        assertThat(loaded.refusal).isEqualTo(ControlRefusal.BUNDLE_INVALID);
        assertThat(loaded.refusalDetail).contains("checksum mismatch for iforest.json");
        assertThat(loaded.model).isNull();
    }

    @Test
    void anOnnxModelWithOtherInputsIsRefused(@TempDir Path dir) throws Exception {
        Path v2 = ControlBundles.write(shipped.withVersion("industrial-v2"), dir);
        ControlBundles.replaceOnnx(v2, "lstm/bad_input_name.onnx");
        LoadedControl loaded = load(ControlBundles.modelMessage("bad-onnx", v2, false));
        assertThat(loaded.refusal).isEqualTo(ControlRefusal.BUNDLE_INVALID);
        assertThat(loaded.refusalDetail).contains("lstm_ae");
    }

    @Test
    void theManifestMustHaveTheMessagesSha256AndVersion(@TempDir Path dir) {
        Path v2 = ControlBundles.write(shipped.withVersion("industrial-v2"), dir);
        String sha = ControlBundles.manifestSha256(v2);
        String other = (sha.charAt(0) == 'a' ? "b" : "a") + sha.substring(1);

        LoadedControl wrongSha = load("{\"bundle\":\"" + v2 + "\",\"sha256\":\"" + other + "\"}");
        assertThat(wrongSha.refusal).isEqualTo(ControlRefusal.SHA256_MISMATCH);
        assertThat(wrongSha.refusalDetail).contains("has SHA-256 " + sha).contains("the message says " + other);

        LoadedControl wrongVersion = load("{\"bundle\":\"" + v2 + "\",\"sha256\":\"" + sha + "\",\"version\":\"industrial-v3\"}");
        assertThat(wrongVersion.refusal).isEqualTo(ControlRefusal.VERSION_MISMATCH);
        assertThat(wrongVersion.refusalDetail).contains("'industrial-v3'").contains("'industrial-v2'");
    }

    @Test
    void aMissingDirectoryOrAnUnreadableMessageIsRefused(@TempDir Path dir) {
        LoadedControl missing = load("{\"bundle\":\"" + dir.resolve("nope") + "\",\"sha256\":\"" + "a".repeat(64) + "\"}");
        assertThat(missing.refusal).isEqualTo(ControlRefusal.BUNDLE_INVALID);
        assertThat(missing.refusalDetail).contains("nope");

        assertThat(load("h=7").refusal).isEqualTo(ControlRefusal.NOT_JSON);
    }

    @Test
    void theJobsConfigurationOverridesMustFitTheBundle(@TempDir Path dir) {
        Path nativeOnly = ControlBundles.write(shipped.withoutLstm().withVersion("native-only"), dir);
        ControlBundleLoader weightingTheLstm = new ControlBundleLoader(
                new BundleOverrides(true, Map.of("lstm_ae", 2.0), null, null, null), ControlBundleLoader.DEFAULT_TIMEOUT);
        LoadedControl loaded = weightingTheLstm.load(ControlBundles.record(ControlBundles.modelMessage("n", nativeOnly, false), 1));
        assertThat(loaded.refusal).isEqualTo(ControlRefusal.BUNDLE_INVALID);
        assertThat(loaded.refusalDetail).contains("configuration does not fit bundle native-only")
                .contains("model.weights.lstm_ae names no detector");
    }
}

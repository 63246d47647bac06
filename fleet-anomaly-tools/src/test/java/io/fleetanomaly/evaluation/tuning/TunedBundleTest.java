package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleManifest;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.format.Sha256;
import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.fusion.ScoreFusion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TunedBundleTest {

    private static final String SHIPPED = BundleLoader.defaultLocation("industrial");
    private static final String CREATED_AT = "2026-12-01T00:00:00Z";

    @Test
    void writtenTunedBundleLoadsBackWithItsWeightsSettingsAndChecksums(@TempDir Path dir) throws Exception {
        ModelBundle source = BundleLoader.load(SHIPPED);
        assertThat(source.detectorNames()).containsExactly("iforest", "mahalanobis", "lstm_ae");
        double[] weights = {0.2, 0.1, 0.7};
        AlertSettings settings = source.alertSettings().toBuilder().h(7.5).k(5.0).resolveAfterEvents(5).build();
        OperatingPoint point = new OperatingPoint(weights, settings, ConfusionMatrix.EMPTY, ConfusionMatrix.EMPTY);

        BundleManifest manifest = TunedBundle.write(SHIPPED, point, Map.of("objective", "f1"), CREATED_AT, dir);

        BundleLoader.Verification verification = BundleLoader.verify(dir.toString());
        ModelBundle tuned = verification.bundle();
        assertThat(tuned.version()).isEqualTo(source.version() + "+tuned");
        assertThat(tuned.detectorNames()).containsExactly(source.detectorNames());
        assertThat(tuned.detectorWeights()).containsExactly(weights); // grid weights survive the round trip exactly
        assertThat(tuned.alertSettings()).isEqualTo(settings);
        // Everything else is the source's.
        assertThat(tuned.features()).isEqualTo(source.features());
        assertThat(tuned.window()).isEqualTo(source.window());
        assertThat(tuned.mahalanobisSettings()).usingRecursiveComparison().isEqualTo(source.mahalanobisSettings());
        assertThat(tuned.isolationForestCalibration()).usingRecursiveComparison().isEqualTo(source.isolationForestCalibration());
        // The ONNX model is carried over byte for byte, and its parity fixture with it.
        assertThat(tuned.lstm().model().sha256()).isEqualTo(source.lstm().model().sha256());
        assertThat(verification.parity()).isNotNull();
        assertThat(verification.parity().passed()).isTrue();
        assertThat(Files.readAllBytes(dir.resolve(BundleWriter.LSTM_PARITY_FILE)))
                .isEqualTo(BundleLoader.readFile(SHIPPED, "lstm_ae_parity.json"));
        // Every checksum in the manifest is the file's.
        for (BundleManifest.Detector spec : manifest.detectors.values()) {
            assertThat(Sha256.hex(Files.readAllBytes(dir.resolve(spec.file)))).as(spec.file).isEqualTo(spec.sha256);
        }
        // The job fuses with exactly the searched weights.
        double[] scores = {1.7, 3.1, 0.4};
        assertThat(new ScoreFusion(tuned.detectorWeights()).fuse(scores)).isEqualTo(new ScoreFusion(weights).fuse(scores));
        // Training information is kept, and the tuning recorded.
        BundleManifest written = BundleLoader.readManifest(dir.toString());
        BundleManifest original = BundleLoader.readManifest(SHIPPED);
        assertThat(written.training).containsAllEntriesOf(original.training).containsKey("tuning");
        @SuppressWarnings("unchecked")
        Map<String, Object> tuning = (Map<String, Object>) written.training.get("tuning");
        assertThat(tuning).containsEntry("tuned_from", source.version()).containsEntry("objective", "f1");
        assertThat(written.createdAt).isEqualTo(CREATED_AT);
    }

    @Test
    void everyGridWeightVectorSurvivesTheManifestRoundTrip(@TempDir Path dir) {
        ModelBundle source = BundleLoader.load(SHIPPED).withoutLstm();
        BundleWriter.write(source, Map.of("source", "test"), CREATED_AT, dir.resolve("source"));
        String location = dir.resolve("source").toString();
        List<double[]> grid = WeightGrid.simplex(2, 20);
        for (int i = 0; i < grid.size(); i++) {
            double[] w = grid.get(i);
            if (w[0] == 0.0 && w[1] == 0.0) {
                continue;
            }
            Path out = dir.resolve("tuned-" + i);
            TunedBundle.write(location, source, w, source.alertSettings(), null, CREATED_AT, out);
            assertThat(BundleLoader.load(out.toString()).detectorWeights()).as("weights %s", java.util.Arrays.toString(w))
                    .containsExactly(w);
        }
    }

    @Test
    void aBundleWithoutAnLstmStaysWithoutAndRetuningDoesNotStackTheSuffix(@TempDir Path dir) {
        ModelBundle native2 = BundleLoader.load(SHIPPED).withoutLstm();
        BundleWriter.write(native2, null, CREATED_AT, dir.resolve("native"));
        String location = dir.resolve("native").toString();

        AlertSettings settings = native2.alertSettings().toBuilder().h(9.0).build();
        TunedBundle.write(location, native2, new double[] {0.3, 0.7}, settings, null, CREATED_AT, dir.resolve("once"));
        ModelBundle once = BundleLoader.load(dir.resolve("once").toString());
        assertThat(once.hasLstm()).isFalse();
        assertThat(Files.exists(dir.resolve("once").resolve(BundleWriter.LSTM_FILE))).isFalse();
        assertThat(once.detectorWeights()).containsExactly(0.3, 0.7);
        assertThat(once.alertSettings()).isEqualTo(settings);

        TunedBundle.write(dir.resolve("once").toString(), once, new double[] {0.6, 0.4}, settings, null, CREATED_AT,
                dir.resolve("twice"));
        ModelBundle twice = BundleLoader.load(dir.resolve("twice").toString());
        assertThat(twice.version()).isEqualTo(native2.version() + "+tuned");
        assertThat(twice.detectorWeights()).containsExactly(0.6, 0.4);
    }

    @Test
    void filesAreReadOnlyFromInsideTheBundleAndAParityFixtureNeedsAnLstm(@TempDir Path dir) {
        assertThatThrownBy(() -> BundleLoader.readFile(SHIPPED, "../industrial/manifest.json"))
                .hasMessageContaining("plain name inside the bundle");
        assertThatThrownBy(() -> BundleLoader.readFile(SHIPPED, "nothing.json")).hasMessageContaining("missing file");
        ModelBundle withoutLstm = BundleLoader.load(SHIPPED).withoutLstm();
        assertThatThrownBy(() -> BundleWriter.write(withoutLstm, null, CREATED_AT, dir, new byte[] {1}))
                .hasMessageContaining("no LSTM autoencoder");
    }

    @Test
    void weightsMustMatchTheDetectors() {
        ModelBundle source = BundleLoader.load(SHIPPED);
        assertThatThrownBy(() -> TunedBundle.of(source, new double[] {0.5, 0.5}, source.alertSettings()))
                .hasMessageContaining("3 detectors but 2 weights");
        assertThatThrownBy(() -> TunedBundle.of(source, new double[] {0.0, 0.0, 0.0}, source.alertSettings()))
                .hasMessageContaining("must not all be zero");
    }
}

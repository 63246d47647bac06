package io.fleetanomaly.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.detectors.mahalanobis.ReadingSpread;
import io.fleetanomaly.training.GaussianFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleLoaderTest {
    @TempDir
    static Path shared;

    static Path good;

    @BeforeAll
    static void writeBundle() {
        good = shared.resolve("good");
        BundleWriter.write(GaussianFleet.smallBundle(), java.util.Map.of("source", "test"), "2026-01-01T00:00:00Z", good);
    }

    private static Path copy(Path target) throws Exception {
        Files.createDirectories(target);
        try (var files = Files.list(good)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    private static void edit(Path manifest, String from, String to) throws Exception {
        String text = Files.readString(manifest);
        assertThat(java.util.regex.Pattern.compile(from).matcher(text).find()).as(from).isTrue();
        Files.writeString(manifest, text.replaceFirst(from, to));
    }

    @Test
    void loadsWhatTheWriterWroteWithIdenticalScores() {
        ModelBundle bundle = BundleLoader.load(good.toString());
        assertThat(bundle.features()).containsExactlyElementsOf(GaussianFleet.FEATURES);
        assertThat(bundle.window()).isEqualTo(32);
        assertThat(bundle.detectorNames()).containsExactly("iforest", "mahalanobis");
        assertThat(bundle.detectorWeights()).containsExactly(0.5, 0.5);
    }

    @Test
    void shipsADefaultBundlePerProfile() {
        for (String profile : java.util.List.of("industrial", "telemetry")) {
            ModelBundle bundle = BundleLoader.load(BundleLoader.defaultLocation(profile));
            assertThat(bundle.features()).hasSize(profile.equals("industrial") ? 5 : 8);
            assertThat(bundle.hasLstm()).isTrue();
        }
    }

    @Test
    void missingDirectoryOrManifest(@TempDir Path dir) {
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("nope").toString()))
                .isInstanceOf(BundleException.class).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> BundleLoader.load(dir.toString()))
                .hasMessageContaining("missing file manifest.json");
        assertThatThrownBy(() -> BundleLoader.load("classpath:bundles/no-such-profile"))
                .hasMessageContaining("missing file manifest.json");
    }

    @Test
    void missingDetectorFile(@TempDir Path dir) throws Exception {
        Path bundle = copy(dir.resolve("b"));
        Files.delete(bundle.resolve("iforest.json"));
        assertThatThrownBy(() -> BundleLoader.load(bundle.toString()))
                .hasMessageContaining("missing file iforest.json");
    }

    @Test
    void checksumMismatch(@TempDir Path dir) throws Exception {
        Path bundle = copy(dir.resolve("b"));
        Path file = bundle.resolve("mahalanobis.json");
        Files.writeString(file, Files.readString(file).replaceFirst("\\d", "7").replaceFirst("\\d", "3"));
        assertThatThrownBy(() -> BundleLoader.load(bundle.toString()))
                .hasMessageContaining("checksum mismatch for mahalanobis.json");
    }

    @Test
    void featureCountMismatch(@TempDir Path dir) throws Exception {
        Path bundle = copy(dir.resolve("b"));
        edit(bundle.resolve("manifest.json"), "\"power_kw\"", "\"power_kw\", \"humidity\"");
        assertThatThrownBy(() -> BundleLoader.load(bundle.toString()))
                .hasMessageContaining("scaler.mean must have 6 values");
    }

    @Test
    void theFusionMethodRoundTripsAndABadOneIsNamed(@TempDir Path dir) throws Exception {
        ModelBundle weightedMean = BundleLoader.load(good.toString());
        assertThat(weightedMean.fusionMethod()).isEqualTo(io.fleetanomaly.fusion.FusionMethod.WEIGHTED_MEAN);
        ModelBundle max = weightedMean.withFusionMethod(io.fleetanomaly.fusion.FusionMethod.MAX);
        BundleWriter.write(max, java.util.Map.of(), "2026-11-23T00:00:00Z", dir.resolve("max"));
        assertThat(Files.readString(dir.resolve("max").resolve("manifest.json"))).contains("\"fusion\" : \"max\"");
        assertThat(BundleLoader.load(dir.resolve("max").toString()).fusionMethod())
                .isEqualTo(io.fleetanomaly.fusion.FusionMethod.MAX);
        edit(dir.resolve("max").resolve("manifest.json"), "\"fusion\" : \"max\"", "\"fusion\" : \"median\"");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("max").toString()))
                .hasMessageContaining("fusion").hasMessageContaining("weighted_mean or max");
    }

    @Test
    void theDeviceSpreadRoundTripsAndABadOneIsNamed(@TempDir Path dir) throws Exception {
        ModelBundle bundle = BundleLoader.load(good.toString());
        MahalanobisSettings robust = new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6, io.fleetanomaly.features.DeviceSpread.ROBUST);
        BundleWriter.write(bundle.withMahalanobisSettings(robust), java.util.Map.of(), "2026-11-28T00:00:00Z", dir.resolve("robust"));
        MahalanobisSettings loaded = BundleLoader.load(dir.resolve("robust").toString()).mahalanobisSettings();
        assertThat(loaded.spread()).isEqualTo(io.fleetanomaly.features.DeviceSpread.ROBUST);
        assertThat(loaded.levelEvents()).isEqualTo(6);
        Path manifest = dir.resolve("robust").resolve("manifest.json");
        edit(manifest, "\"device_spread\" : \"robust\"", "\"device_spread\" : \"mad\"");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("robust").toString()))
                .hasMessageContaining("device spread").hasMessageContaining("mad");
        // a manifest written before there was a choice has no device_spread: the long-run spread
        edit(manifest, "\"device_spread\" : \"mad\",", "");
        assertThat(BundleLoader.load(dir.resolve("robust").toString()).mahalanobisSettings().spread())
                .isEqualTo(io.fleetanomaly.features.DeviceSpread.LONG_RUN);
    }

    @Test
    void theWeeklyPriorRoundTripsAnOldBundleHasNoneAndABadOneIsNamed(@TempDir Path dir) throws Exception {
        ModelBundle bundle = BundleLoader.load(good.toString());
        assertThat(bundle.mahalanobisSettings().weeklyPrior()).isNull();
        int f = bundle.scaler().dimensions();
        double[] gains = new double[168 * f];
        java.util.Arrays.fill(gains, 1.0);
        gains[60] = 0.8;
        io.fleetanomaly.features.WeeklyPrior prior = new io.fleetanomaly.features.WeeklyPrior(3_600_000L, new double[f], gains);
        MahalanobisSettings weekly = new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6, io.fleetanomaly.features.DeviceSpread.ROBUST)
                .withWeeklyPrior(prior);
        BundleWriter.write(bundle.withMahalanobisSettings(weekly), java.util.Map.of(), "2026-11-28T00:00:00Z", dir.resolve("w"));
        io.fleetanomaly.features.WeeklyPrior loaded =
                BundleLoader.load(dir.resolve("w").toString()).mahalanobisSettings().weeklyPrior();
        assertThat(loaded.gains()).containsExactly(gains);
        assertThat(loaded.binMs()).isEqualTo(3_600_000L);
        edit(dir.resolve("w").resolve("manifest.json"), "0.8,", "-0.8,");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("w").toString()))
                .hasMessageContaining("device_weekly_prior").hasMessageContaining("positive");
    }

    @Test
    void theMissingPeakHoldRoundTripsAndABundleWithoutItLoadsWithItOff(@TempDir Path dir) throws Exception {
        ModelBundle bundle = BundleLoader.load(good.toString());
        MahalanobisSettings reference = new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6, io.fleetanomaly.features.DeviceSpread.ROBUST)
                .withDeviceReference(288);
        BundleWriter.write(bundle.withMahalanobisSettings(reference.withMissingPeakHold(true)), java.util.Map.of(),
                "2026-11-28T00:00:00Z", dir.resolve("hold"));
        Path manifest = dir.resolve("hold").resolve("manifest.json");
        assertThat(Files.readString(manifest)).contains("\"device_missing_peak_hold\" : true");
        assertThat(BundleLoader.load(dir.resolve("hold").toString()).mahalanobisSettings().missingPeakHold()).isTrue();
        BundleWriter.write(bundle.withMahalanobisSettings(reference), java.util.Map.of(), "2026-11-28T00:00:00Z",
                dir.resolve("without"));
        assertThat(Files.readString(dir.resolve("without").resolve("manifest.json"))).doesNotContain("missing_peak");
        assertThat(BundleLoader.load(dir.resolve("without").toString()).mahalanobisSettings().missingPeakHold()).isFalse();
        // the hold needs a reference level (and a season)
        assertThatThrownBy(() -> new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6).withMissingPeakHold(true))
                .hasMessageContaining("missing-peak hold");
    }

    @Test
    void theSeasonCorrectionRoundTripsAndABundleWithoutItLoadsWithItOff(@TempDir Path dir) throws Exception {
        ModelBundle bundle = BundleLoader.load(good.toString());
        MahalanobisSettings reference = new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6, io.fleetanomaly.features.DeviceSpread.ROBUST)
                .withDeviceReference(288);
        BundleWriter.write(bundle.withMahalanobisSettings(reference.withSeasonCorrection(864)), java.util.Map.of(),
                "2026-11-28T00:00:00Z", dir.resolve("corrected"));
        Path manifest = dir.resolve("corrected").resolve("manifest.json");
        assertThat(Files.readString(manifest)).contains("\"device_season_correction_events\" : 864");
        assertThat(BundleLoader.load(dir.resolve("corrected").toString()).mahalanobisSettings().seasonCorrectionEvents())
                .isEqualTo(864);
        BundleWriter.write(bundle.withMahalanobisSettings(reference), java.util.Map.of(), "2026-11-28T00:00:00Z",
                dir.resolve("without"));
        assertThat(Files.readString(dir.resolve("without").resolve("manifest.json"))).doesNotContain("season_correction");
        assertThat(BundleLoader.load(dir.resolve("without").toString()).mahalanobisSettings().seasonCorrectionEvents())
                .isZero();
        edit(manifest, "\"device_season_correction_events\" : 864", "\"device_season_correction_events\" : -5");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("corrected").toString()))
                .hasMessageContaining("season correction");
        // the correction needs a reference level (and a season)
        assertThatThrownBy(() -> new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6).withSeasonCorrection(864))
                .hasMessageContaining("season correction");
    }

    @Test
    void theMissingPeakSensorGateRoundTripsAndABundleWithoutItScoresEverySensor(@TempDir Path dir) throws Exception {
        ModelBundle bundle = BundleLoader.load(good.toString());
        MahalanobisSettings scored = new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6, io.fleetanomaly.features.DeviceSpread.ROBUST)
                .withDeviceReference(288)
                .withMissingPeakScore(true);
        BundleWriter.write(bundle.withMahalanobisSettings(scored.withMissingPeakMaxAutocorrelation(0.65)), java.util.Map.of(),
                "2026-11-29T00:00:00Z", dir.resolve("gated"));
        Path manifest = dir.resolve("gated").resolve("manifest.json");
        assertThat(Files.readString(manifest)).contains("\"device_missing_peak_max_autocorrelation\" : 0.65");
        MahalanobisSettings loaded = BundleLoader.load(dir.resolve("gated").toString()).mahalanobisSettings();
        assertThat(loaded.missingPeakMaxAutocorrelation()).isEqualTo(0.65);
        assertThat(loaded.gatesMissingPeakSensors()).isTrue();
        // a bundle with the score and no gate (as written before there was one) has no field and scores every sensor
        BundleWriter.write(bundle.withMahalanobisSettings(scored), java.util.Map.of(), "2026-11-29T00:00:00Z",
                dir.resolve("every"));
        assertThat(Files.readString(dir.resolve("every").resolve("manifest.json")))
                .contains("\"device_missing_peak_score\" : true").doesNotContain("max_autocorrelation");
        MahalanobisSettings every = BundleLoader.load(dir.resolve("every").toString()).mahalanobisSettings();
        assertThat(every.missingPeakMaxAutocorrelation()).isEqualTo(MahalanobisSettings.EVERY_SENSOR);
        assertThat(every.gatesMissingPeakSensors()).isFalse();
        // the gate changes what the bundle scores: its identity too
        assertThat(BundleLoader.load(dir.resolve("gated").toString()).identity().fingerprint())
                .isNotEqualTo(BundleLoader.load(dir.resolve("every").toString()).identity().fingerprint());
        edit(manifest, "\"device_missing_peak_max_autocorrelation\" : 0.65", "\"device_missing_peak_max_autocorrelation\" : 1.5");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("gated").toString()))
                .hasMessageContaining("largest sensor autocorrelation");
        // a gate needs the score; turning the score off takes the gate away
        assertThatThrownBy(() -> scored.withMissingPeakScore(false).withMissingPeakMaxAutocorrelation(0.65))
                .hasMessageContaining("needs the missing-peak score");
        MahalanobisSettings off = loaded.withMissingPeakScore(false);
        assertThat(off.missingPeakScore()).isFalse();
        assertThat(off.missingPeakMaxAutocorrelation()).isEqualTo(MahalanobisSettings.EVERY_SENSOR);
    }

    @Test
    void theVarianceStatisticRoundTripsAndABundleWithoutItLoadsWithItOff(@TempDir Path dir) throws Exception {
        ModelBundle bundle = BundleLoader.load(good.toString());
        MahalanobisSettings scaled = new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6, io.fleetanomaly.features.DeviceSpread.ROBUST)
                .withDeviceReference(288)
                .withSeasonCorrection(864);
        BundleWriter.write(bundle.withMahalanobisSettings(scaled.withVarianceChange(24)), java.util.Map.of(),
                "2026-11-29T00:00:00Z", dir.resolve("variance"));
        Path manifest = dir.resolve("variance").resolve("manifest.json");
        assertThat(Files.readString(manifest)).contains("\"device_variance_events\" : 24");
        MahalanobisSettings loaded = BundleLoader.load(dir.resolve("variance").toString()).mahalanobisSettings();
        assertThat(loaded.varianceEvents()).isEqualTo(24);
        assertThat(loaded.seasonCorrectionEvents()).isEqualTo(864);
        BundleWriter.write(bundle.withMahalanobisSettings(scaled), java.util.Map.of(), "2026-11-29T00:00:00Z",
                dir.resolve("without"));
        assertThat(Files.readString(dir.resolve("without").resolve("manifest.json"))).doesNotContain("variance").doesNotContain("missing_peak_score");
        assertThat(BundleLoader.load(dir.resolve("without").toString()).mahalanobisSettings().varianceEvents()).isZero();
        // the statistic changes what the bundle scores: its identity too
        assertThat(BundleLoader.load(dir.resolve("variance").toString()).identity().fingerprint())
                .isNotEqualTo(BundleLoader.load(dir.resolve("without").toString()).identity().fingerprint());
        // the missing-peak score round-trips too; it needs a season and a reference level
        BundleWriter.write(bundle.withMahalanobisSettings(scaled.withMissingPeakScore(true)), java.util.Map.of(),
                "2026-11-29T00:00:00Z", dir.resolve("peak"));
        assertThat(Files.readString(dir.resolve("peak").resolve("manifest.json"))).contains("\"device_missing_peak_score\" : true");
        assertThat(BundleLoader.load(dir.resolve("peak").toString()).mahalanobisSettings().missingPeakScore()).isTrue();
        assertThat(BundleLoader.load(dir.resolve("without").toString()).mahalanobisSettings().missingPeakScore()).isFalse();
        assertThatThrownBy(() -> new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6).withMissingPeakScore(true))
                .hasMessageContaining("missing-peak score");
        edit(manifest, "\"device_variance_events\" : 24", "\"device_variance_events\" : 1");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("variance").toString()))
                .hasMessageContaining("variance statistic");
        // it needs device-scaled inputs
        assertThatThrownBy(() -> new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1).withVarianceChange(24))
                .hasMessageContaining("variance statistic");
    }

    @Test
    void theDeviceReadingSpreadRoundTripsAndABundleWithoutItKeepsTheLongRunSpread(@TempDir Path dir) throws Exception {
        ModelBundle bundle = BundleLoader.load(good.toString());
        MahalanobisSettings scaled = new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1)
                .withDeviceScaling(86_400_000L, 3, 6, io.fleetanomaly.features.DeviceSpread.ROBUST)
                .withDeviceReference(288);
        assertThat(scaled.readingSpread()).isEqualTo(ReadingSpread.LONG_RUN);
        BundleWriter.write(bundle.withMahalanobisSettings(scaled.withReadingSpread(ReadingSpread.PREDICTIVE)), java.util.Map.of(),
                "2026-11-29T00:00:00Z", dir.resolve("predictive"));
        Path manifest = dir.resolve("predictive").resolve("manifest.json");
        assertThat(Files.readString(manifest)).contains("\"device_reading_spread\" : \"predictive\"");
        assertThat(BundleLoader.load(dir.resolve("predictive").toString()).mahalanobisSettings().readingSpread())
                .isEqualTo(ReadingSpread.PREDICTIVE);
        BundleWriter.write(bundle.withMahalanobisSettings(scaled), java.util.Map.of(), "2026-11-29T00:00:00Z", dir.resolve("without"));
        assertThat(Files.readString(dir.resolve("without").resolve("manifest.json"))).doesNotContain("reading_spread");
        assertThat(BundleLoader.load(dir.resolve("without").toString()).mahalanobisSettings().readingSpread())
                .isEqualTo(ReadingSpread.LONG_RUN);
        // it changes what the bundle scores: its identity too; long_run keeps the identity of bundles written before the choice
        assertThat(BundleLoader.load(dir.resolve("predictive").toString()).identity().fingerprint())
                .isNotEqualTo(BundleLoader.load(dir.resolve("without").toString()).identity().fingerprint());
        assertThat(bundle.withMahalanobisSettings(scaled.withReadingSpread(ReadingSpread.LONG_RUN)).identity().fingerprint())
                .isEqualTo(bundle.withMahalanobisSettings(scaled).identity().fingerprint());
        edit(manifest, "\"device_reading_spread\" : \"predictive\"", "\"device_reading_spread\" : \"hourly\"");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("predictive").toString()))
                .hasMessageContaining("reading spread").hasMessageContaining("hourly");
        // it needs device-scaled inputs
        assertThatThrownBy(() -> new MahalanobisSettings(MahalanobisMode.DEVICE, 288, 0.1, 1).withReadingSpread(ReadingSpread.PLAIN))
                .hasMessageContaining("reading spread");
    }

    @Test
    void deviceSmoothingAndRecoveryRoundTripAndBadValuesAreNamed(@TempDir Path dir) throws Exception {
        ModelBundle bundle = BundleLoader.load(good.toString());
        assertThat(bundle.mahalanobisSettings().deviceSmoothingEvents())
                .isEqualTo(MahalanobisSettings.DEFAULT_DEVICE_SMOOTHING_EVENTS);
        ModelBundle changed = bundle
                .withMahalanobisSettings(new MahalanobisSettings(MahalanobisMode.DEVICE, 128, 0.2, 16))
                .withAlertSettings(bundle.alertSettings().toBuilder().recoveryFraction(0.6).recoveryEwmaAlpha(0.05)
                        .recoveryMaxLevel(5.5).resolveMaxLevel(1.5).returnHorizonMs(43_200_000L).build());
        BundleWriter.write(changed, java.util.Map.of(), "2026-11-23T00:00:00Z", dir.resolve("changed"));
        ModelBundle loaded = BundleLoader.load(dir.resolve("changed").toString());
        assertThat(loaded.mahalanobisSettings().deviceSmoothingEvents()).isEqualTo(16);
        assertThat(loaded.alertSettings().recoveryFraction()).isEqualTo(0.6);
        assertThat(loaded.alertSettings().recoveryEwmaAlpha()).isEqualTo(0.05);
        assertThat(loaded.alertSettings().recoveryMaxLevel()).isEqualTo(5.5);
        assertThat(loaded.alertSettings().resolveMaxLevel()).isEqualTo(1.5);
        assertThat(loaded.alertSettings().returnHorizonMs()).isEqualTo(43_200_000L);

        Path manifest = dir.resolve("changed").resolve("manifest.json");
        edit(manifest, "\"device_smoothing_events\" : 16", "\"device_smoothing_events\" : 40");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("changed").toString()))
                .hasMessageContaining("device_smoothing_events (40) is larger than the window (32)");
        edit(manifest, "\"device_smoothing_events\" : 40", "\"device_smoothing_events\" : 0");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("changed").toString()))
                .hasMessageContaining("device_smoothing_events must be >= 1, got 0");
        edit(manifest, "\"device_smoothing_events\" : 0", "\"device_smoothing_events\" : 16");
        edit(manifest, "\"recovery_fraction\" : 0.6", "\"recovery_fraction\" : 1.5");
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("changed").toString()))
                .hasMessageContaining("alerting").hasMessageContaining("recoveryFraction");
    }

    @Test
    void unknownKeyAndBadValues(@TempDir Path dir) throws Exception {
        Path typo = copy(dir.resolve("typo"));
        edit(typo.resolve("manifest.json"), "\"window\"", "\"windw\"");
        assertThatThrownBy(() -> BundleLoader.load(typo.toString()))
                .hasMessageContaining("unknown key 'windw'");

        Path window = copy(dir.resolve("window"));
        edit(window.resolve("manifest.json"), "\"window\" : 32", "\"window\" : 1");
        assertThatThrownBy(() -> BundleLoader.load(window.toString()))
                .hasMessageContaining("window must be between 2 and 4096");

        Path weight = copy(dir.resolve("weight"));
        edit(weight.resolve("manifest.json"), "\"weight\" : [0-9.]+", "\"weight\" : -1");
        assertThatThrownBy(() -> BundleLoader.load(weight.toString()))
                .hasMessageContaining("iforest weight must be a finite number >= 0");

        Path alerting = copy(dir.resolve("alerting"));
        edit(alerting.resolve("manifest.json"), "\"h\" : [0-9.]+", "\"h\" : -5.0");
        assertThatThrownBy(() -> BundleLoader.load(alerting.toString()))
                .hasMessageContaining("alerting").hasMessageContaining("h");

        Path notJson = copy(dir.resolve("notjson"));
        Files.writeString(notJson.resolve("manifest.json"), "{ this is not json");
        assertThatThrownBy(() -> BundleLoader.load(notJson.toString()))
                .hasMessageContaining("manifest.json is not valid");
    }
}

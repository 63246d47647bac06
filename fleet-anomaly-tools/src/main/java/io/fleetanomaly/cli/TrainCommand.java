package io.fleetanomaly.cli;

import io.fleetanomaly.detectors.mahalanobis.ReadingSpread;
import io.fleetanomaly.features.DeviceSpread;
import io.fleetanomaly.bundle.AlertingParameters;
import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.MahalanobisSettings;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.config.JobConfigLoader;
import io.fleetanomaly.detectors.iforest.IsolationForestTrainer;
import io.fleetanomaly.evaluation.quality.EvaluationTraining;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.training.BundleTrainer;
import io.fleetanomaly.training.CsvTrainingReader;
import io.fleetanomaly.simulator.SimulatorTrainingData;
import io.fleetanomaly.training.TrainingData;
import io.fleetanomaly.training.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: fits a model bundle to normal data and writes it to a directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Fits the scaler, Isolation Forest, Mahalanobis model and score calibrations to normal data",
            "(a CSV file, or the simulator's normal output) and writes a model bundle directory:",
            "manifest.json plus detector files with their SHA-256."
        })
public final class TrainCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    DataSource data;

    static final class DataSource {
        @Option(names = "--csv", description = "CSV of normal data (header row; device_id, ts, label columns are recognised).")
        Path csv;

        @Option(names = "--simulator", description = "Train on the simulator's normal output for this profile (industrial, telemetry, service, process).")
        String simulatorProfile;
    }

    @Option(names = "--out", required = true, description = "Bundle directory to write.")
    Path out;

    @Option(names = "--features", split = ",", description = "CSV feature columns in model order (default: all other columns).")
    List<String> features = List.of();

    @Option(names = "--bundle-version", description = "Version shown in alerts (default: <name>-<features>@<date>).")
    String version;

    @Option(names = "--devices", defaultValue = "40", description = "Simulator: devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--events-per-device", defaultValue = "1500", description = "Simulator: events per device (default ${DEFAULT-VALUE}).")
    int eventsPerDevice;

    @Option(names = "--data-seed", defaultValue = "7", description = "Simulator: seed of the training fleet; keep it apart from the seeds you evaluate on (default ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--window", defaultValue = "32", description = "Window length W (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--trees", defaultValue = "" + IsolationForestTrainer.DEFAULT_NUM_TREES, description = "Isolation Forest trees t (default ${DEFAULT-VALUE}).")
    int trees;

    @Option(names = "--subsample", defaultValue = "" + IsolationForestTrainer.DEFAULT_SUBSAMPLE_SIZE, description = "Isolation Forest subsample size psi (default ${DEFAULT-VALUE}).")
    int subsample;

    @Option(names = "--seed", defaultValue = "" + IsolationForestTrainer.DEFAULT_SEED, description = "Training seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mahalanobis-mode", defaultValue = "fleet", description = "fleet or device (default ${DEFAULT-VALUE}).")
    String mahalanobisMode;

    @Option(names = "--device-warmup-events", defaultValue = "" + MahalanobisSettings.DEFAULT_DEVICE_WARMUP_EVENTS, description = "Device mode: events a device learns from (default ${DEFAULT-VALUE}).")
    int deviceWarmupEvents;

    @Option(names = "--device-shrinkage", defaultValue = "" + MahalanobisSettings.DEFAULT_DEVICE_SHRINKAGE, description = "Device mode: covariance shrinkage (default ${DEFAULT-VALUE}).")
    double deviceShrinkage;

    @Option(names = "--device-smoothing-events", defaultValue = "" + MahalanobisSettings.DEFAULT_DEVICE_SMOOTHING_EVENTS, description = "Device mode: also score the mean of this many last readings, given a warm-up of at least 20 such windows (default ${DEFAULT-VALUE}).")
    int deviceSmoothingEvents;

    @Option(names = "--device-season", defaultValue = "0", description = "Device mode: the period of each device's season, fitted to its warm-up (e.g. 1d; 0 = none; the warm-up must span it) (default ${DEFAULT-VALUE}).")
    String deviceSeason;

    @Option(names = "--device-season-harmonics", defaultValue = "3", description = "Device mode: harmonics of the device season (default ${DEFAULT-VALUE}).")
    int deviceSeasonHarmonics;

    @Option(names = "--device-level-events", defaultValue = "0", description = "Device mode: events over which each device's level follows a slow trend (0 = none) (default ${DEFAULT-VALUE}).")
    int deviceLevelEvents;

    @Option(names = "--device-reference-events", defaultValue = "0", description = "Device mode, with --device-level-events: a slow reference level, the median of the last N events' deseasonalised readings (in 24 bins), that a fault cannot drag; the level moves only near it or when every sensor's load changes together (docs/detectors.md; 0 = none) (default ${DEFAULT-VALUE}).")
    int deviceReferenceEvents;

    @Option(names = "--device-weekly-prior", description = "Device mode: learn the fleet's weekly calendar from the training data (per sensor, the typical gain of the reading at each hour of the week, UTC, against each device's one-day season: a quieter week-end) and apply it to every device from its first week-end; a fleet without a weekly pattern learns gains of 1 (docs/detectors.md).")
    boolean deviceWeeklyPrior;

    @Option(names = "--device-missing-peak-hold", description = "Device mode, with --device-season and --device-reference-events: the level does not follow a daily peak that does not come (a reading in the season's peak hours that has lost half of it, while the level is near the reference; docs/detectors.md).")
    boolean deviceMissingPeakHold;

    @Option(names = "--device-season-correction-events", defaultValue = "0", description = "Device mode, with --device-season and --device-reference-events: correct each device's season online after its warm-up, a least-squares fit of the residual's daily shape over about the last N events, learned from readings within the reference gate only: a slow sensor's one-day season fit stops carrying that day's slow noise into later days (docs/detectors.md; 0 = none) (default ${DEFAULT-VALUE}).")
    int deviceSeasonCorrectionEvents;

    @Option(names = "--device-variance-events", defaultValue = "0", description = "Device mode: also score a change of each sensor's noise, an EWMA over about K events of its reading-to-reading change against the change its warm-up showed (clipped, so spikes and steps count little), beside the reading's d², with per-sensor contributions (docs/detectors.md; 0 = none) (default ${DEFAULT-VALUE}).")
    int deviceVarianceEvents;

    @Option(names = "--device-missing-peak-score", description = "Device mode, with --device-season and --device-reference-events: a level that followed a daily peak that did not come scores by how far it fell below the reference (in the season's peak hours, once it has taken half the expected peak; docs/detectors.md).")
    boolean deviceMissingPeakScore;

    @Option(names = "--device-missing-peak-max-autocorrelation", defaultValue = "1", description = "With --device-missing-peak-score: score only sensors whose lag-one autocorrelation, estimated from each device's warm-up (1 - s^2/2, s the spread of its reading-to-reading changes in its own spreads), is at most this: a slow sensor (a temperature) whose level wanders below its reference in the peak hours does not score (docs/detectors.md; 1 = every sensor) (default ${DEFAULT-VALUE}).")
    double deviceMissingPeakMaxAutocorrelation;

    @Option(names = "--device-reading-spread", defaultValue = "long_run", description = "Device mode with device-scaled inputs: what the device's own Mahalanobis model divides each reading by: long_run (the long-run spread of the warm-up's device-scaled readings, the spread of their hourly means: two to three times the plain spread on a slow sensor, which shrinks its level shifts), plain (their standard deviation) or predictive (the standard deviation widened by the warm-up fit's error on later readings; docs/detectors.md) (default ${DEFAULT-VALUE}).")
    String deviceReadingSpread;

    @Option(names = "--device-spread", defaultValue = "long_run", description = "Device mode: what each device's readings are divided by: long_run (the warm-up's long-run spread, for slow sensors), robust (the spread of single readings) or robust_predictive (the robust spread widened by the warm-up fit's error on later readings, for autocorrelated sensors) (default ${DEFAULT-VALUE}).")
    String deviceSpread;

    @Option(names = "--device-inputs-csv", description = "Device mode: also write the LSTM autoencoder's inputs (each device on its own scale after its warm-up) to this CSV, for jobs/train-lstm --scaled-csv.")
    Path deviceInputsCsv;

    @Option(names = "--pca", description = "Fleet mode: the Mahalanobis detector scores Hotelling's T² and the squared prediction error (SPE, Q) of a PCA of the fleet's readings, and of their means over --device-smoothing-events, instead of the shrunk d²: correlated processes (docs/detectors.md#pca-monitor-t-and-spe).")
    boolean pca;

    @Option(names = "--pca-ewma-alpha", description = "With --pca: also score the multivariate EWMA chart of each device's principal scores with this smoothing factor (e.g. 0.01: small shifts that persist for ~1/alpha readings; docs/detectors.md#pca-monitor-t-and-spe). Default 0: none.")
    double pcaEwmaAlpha;

    @Option(names = "--pca-centred-events", description = "With --pca: also score the SPE of the smoothed reading about each device's own centre, the mean residual of its first N smoothed readings (a plant's operating-point offset hides a stuck or drifting sensor in the fleet SPE; docs/detectors.md#pca-monitor-t-and-spe). Default 0: none.")
    int pcaCentredEvents;

    @Option(names = "--weights", split = ",", description = "Fusion weights, e.g. iforest=0.5,mahalanobis=0.5 (default equal).")
    Map<String, Double> weights = new LinkedHashMap<>();

    @Option(names = "--alerting-config", description = "YAML job configuration whose 'alerting' section sets the bundle's CUSUM parameters.")
    Path alertingConfig;

    /** Device mode trains every detector on device-scaled inputs (with the season and level asked for). */
    private MahalanobisSettings mahalanobisSettings() {
        MahalanobisMode mode = MahalanobisMode.parse(mahalanobisMode);
        MahalanobisSettings plain = new MahalanobisSettings(mode, deviceWarmupEvents, deviceShrinkage, deviceSmoothingEvents);
        long seasonMs = deviceSeason.trim().equals("0") ? 0L : JobConfigLoader.parseDuration(deviceSeason).toMillis();
        if (mode == MahalanobisMode.FLEET) {
            if (seasonMs > 0 || deviceLevelEvents > 0 || deviceReferenceEvents > 0 || deviceMissingPeakHold
                    || deviceSeasonCorrectionEvents != 0 || deviceVarianceEvents != 0 || deviceMissingPeakScore
                    || deviceMissingPeakMaxAutocorrelation != MahalanobisSettings.EVERY_SENSOR
                    || ReadingSpread.parse(deviceReadingSpread) != ReadingSpread.LONG_RUN
                    || DeviceSpread.parse(deviceSpread) != DeviceSpread.LONG_RUN) {
                throw new IllegalArgumentException("--device-season, --device-level-events, --device-reference-events,"
                        + " --device-missing-peak-hold, --device-season-correction-events, --device-variance-events, --device-missing-peak-score,"
                        + " --device-missing-peak-max-autocorrelation, --device-reading-spread and --device-spread need"
                        + " --mahalanobis-mode device");
            }
            return plain;
        }
        return plain.withDeviceScaling(seasonMs, deviceSeasonHarmonics, deviceLevelEvents, DeviceSpread.parse(deviceSpread))
                .withDeviceReference(deviceReferenceEvents)
                .withMissingPeakHold(deviceMissingPeakHold)
                .withSeasonCorrection(deviceSeasonCorrectionEvents)
                .withVarianceChange(deviceVarianceEvents)
                .withMissingPeakScore(deviceMissingPeakScore)
                .withMissingPeakMaxAutocorrelation(deviceMissingPeakMaxAutocorrelation)
                .withReadingSpread(ReadingSpread.parse(deviceReadingSpread));
    }

    /** The LSTM's inputs in the CSV {@code jobs/train-lstm --scaled-csv} reads (as the SKAB training writes them). */
    private void writeDeviceInputs(Map<String, List<double[]>> inputs, List<String> featureNames) {
        try {
            EvaluationTraining.writeScaledCsv(inputs, featureNames, deviceInputsCsv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + deviceInputsCsv, e);
        }
    }

    @Override
    public Integer call() {
        String name;
        TrainingData trainingData;
        if (data.csv != null) {
            trainingData = CsvTrainingReader.read(data.csv, features);
            name = data.csv.getFileName().toString().replaceFirst("\\.csv$", "");
        } else {
            SimulatorProfile profile = SimulatorProfile.parse(data.simulatorProfile);
            SimulatorSettings settings = SimulatorSettings.builder()
                    .profile(profile)
                    .devices(devices)
                    .eventsPerDevice(eventsPerDevice)
                    .seed(dataSeed)
                    .normalOnly(true)
                    .build();
            trainingData = SimulatorTrainingData.of(settings);
            name = profile.configName();
        }
        String bundleVersion = version != null ? version
                : name + "-" + trainingData.features().size() + "@" + LocalDate.now(ZoneOffset.UTC);

        AlertSettings alerting = TrainingSettings.recommendedAlertSettings();
        if (alertingConfig != null) {
            AlertingParameters parameters = JobConfigLoader.load(alertingConfig).config().alerting;
            alerting = parameters.applyTo(alerting);
        }
        TrainingSettings settings = TrainingSettings.builder(bundleVersion)
                .window(window)
                .numTrees(trees)
                .subsampleSize(subsample)
                .seed(seed)
                .mahalanobis(mahalanobisSettings())
                .weights(weights.getOrDefault(ModelBundle.IFOREST, 1.0), weights.getOrDefault(ModelBundle.MAHALANOBIS, 1.0))
                .alertSettings(alerting)
                .pca(pca)
                .pcaEwmaAlpha(pcaEwmaAlpha)
                .pcaCentredEvents(pcaCentredEvents)
                .deviceWeeklyPrior(deviceWeeklyPrior)
                .build();

        ModelBundle bundle = new BundleTrainer(settings).train(trainingData);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("source", data.csv != null ? data.csv.toString() : "simulator:" + data.simulatorProfile);
        info.put("rows", trainingData.rowCount());
        info.put("devices", trainingData.rowsByDevice().size());
        info.put("seed", seed);
        if (data.csv == null) {
            info.put("simulator_seed", dataSeed);
        }
        BundleWriter.write(bundle, info, Instant.now().toString(), out);
        if (deviceInputsCsv != null) {
            if (!bundle.mahalanobisSettings().deviceScaledInputs()) {
                throw new IllegalArgumentException("--device-inputs-csv needs --mahalanobis-mode device");
            }
            writeDeviceInputs(BundleTrainer.deviceInputs(bundle, trainingData), trainingData.features());
        }
        BundleLoader.load(out.toString());
        System.out.printf("wrote bundle %s to %s (%d rows from %d devices)%n",
                bundleVersion, out, trainingData.rowCount(), trainingData.rowsByDevice().size());
        return 0;
    }
}

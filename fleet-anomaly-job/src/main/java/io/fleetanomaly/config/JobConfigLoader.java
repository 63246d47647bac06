package io.fleetanomaly.config;

import io.fleetanomaly.fusion.FusionMethod;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleOverrides;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.format.TimestampRange;
import io.fleetanomaly.detectors.lstm.OnnxSessionSettings;
import io.fleetanomaly.job.CheckpointSettings;
import io.fleetanomaly.job.BundleChangePolicy;
import io.fleetanomaly.job.EventOrder;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.kafka.KafkaSettings;
import io.fleetanomaly.kafka.StartingOffsets;
import org.apache.flink.core.execution.CheckpointingMode;
import io.fleetanomaly.job.LstmSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a YAML job configuration and turns it into the settings of each part, checking every value
 * on the way: a problem is a {@link ConfigException} naming the file and the key.
 */
public final class JobConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // parallelism: 1.5 is a mistake to report, not a 1
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    private static final String CLASSPATH_PREFIX = "classpath:";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final JobConfig config;
    private final String source;

    private JobConfigLoader(JobConfig config, String source) {
        this.config = config;
        this.source = source;
    }

    /** The built-in defaults (the same values as {@code conf/embedded.yaml}). */
    public static JobConfigLoader defaults() {
        return new JobConfigLoader(new JobConfig(), "built-in defaults");
    }

    public static JobConfigLoader load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("configuration file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A configuration file (a path or a {@code file:} URI), or a resource of the class path
     * ({@code classpath:fleet-anomaly.yaml}, e.g. one packed into the job jar).
     */
    public static JobConfigLoader load(String location) {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            String resource = location.substring(CLASSPATH_PREFIX.length());
            ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : JobConfigLoader.class.getClassLoader();
            try (var in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ConfigException("configuration " + location + " does not exist (no class path resource " + resource + ")");
                }
                return parse(in.readAllBytes(), location);
            } catch (IOException e) {
                throw new ConfigException("configuration " + location + " cannot be read: " + e.getMessage(), e);
            }
        }
        if (location.startsWith("file:")) {
            return load(Path.of(java.net.URI.create(location)));
        }
        return load(Path.of(location));
    }

    private static JobConfigLoader parse(byte[] yaml, String source) {
        try {
            JobConfig config = YAML.readValue(yaml, JobConfig.class);
            return new JobConfigLoader(config == null ? new JobConfig() : config.withDefaultsForEmptySections(), source);
        } catch (IOException e) {
            throw new ConfigException(YamlProblem.describe(source, e), e);
        }
    }

    /** The parsed configuration, for command-line overrides before the settings are derived. */
    public JobConfig config() {
        return config;
    }

    /** The bundle named by {@code model.bundle} ("default" = the profile's shipped bundle), with overrides. */
    public ModelBundle bundle() {
        String location = config.model.bundle;
        require(location != null && !location.isBlank(), "model.bundle", "must name a bundle");
        if ("default".equals(location)) {
            // the bundle shipped for the simulator profile ("industrial", "telemetry")
            location = BundleLoader.defaultLocation(config.simulator.profile);
        }
        BundleOverrides overrides = bundleOverrides();
        ModelBundle bundle = BundleLoader.load(location);
        return namingTheKey(() -> overrides.applyTo(bundle));
    }

    /** What {@code model.*} and {@code alerting} change in every bundle the job runs (start-up or swapped in). */
    public BundleOverrides bundleOverrides() {
        JobConfig.Model model = config.model;
        MahalanobisMode mode = model.mahalanobisMode == null ? null
                : check("model.mahalanobis_mode", () -> MahalanobisMode.parse(model.mahalanobisMode));
        FusionMethod fusion = model.fusion == null ? null : check("model.fusion", () -> FusionMethod.parse(model.fusion));
        return namingTheKey(() -> new BundleOverrides(model.lstmEnabled, model.weights, mode, fusion, config.alerting));
    }

    public JobSettings jobSettings(boolean emitScores) {
        JobConfig.Job job = config.job;
        JobConfig.Validation validation = config.validation;
        require(job.parallelism == null || job.parallelism >= 1, "job.parallelism",
                "must be >= 1 (or absent: flink run -p), got " + job.parallelism);
        require(job.maxParallelism >= 1 && job.maxParallelism <= JobSettings.MAX_MAX_PARALLELISM, "job.max_parallelism",
                "must be between 1 and " + JobSettings.MAX_MAX_PARALLELISM + ", got " + job.maxParallelism);
        require(job.parallelism == null || job.parallelism <= job.maxParallelism, "job.parallelism",
                job.parallelism + " exceeds job.max_parallelism " + job.maxParallelism);
        require(job.outOfOrdernessMs >= 0, "job.out_of_orderness_ms", "must be >= 0, got " + job.outOfOrdernessMs);
        require(job.idlenessMs >= 1, "job.idleness_ms", "must be >= 1, got " + job.idlenessMs);
        EventOrder eventOrder = check("job.event_order", () -> EventOrder.parse(job.eventOrder));
        BundleChangePolicy onBundleChange = check("job.on_bundle_change", () -> BundleChangePolicy.parse(job.onBundleChange));
        Duration idleTimeout = durationOrOff("job.device_idle_timeout", job.deviceIdleTimeout);
        Duration stateTtl = durationOrOff("job.device_state_ttl", job.deviceStateTtl);
        require(idleTimeout.isZero() || stateTtl.isZero() || stateTtl.compareTo(idleTimeout) >= 0, "job.device_state_ttl",
                "(" + job.deviceStateTtl + ") must not be shorter than job.device_idle_timeout (" + job.deviceIdleTimeout
                        + "): an open alert would vanish unresolved");
        require(job.bufferTimeoutMs >= 0, "job.buffer_timeout_ms", "must be >= 0, got " + job.bufferTimeoutMs);
        require(job.deviceWarmupEvents >= 0, "job.device_warmup_events", "must be >= 0, got " + job.deviceWarmupEvents);
        long earliest = check("validation.earliest_timestamp",
                () -> Instant.parse(validation.earliestTimestamp).toEpochMilli());
        require(validation.maxFutureMs >= 0, "validation.max_future_ms", "must be >= 0");
        require(validation.maxRecordBytes >= 1, "validation.max_record_bytes", "must be >= 1, got " + validation.maxRecordBytes);
        JobConfig.Lstm lstm = config.lstm;
        LstmSettings lstmSettings = check("lstm", () -> new LstmSettings(lstm.batchSize, lstm.maxWaitMs,
                OnnxSessionSettings.builder()
                        .intraOpThreads(lstm.intraOpThreads)
                        .interOpThreads(lstm.interOpThreads)
                        .optimizationLevel(OnnxSessionSettings.OptimizationLevel.parse(lstm.optimizationLevel))
                        .build()));
        return JobSettings.builder()
                .lstm(lstmSettings)
                .parallelism(job.parallelism == null ? JobSettings.FLINK_PARALLELISM : job.parallelism)
                .maxParallelism(job.maxParallelism)
                .outOfOrderness(Duration.ofMillis(job.outOfOrdernessMs))
                .idleness(Duration.ofMillis(job.idlenessMs))
                .eventOrder(eventOrder)
                .deviceWarmupEvents(job.deviceWarmupEvents)
                .bufferTimeout(Duration.ofMillis(job.bufferTimeoutMs))
                .onBundleChange(onBundleChange)
                .deviceIdleTimeout(idleTimeout)
                .deviceStateTtl(stateTtl)
                .timestampRange(new TimestampRange(earliest, validation.maxFutureMs))
                .maxRecordBytes(validation.maxRecordBytes)
                .emitScores(emitScores)
                .build();
    }

    /** True when events come from Kafka, false for the simulator. */
    public boolean readsKafka() {
        return switch (config.input == null ? "" : config.input) {
            case "kafka" -> true;
            case "simulator" -> false;
            default -> throw new ConfigException("configuration " + source + ": input must be 'simulator' or 'kafka', got '"
                    + config.input + "'");
        };
    }

    public KafkaSettings kafkaSettings() {
        JobConfig.Kafka k = config.kafka;
        Map<String, String> clientProperties = new java.util.TreeMap<>(k.properties == null ? Map.of() : k.properties);
        if (k.propertiesFile != null) {
            java.util.Properties file = new java.util.Properties();
            try (var in = Files.newBufferedReader(Path.of(k.propertiesFile))) {
                file.load(in);
            } catch (IOException e) {
                throw new ConfigException("configuration " + source + ": kafka.properties_file " + k.propertiesFile
                        + " cannot be read: " + e.getClass().getSimpleName());
            }
            file.stringPropertyNames().forEach(name -> clientProperties.put(name, file.getProperty(name)));
        }
        return check("kafka", () -> KafkaSettings.builder()
                .bootstrapServers(k.bootstrapServers)
                .eventsTopic(k.eventsTopic)
                .alertsTopic(k.alertsTopic)
                .deadLettersTopic(k.deadLettersTopic)
                .scoresTopic(k.scoresTopic)
                .controlTopic(k.controlTopic)
                .controlResultsTopic(k.controlResultsTopic)
                .controlStartingOffsets(check("kafka.control_starting_offsets", () -> StartingOffsets.parse(k.controlStartingOffsets)))
                .groupId(k.groupId)
                .startingOffsets(StartingOffsets.parse(k.startingOffsets))
                .transactionalIdPrefix(k.transactionalIdPrefix)
                .transactionTimeout(Duration.ofMillis(k.transactionTimeoutMs))
                .startupTimeout(Duration.ofMillis(k.startupTimeoutMs))
                .clientProperties(clientProperties)
                .build());
    }

    public CheckpointSettings checkpointSettings() {
        JobConfig.Checkpointing c = config.checkpointing;
        CheckpointingMode mode = check("checkpointing.mode", () -> switch (c.mode) {
            case "exactly_once" -> CheckpointingMode.EXACTLY_ONCE;
            case "at_least_once" -> CheckpointingMode.AT_LEAST_ONCE;
            default -> throw new IllegalArgumentException("must be exactly_once or at_least_once, got '" + c.mode + "'");
        });
        CheckpointSettings.StateBackend backend = check("checkpointing.state_backend",
                () -> CheckpointSettings.StateBackend.parse(c.stateBackend));
        require(!c.incremental || backend == CheckpointSettings.StateBackend.ROCKSDB, "checkpointing.incremental",
                "needs state_backend: rocksdb (the hashmap backend takes full checkpoints)");
        return check("checkpointing", () -> CheckpointSettings.builder()
                .interval(Duration.ofMillis(c.intervalMs))
                .mode(mode)
                .stateBackend(backend)
                .incremental(c.incremental)
                .storage(c.storage)
                .changelogStorage(c.changelogStorage)
                .retainOnCancellation(c.retainOnCancellation)
                .restartAttempts(c.restartAttempts)
                .restartDelay(Duration.ofMillis(c.restartDelayMs))
                .build());
    }

    public long evaluationGraceMs() {
        require(config.evaluation.graceMs >= 0, "evaluation.grace_ms", "must be >= 0");
        return config.evaluation.graceMs;
    }

    /** Parses "90s", "10m", "2h", "1d", "500ms" or ISO-8601 ("PT10M"). */
    public static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 90s, 10m, 2h, PT10M)");
        }
    }

    /** A positive duration ("90s", "10m", "PT1H"), or a {@link ConfigException} naming the key. */
    public Duration duration(String key, String text) {
        require(text != null, key, "is required");
        Duration d = check(key, () -> parseDuration(text));
        require(!d.isNegative() && !d.isZero(), key, "must be positive");
        return d;
    }

    /** A positive duration, or "off" (zero). */
    private Duration durationOrOff(String key, String text) {
        return text != null && text.trim().equalsIgnoreCase("off") ? Duration.ZERO : duration(key, text);
    }

    /** Where the configuration came from (a file, or the built-in defaults), for messages. */
    public String source() {
        return source;
    }

    /** Fails with a {@link ConfigException} naming the source and the key unless {@code condition} holds. */
    public void require(boolean condition, String key, String problem) {
        if (!condition) {
            throw new ConfigException("configuration " + source + ": " + key + " " + problem);
        }
    }

    /** The value, or a {@link ConfigException} naming the source and the key with the value's problem. */
    public <T> T check(String key, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException("configuration " + source + ": " + key + ": " + e.getMessage(), e);
        }
    }

    /** The value, or a {@link ConfigException} with the value's problem, whose message already names the key. */
    private <T> T namingTheKey(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("configuration " + source + ": " + e.getMessage(), e);
        }
    }
}

package io.fleetanomaly.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetanomaly.bundle.AlertingParameters;
import io.fleetanomaly.detectors.lstm.OnnxSessionSettings;
import io.fleetanomaly.format.EventJsonParser;
import io.fleetanomaly.format.TimestampRange;
import io.fleetanomaly.job.CheckpointSettings;
import io.fleetanomaly.job.BundleChangePolicy;
import io.fleetanomaly.job.EventOrder;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.job.LstmSettings;
import io.fleetanomaly.kafka.KafkaSettings;
import java.time.Instant;
import java.util.Map;

/**
 * The YAML job configuration ({@code conf/*.yaml}). Every section and key is optional; absent
 * keys take the defaults documented in {@code conf/embedded.yaml}. Unknown keys are errors, so a
 * typo cannot silently fall back to a default. Read and checked by {@link JobConfigLoader}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobConfig {
    /** Where events come from: "simulator" (embedded run, bounded) or "kafka" (the production job). */
    public String input = "simulator";
    public Simulator simulator = new Simulator();
    public Kafka kafka = new Kafka();
    public Checkpointing checkpointing = new Checkpointing();
    public Model model = new Model();
    /** Overrides of the bundle's CUSUM and alert lifecycle parameters. */
    public AlertingParameters alerting = new AlertingParameters();
    public Job job = new Job();
    public Validation validation = new Validation();
    public Output output = new Output();
    public Evaluation evaluation = new Evaluation();
    public Lstm lstm = new Lstm();

    /** A section written with only comments under it (YAML null) means "all defaults". */
    JobConfig withDefaultsForEmptySections() {
        JobConfig defaults = new JobConfig();
        simulator = simulator == null ? defaults.simulator : simulator;
        model = model == null ? defaults.model : model;
        alerting = alerting == null ? defaults.alerting : alerting;
        job = job == null ? defaults.job : job;
        validation = validation == null ? defaults.validation : validation;
        output = output == null ? defaults.output : output;
        evaluation = evaluation == null ? defaults.evaluation : evaluation;
        lstm = lstm == null ? defaults.lstm : lstm;
        kafka = kafka == null ? defaults.kafka : kafka;
        checkpointing = checkpointing == null ? defaults.checkpointing : checkpointing;
        return this;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Simulator {
        public String profile = "industrial";
        public int devices = 50;
        /** Simulated time per device, e.g. "10m", "1h", "PT30M"; null = the profile's (10m; service 14d, process 6h). */
        public String duration;
        /** Event-time spacing of one device's events; null = the profile's (1 s; service 5 min, process 10 s). */
        public Long intervalMs;
        public long seed = 42;
        public double missingRate = 0.01;
        public double faultyDeviceFraction = 0.4;
        /** Real-time pacing of the whole fleet in events per second; 0 = as fast as possible. */
        public double eventsPerSecond = 0;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Model {
        /** "default" = the bundle shipped for the simulator profile; else a bundle directory or classpath:... */
        public String bundle = "default";
        /** Overrides the bundle's Mahalanobis mode: "fleet" or "device". */
        public String mahalanobisMode;
        /** Overrides the bundle's fusion method: "weighted_mean" or "max". */
        public String fusion;
        /** Overrides the bundle's fusion weights, by detector name. */
        public Map<String, Double> weights;
        /** Score with the bundle's LSTM autoencoder when it has one (false: native detectors only). */
        public boolean lstmEnabled = true;
    }

    /** The embedded run's parallelism when the configuration gives none. */
    public static final int EMBEDDED_PARALLELISM = 2;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Job {
        /**
         * Absent: Flink's parallelism ({@code flink run -p}, else the cluster's
         * {@code parallelism.default}); the embedded run uses {@link #EMBEDDED_PARALLELISM}.
         */
        public Integer parallelism;
        /** Key groups of the job's state: the most subtasks it can ever scale to (fixed once state exists). */
        public int maxParallelism = JobSettings.DEFAULT_MAX_PARALLELISM;
        public long outOfOrdernessMs = JobSettings.DEFAULT_OUT_OF_ORDERNESS.toMillis();
        public long idlenessMs = JobSettings.DEFAULT_IDLENESS.toMillis();
        /** arrival (score at once) or event_time (hold each event until the watermark passes it, score in timestamp order). */
        public String eventOrder = EventOrder.ARRIVAL.configName();
        /** A device's first N events only build its baselines and are never scored (0 = none). */
        public int deviceWarmupEvents = 0;
        /** Restored state built with another model bundle: fail (refuse to start) or rewarm (each device warms up again). */
        public String onBundleChange = BundleChangePolicy.FAIL.configName();
        /** Event time a device may stay silent with an alert open before it is RESOLVED (device_silent); "off" = never. */
        public String deviceIdleTimeout = "1h";
        /** Event time a silent device keeps its state before it is cleared (it warms up again if it returns); "off" = for ever. */
        public String deviceStateTtl = "7d";
        /** How long a network buffer that is not full waits before it is sent (replaces execution.buffer-timeout.interval); 0 = every record at once. */
        public long bufferTimeoutMs = JobSettings.DEFAULT_BUFFER_TIMEOUT.toMillis();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Validation {
        /** Earliest accepted event time (ISO-8601). */
        public String earliestTimestamp = Instant.ofEpochMilli(TimestampRange.DEFAULT_EARLIEST).toString();
        /** How far ahead of the wall clock an event time may be. */
        public long maxFutureMs = TimestampRange.DEFAULT_MAX_FUTURE_MS;
        /** Larger records are dead letters (TOO_LARGE) before they are parsed. */
        public int maxRecordBytes = EventJsonParser.DEFAULT_MAX_RECORD_BYTES;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Output {
        /** Print each alert as a JSON line on stdout. */
        public boolean printAlerts = true;
        /** Print each dead letter as a JSON line on stderr. */
        public boolean printDeadLetters = true;
    }

    /** Kafka topics and clients (input: kafka). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Kafka {
        public String bootstrapServers = "127.0.0.1:9092";
        public String eventsTopic = KafkaSettings.DEFAULT_EVENTS_TOPIC;
        public String alertsTopic = KafkaSettings.DEFAULT_ALERTS_TOPIC;
        public String deadLettersTopic = KafkaSettings.DEFAULT_DEAD_LETTERS_TOPIC;
        /** Per-event scores for dashboards (at least once); absent = not written. */
        public String scoresTopic;
        /** Model swaps and alerting overrides while the job runs (one partition); absent = none. */
        public String controlTopic;
        /** The result of each control message (exactly once); absent = logged only. */
        public String controlResultsTopic;
        /** Where the control source starts without a checkpoint: committed (latest where none), earliest or latest. */
        public String controlStartingOffsets = "committed";
        public String groupId = KafkaSettings.DEFAULT_GROUP_ID;
        /** committed (earliest where none), earliest or latest. */
        public String startingOffsets = "committed";
        public String transactionalIdPrefix = KafkaSettings.DEFAULT_TRANSACTIONAL_ID_PREFIX;
        /** Must not exceed the brokers' transaction.max.timeout.ms (15 min by default). */
        public long transactionTimeoutMs = KafkaSettings.DEFAULT_TRANSACTION_TIMEOUT.toMillis();
        /** How long start-up waits for the brokers before failing with an error. */
        public long startupTimeoutMs = KafkaSettings.DEFAULT_STARTUP_TIMEOUT.toMillis();
        /** Passed to every Kafka client: security.protocol, sasl.*, ssl.* ... Values are never logged. */
        public Map<String, String> properties = Map.of();
        /**
         * A Java properties file merged into {@link #properties} (its entries win), e.g. SASL
         * credentials mounted from a Kubernetes Secret. Read where the job is built; never logged.
         */
        public String propertiesFile;
    }

    /** Checkpointing and restarts of the long-running job (input: kafka). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Checkpointing {
        public long intervalMs = CheckpointSettings.DEFAULT_INTERVAL.toMillis();
        /** exactly_once or at_least_once. */
        public String mode = "exactly_once";
        /** hashmap (heap) or rocksdb (local disk, for state larger than memory). */
        public String stateBackend = CheckpointSettings.StateBackend.HASHMAP.configName();
        /** Incremental checkpoints (rocksdb only): upload only the changed files. */
        public boolean incremental = false;
        /** Checkpoint directory URI; absent: the cluster's execution.checkpointing.dir (embedded: {@link CheckpointSettings#DEFAULT_STORAGE}). */
        public String storage;
        /**
         * Flink's changelog state backend: the directory URI its state changes go to; absent: off.
         * Shortens the checkpoints' synchronous part on RocksDB (docs/performance.md).
         */
        public String changelogStorage;
        /** Keep the last checkpoint when the job is cancelled, so it can be restored from it. */
        public boolean retainOnCancellation = true;
        public int restartAttempts = CheckpointSettings.DEFAULT_RESTART_ATTEMPTS;
        public long restartDelayMs = CheckpointSettings.DEFAULT_RESTART_DELAY.toMillis();
    }

    /** Batching and ONNX Runtime settings of the LSTM autoencoder. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Lstm {
        /** Windows per ONNX Runtime call, across devices. */
        public int batchSize = LstmSettings.DEFAULT_BATCH_SIZE;
        /** Longest a window waits for its batch to fill (processing time). */
        public long maxWaitMs = LstmSettings.DEFAULT_MAX_WAIT_MS;
        /** Threads of the one session each TaskManager shares between its subtasks. */
        public int intraOpThreads = OnnxSessionSettings.defaults().intraOpThreads();
        public int interOpThreads = OnnxSessionSettings.defaults().interOpThreads();
        /** no_opt, basic, extended or all. */
        public String optimizationLevel =
                OnnxSessionSettings.defaults().optimizationLevel().configName();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Evaluation {
        /** An alert opening this long after a labeled episode ends still counts as detecting it. */
        public long graceMs = 60_000;
    }
}

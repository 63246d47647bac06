package io.fleetanomaly.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theShippedEmbeddedConfigEqualsTheBuiltInDefaults() {
        JobConfigLoader shipped = JobConfigLoader.load(Path.of("../conf/embedded.yaml"));
        JobConfigLoader defaults = JobConfigLoader.defaults();
        assertThat(shipped.jobSettings(false).parallelism()).isEqualTo(defaults.jobSettings(false).parallelism());
        assertThat(shipped.evaluationGraceMs()).isEqualTo(defaults.evaluationGraceMs());
        assertThat(shipped.bundle().version()).isEqualTo(defaults.bundle().version());
    }

    @Test
    void readsEverySection() throws Exception {
        JobConfigLoader loader = JobConfigLoader.load(yaml("""
                simulator: {profile: telemetry, devices: 7, duration: 2h, interval_ms: 500, seed: 9}
                model: {mahalanobis_mode: device, weights: {iforest: 3, mahalanobis: 1}}
                alerting: {h: 9.5, top_sensors: 2}
                job: {parallelism: 1, out_of_orderness_ms: 100}
                evaluation: {grace_ms: 5}
                """));
        ModelBundle bundle = loader.bundle();
        assertThat(bundle.features()).containsExactly("ch1", "ch2", "ch3", "ch4", "ch5", "ch6", "ch7", "ch8");
        assertThat(bundle.mahalanobisSettings().mode()).isEqualTo(MahalanobisMode.DEVICE);
        assertThat(bundle.detectorNames()).containsExactly("iforest", "mahalanobis", "lstm_ae");
        assertThat(bundle.detectorWeights()).containsExactly(0.6, 0.2, 0.2);
        assertThat(bundle.alertSettings().h()).isEqualTo(9.5);
        assertThat(bundle.alertSettings().topSensors()).isEqualTo(2);
        assertThat(loader.jobSettings(false).outOfOrderness()).isEqualTo(Duration.ofMillis(100));
        assertThat(loader.evaluationGraceMs()).isEqualTo(5);
    }

    @Test
    void parallelismIsFlinksUnlessConfiguredAndMaxParallelismHasAnExplicitDefault() throws Exception {
        JobConfigLoader cluster = JobConfigLoader.load(Path.of("../conf/kafka.yaml"));
        assertThat(cluster.jobSettings(false).parallelism()).isEqualTo(io.fleetanomaly.job.JobSettings.FLINK_PARALLELISM);
        assertThat(cluster.jobSettings(false).maxParallelism()).isEqualTo(720);
        assertThat(JobConfigLoader.load(yaml("job: {parallelism: 3, max_parallelism: 64}")).jobSettings(false))
                .satisfies(s -> assertThat(s.parallelism()).isEqualTo(3))
                .satisfies(s -> assertThat(s.maxParallelism()).isEqualTo(64));
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job: {parallelism: 8, max_parallelism: 4}")).jobSettings(false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.parallelism 8 exceeds job.max_parallelism 4");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job: {max_parallelism: 40000}")).jobSettings(false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.max_parallelism must be between 1 and 32768");
    }

    @Test
    void silentDevicesAndBundleChangesHaveDefaultsAndAreChecked() throws Exception {
        io.fleetanomaly.job.JobSettings defaults = JobConfigLoader.load(Path.of("../conf/kafka.yaml")).jobSettings(false);
        assertThat(defaults.deviceIdleTimeout()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(defaults.deviceStateTtl()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(defaults.onBundleChange()).isEqualTo(io.fleetanomaly.job.BundleChangePolicy.FAIL);
        io.fleetanomaly.job.JobSettings set = JobConfigLoader.load(yaml(
                "job: {device_idle_timeout: 15m, device_state_ttl: off, on_bundle_change: rewarm}")).jobSettings(false);
        assertThat(set.deviceIdleTimeout()).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(set.deviceStateTtl()).isZero();
        assertThat(set.onBundleChange()).isEqualTo(io.fleetanomaly.job.BundleChangePolicy.REWARM);
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job: {device_idle_timeout: 2h, device_state_ttl: 1h}")).jobSettings(false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.device_state_ttl")
                .hasMessageContaining("must not be shorter than job.device_idle_timeout");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job: {device_idle_timeout: soon}")).jobSettings(false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.device_idle_timeout");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job: {on_bundle_change: ignore}")).jobSettings(false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.on_bundle_change")
                .hasMessageContaining("must be fail or rewarm");
    }

    @Test
    void theNetworkBufferTimeoutIsAJobSettingWithAShortDefault() throws Exception {
        assertThat(JobConfigLoader.defaults().jobSettings(false).bufferTimeout()).isEqualTo(java.time.Duration.ofMillis(10));
        assertThat(JobConfigLoader.load(Path.of("../conf/kafka.yaml")).jobSettings(false).bufferTimeout())
                .isEqualTo(java.time.Duration.ofMillis(10));
        assertThat(JobConfigLoader.load(yaml("job: {buffer_timeout_ms: 0}")).jobSettings(false).bufferTimeout()).isZero();
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job: {buffer_timeout_ms: -1}")).jobSettings(false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.buffer_timeout_ms must be >= 0, got -1");
    }

    @Test
    void aConfigurationCanComeFromTheClassPathOrAFileUri() throws Exception {
        Path file = yaml("job: {parallelism: 3}");
        assertThat(JobConfigLoader.load(file.toUri().toString()).jobSettings(false).parallelism()).isEqualTo(3);
        JobConfigLoader packed = JobConfigLoader.load("classpath:config/classpath-config.yaml");
        assertThat(packed.readsKafka()).isTrue();
        assertThat(packed.jobSettings(false).parallelism()).isEqualTo(5);
    }

    @Test
    void kafkaClientPropertiesCanComeFromAPropertiesFileWhoseEntriesWin() throws Exception {
        Path secret = Files.writeString(dir.resolve("client.properties"), "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        var kafka = JobConfigLoader.load(yaml("kafka: {properties: {security.protocol: PLAINTEXT, client.rack: a}, properties_file: "
                + secret + "}")).kafkaSettings();
        assertThat(kafka.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("client.rack", "a");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("kafka: {properties_file: " + dir.resolve("none") + "}")).kafkaSettings())
                .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.properties_file").hasMessageContaining("cannot be read");
    }

    @Test
    void readsTheDeviceWarmUp() throws Exception {
        assertThat(JobConfigLoader.defaults().jobSettings(false).deviceWarmupEvents()).isZero();
        assertThat(JobConfigLoader.load(yaml("job: {device_warmup_events: 400}")).jobSettings(false).deviceWarmupEvents())
                .isEqualTo(400);
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job: {device_warmup_events: -1}")).jobSettings(false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.device_warmup_events must be >= 0");
    }

    @Test
    void errorsNameTheKey() throws Exception {
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("simulator: {devises: 3}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'simulator.devises'");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("simulator: {devices: many}")))
                .hasMessageContaining("simulator.devices");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("model: {weights: {lstm: 1}}")).bundle())
                .hasMessageContaining("model.weights.lstm names no detector");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("model: {mahalanobis_mode: both}")).bundle())
                .hasMessageContaining("model.mahalanobis_mode");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("alerting: {k: -1}")).bundle())
                .hasMessageContaining("alerting").hasMessageContaining("k");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job: {parallelism: 0}")).jobSettings(false))
                .hasMessageContaining("job.parallelism must be >= 1");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("validation: {earliest_timestamp: yesterday}")).jobSettings(false))
                .hasMessageContaining("validation.earliest_timestamp");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("model: {bundle: /no/such/bundle}")).bundle())
                .hasMessageContaining("/no/such/bundle");
        assertThatThrownBy(() -> JobConfigLoader.load(dir.resolve("missing.yaml")))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("simulator: {profile: \"unterminated}")))
                .hasMessageContaining("simulator").hasMessageContaining("quoted scalar");
    }

    @Test
    void readsTheKafkaJobConfiguration() {
        JobConfigLoader loader = JobConfigLoader.load(Path.of("../conf/kafka.yaml"));
        assertThat(loader.readsKafka()).isTrue();
        var kafka = loader.kafkaSettings();
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(kafka.alertsTopic()).isEqualTo("anomaly-alerts");
        assertThat(kafka.startingOffsets()).isEqualTo(io.fleetanomaly.kafka.StartingOffsets.COMMITTED);
        assertThat(kafka.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
        var checkpoints = loader.checkpointSettings();
        assertThat(checkpoints.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(checkpoints.retainOnCancellation()).isTrue();
        assertThat(checkpoints.stateBackend()).isEqualTo(io.fleetanomaly.job.CheckpointSettings.StateBackend.ROCKSDB);
        assertThat(checkpoints.incremental()).isTrue();
        var flink = new org.apache.flink.configuration.Configuration();
        checkpoints.applyTo(flink);
        assertThat(flink.get(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(flink.get(org.apache.flink.configuration.CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(flink.contains(org.apache.flink.configuration.StateChangelogOptions.ENABLE_STATE_CHANGE_LOG))
                .as("the changelog is opt-in (checkpointing.changelog_storage)").isFalse();
        assertThat(kafka.scoresTopic()).isNull();
        assertThat(loader.jobSettings(false).eventOrder()).isEqualTo(io.fleetanomaly.job.EventOrder.ARRIVAL);
        assertThat(JobConfigLoader.defaults().readsKafka()).isFalse();
        assertThat(JobConfigLoader.defaults().checkpointSettings().stateBackend())
                .isEqualTo(io.fleetanomaly.job.CheckpointSettings.StateBackend.HASHMAP);
    }

    @Test
    void kafkaAndCheckpointingErrorsNameTheKeyAndSecretsStayHidden() throws Exception {
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("input: files")).readsKafka())
                .hasMessageContaining("input must be 'simulator' or 'kafka'");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("kafka: {bootstrap_servers: ''}")).kafkaSettings())
                .hasMessageContaining("kafka.bootstrap_servers is required");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("kafka: {starting_offsets: middle}")).kafkaSettings())
                .hasMessageContaining("committed, earliest or latest");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("kafka: {bootstrap: x}")))
                .hasMessageContaining("unknown key 'kafka.bootstrap'");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("checkpointing: {mode: sometimes}")).checkpointSettings())
                .hasMessageContaining("checkpointing.mode");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("checkpointing: {interval_ms: 0}")).checkpointSettings())
                .hasMessageContaining("checkpointing").hasMessageContaining("interval");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("checkpointing: {state_backend: disk}")).checkpointSettings())
                .hasMessageContaining("checkpointing.state_backend").hasMessageContaining("hashmap or rocksdb");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("checkpointing: {state_backend: hashmap, incremental: true}"))
                .checkpointSettings()).hasMessageContaining("checkpointing.incremental");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("checkpointing: {changelog_storage: ' '}")).checkpointSettings())
                .hasMessageContaining("checkpointing").hasMessageContaining("changelog storage must name a directory");
        var changelog = new org.apache.flink.configuration.Configuration();
        JobConfigLoader.load(yaml("checkpointing: {state_backend: rocksdb, incremental: true,"
                + " changelog_storage: 's3://bucket/fleet-anomaly/changelog'}")).checkpointSettings().applyTo(changelog);
        assertThat(changelog.get(org.apache.flink.configuration.StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isTrue();
        assertThat(changelog.get(org.apache.flink.configuration.StateChangelogOptions.STATE_CHANGE_LOG_STORAGE))
                .isEqualTo("filesystem");
        assertThat(changelog.toMap()).containsEntry("state.changelog.dstl.dfs.base-path", "s3://bucket/fleet-anomaly/changelog");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job: {event_order: random}")).jobSettings(false))
                .hasMessageContaining("job.event_order").hasMessageContaining("arrival or event_time");
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("kafka: {startup_timeout_ms: 0}")).kafkaSettings())
                .hasMessageContaining("startup_timeout");
        assertThat(JobConfigLoader.load(yaml("kafka: {scores_topic: scores}\njob: {event_order: event_time}")).kafkaSettings()
                .scoresTopic()).isEqualTo("scores");
        var kafka = JobConfigLoader.load(yaml("kafka: {properties: {sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"hunter2\";'}}"))
                .kafkaSettings();
        assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("hunter2");
    }

    @Test
    void parsesDurations() {
        assertThat(JobConfigLoader.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(JobConfigLoader.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(JobConfigLoader.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(JobConfigLoader.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(JobConfigLoader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(JobConfigLoader.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
    }

    // issue 12: configuration mistakes an operator makes, each one line naming the key and where

    @Test
    void aFractionalParallelismIsAnErrorNotTruncated() throws Exception {
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job:\n  parallelism: 1.5\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at line 2")
                .hasMessageContaining("bad value for 'job.parallelism'");
    }

    @Test
    void aHugeFutureBoundMeansNoBoundAndTheRecordLimitIsRead() throws Exception {
        JobConfigLoader loader = JobConfigLoader.load(yaml("validation: {max_future_ms: 9223372036854775807, max_record_bytes: 1000}"));
        var settings = loader.jobSettings(false);
        assertThat(settings.timestampRange().contains(System.currentTimeMillis() + 3_000_000_000_000L)).isTrue();
        assertThat(settings.timestampRange().contains(1763800000000L)).isTrue();
        assertThat(settings.maxRecordBytes()).isEqualTo(1000);
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("validation: {max_record_bytes: 0}")).jobSettings(false))
                .hasMessageContaining("validation.max_record_bytes must be >= 1");
    }

    @Test
    void badIndentationIsReportedWhereItIs() throws Exception {
        // a key indented deeper than its neighbours: was "bad value for 'model': mapping values are not allowed here"
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("model:\n  bundle: default\n    lstm_enabled: false\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid YAML at line 3, column 17")
                .hasMessageContaining("mapping values are not allowed here")
                .hasMessageContaining("check the indentation");
        // a key indented less than its neighbours: was "is not valid YAML: while parsing a block mapping"
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job:\n  parallelism: 2\n out_of_orderness_ms: 100\n")))
                .hasMessageContaining("is not valid YAML at line 3, column 2")
                .hasMessageContaining("check the indentation");
        // a deeper line continues the value above it
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("job:\n  parallelism: 2\n    out_of_orderness_ms\n")))
                .hasMessageContaining("bad value for 'job.parallelism'")
                .hasMessageContaining("check the indentation");
    }

    @Test
    void aMalformedJaasConfigIsOneLineNamingIt() throws Exception {
        assertThatThrownBy(() -> JobConfigLoader.load(yaml("kafka: {properties: {sasl.jaas.config: 'PlainLoginModule required password=\"x\"'}}"))
                .kafkaSettings())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sasl.jaas.config is not a valid JAAS configuration");
    }
}

package io.fleetanomaly.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How the job reads events from and writes alerts and dead letters to Kafka. {@code clientProperties}
 * are passed through to every Kafka client (e.g. SASL/TLS settings); {@link #toString()} never
 * prints their values.
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_EVENTS_TOPIC = "sensor-events";
    public static final String DEFAULT_ALERTS_TOPIC = "anomaly-alerts";
    public static final String DEFAULT_DEAD_LETTERS_TOPIC = "sensor-events-dead-letters";
    public static final String DEFAULT_GROUP_ID = "fleet-anomaly";
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "fleet-anomaly";
    /** Below a stock broker's transaction.max.timeout.ms (15 min); Flink's own default (1 h) is not. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String eventsTopic;
    private final String alertsTopic;
    private final String deadLettersTopic;
    private final String scoresTopic;
    private final String controlTopic;
    private final String controlResultsTopic;
    private final StartingOffsets controlStartingOffsets;
    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final Duration startupTimeout;
    private final TreeMap<String, String> clientProperties;
    private final boolean boundedAtLatest;

    private KafkaSettings(Builder b) {
        this.bootstrapServers = require(b.bootstrapServers, "bootstrap_servers");
        this.eventsTopic = require(b.eventsTopic, "events_topic");
        this.alertsTopic = require(b.alertsTopic, "alerts_topic");
        this.deadLettersTopic = require(b.deadLettersTopic, "dead_letters_topic");
        this.scoresTopic = b.scoresTopic == null || b.scoresTopic.isBlank() ? null : b.scoresTopic;
        this.controlTopic = b.controlTopic == null || b.controlTopic.isBlank() ? null : b.controlTopic;
        this.controlResultsTopic = b.controlResultsTopic == null || b.controlResultsTopic.isBlank() ? null : b.controlResultsTopic;
        if (controlResultsTopic != null && controlTopic == null) {
            throw new IllegalArgumentException("kafka.control_results_topic needs kafka.control_topic (the results are of its messages)");
        }
        this.controlStartingOffsets = Objects.requireNonNull(b.controlStartingOffsets, "control_starting_offsets");
        this.groupId = require(b.groupId, "group_id");
        this.startingOffsets = Objects.requireNonNull(b.startingOffsets, "starting_offsets");
        this.transactionalIdPrefix = require(b.transactionalIdPrefix, "transactional_id_prefix");
        if (b.transactionTimeout.isNegative() || b.transactionTimeout.isZero()) {
            throw new IllegalArgumentException("transaction_timeout must be positive, got " + b.transactionTimeout);
        }
        this.transactionTimeout = b.transactionTimeout;
        if (b.startupTimeout.isNegative() || b.startupTimeout.isZero()) {
            throw new IllegalArgumentException("startup_timeout must be positive, got " + b.startupTimeout);
        }
        this.startupTimeout = b.startupTimeout;
        this.clientProperties = new TreeMap<>(b.clientProperties);
        KafkaClientProperties.validate(clientProperties, bootstrapServers);
        this.boundedAtLatest = b.boundedAtLatest;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("kafka." + key + " is required");
        }
        return value;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String eventsTopic() {
        return eventsTopic;
    }

    public String alertsTopic() {
        return alertsTopic;
    }

    public String deadLettersTopic() {
        return deadLettersTopic;
    }

    /** Topic of the per-event score records (for dashboards), or null when they are not written. */
    public String scoresTopic() {
        return scoresTopic;
    }

    /** Topic of the control messages (model swaps, alerting overrides), or null: the job runs with its start-up bundle. */
    public String controlTopic() {
        return controlTopic;
    }

    /** Topic of the control results, or null: they are logged only. */
    public String controlResultsTopic() {
        return controlResultsTopic;
    }

    /**
     * Where the control source starts on a partition it has no checkpointed position for;
     * {@link StartingOffsets#COMMITTED} falls back to the latest offset there (control messages from
     * before the job ever ran are history, not orders).
     */
    public StartingOffsets controlStartingOffsets() {
        return controlStartingOffsets;
    }

    public String groupId() {
        return groupId;
    }

    public StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /** Kafka transaction timeout of the exactly-once sink: must not exceed the broker's transaction.max.timeout.ms. */
    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    /** How long the start-up check waits for the brokers before it gives up with an error. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** Stop at the offsets that are latest when the job starts (replays, tests) instead of running forever. */
    public boolean boundedAtLatest() {
        return boundedAtLatest;
    }

    /** The pass-through client properties, for a Kafka client. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        return properties;
    }

    /** The names of the pass-through client properties (their values may be secrets). */
    public java.util.Set<String> clientPropertyNames() {
        return java.util.Collections.unmodifiableSet(clientProperties.keySet());
    }

    @Override
    public String toString() {
        return "KafkaSettings{bootstrap=" + bootstrapServers + ", events=" + eventsTopic + ", alerts=" + alertsTopic
                + ", deadLetters=" + deadLettersTopic + ", scores=" + scoresTopic + ", control=" + controlTopic
                + ", controlResults=" + controlResultsTopic + ", group=" + groupId + ", start=" + startingOffsets
                + ", clientProperties=" + clientProperties.keySet() + " (values hidden)}";
    }

    public static final class Builder {
        private String bootstrapServers;
        private String eventsTopic = DEFAULT_EVENTS_TOPIC;
        private String alertsTopic = DEFAULT_ALERTS_TOPIC;
        private String deadLettersTopic = DEFAULT_DEAD_LETTERS_TOPIC;
        private String scoresTopic;
        private String controlTopic;
        private String controlResultsTopic;
        private StartingOffsets controlStartingOffsets = StartingOffsets.COMMITTED;
        private String groupId = DEFAULT_GROUP_ID;
        private StartingOffsets startingOffsets = StartingOffsets.COMMITTED;
        private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Map<String, String> clientProperties = Map.of();
        private boolean boundedAtLatest;

        public Builder bootstrapServers(String value) {
            this.bootstrapServers = value;
            return this;
        }

        public Builder eventsTopic(String value) {
            this.eventsTopic = value;
            return this;
        }

        public Builder alertsTopic(String value) {
            this.alertsTopic = value;
            return this;
        }

        public Builder deadLettersTopic(String value) {
            this.deadLettersTopic = value;
            return this;
        }

        /** Null or blank: no per-event score records. */
        public Builder scoresTopic(String value) {
            this.scoresTopic = value;
            return this;
        }

        /** Null or blank: no control stream. */
        public Builder controlTopic(String value) {
            this.controlTopic = value;
            return this;
        }

        /** Null or blank: control results are logged only. */
        public Builder controlResultsTopic(String value) {
            this.controlResultsTopic = value;
            return this;
        }

        public Builder controlStartingOffsets(StartingOffsets value) {
            this.controlStartingOffsets = value;
            return this;
        }

        public Builder groupId(String value) {
            this.groupId = value;
            return this;
        }

        public Builder startingOffsets(StartingOffsets value) {
            this.startingOffsets = value;
            return this;
        }

        public Builder transactionalIdPrefix(String value) {
            this.transactionalIdPrefix = value;
            return this;
        }

        public Builder transactionTimeout(Duration value) {
            this.transactionTimeout = value;
            return this;
        }

        public Builder startupTimeout(Duration value) {
            this.startupTimeout = value;
            return this;
        }

        public Builder clientProperties(Map<String, String> value) {
            this.clientProperties = value;
            return this;
        }

        public Builder boundedAtLatest(boolean value) {
            this.boundedAtLatest = value;
            return this;
        }

        public KafkaSettings build() {
            return new KafkaSettings(this);
        }
    }
}

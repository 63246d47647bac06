package io.fleetanomaly.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Start-up checks against the brokers, so a wrong address, a missing topic or a transaction
 * timeout the brokers would refuse stop the job at once with a message naming the setting,
 * instead of a job that restarts forever.
 */
public final class KafkaPreflight {
    private KafkaPreflight() {}

    /** Thrown when the brokers cannot be reached or do not fit the settings. */
    public static final class KafkaPreflightException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaPreflightException(String message) {
            super(message);
        }
    }

    /** Checks the brokers answer within {@link KafkaSettings#startupTimeout()}, the topics exist and the transaction timeout fits. */
    public static void check(KafkaSettings settings) {
        Duration timeout = settings.startupTimeout();
        Properties properties = settings.clientProperties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = createAdmin(properties, settings)) {
            Collection<Node> brokers = await(admin.describeCluster().nodes(), timeout, settings, "connect");
            checkTopicsExist(admin, settings, timeout);
            checkTransactionTimeout(admin, brokers, settings, timeout);
        }
    }

    /** A client Kafka refuses to create (a property KafkaClientProperties could not foresee) is one line, not a stack trace. */
    private static Admin createAdmin(Properties properties, KafkaSettings settings) {
        try {
            return Admin.create(properties);
        } catch (KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new KafkaPreflightException("cannot create a Kafka client for " + settings.bootstrapServers()
                    + " with kafka.properties " + settings.clientPropertyNames() + ": " + root.getMessage());
        }
    }

    private static void checkTopicsExist(Admin admin, KafkaSettings settings, Duration timeout) {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put(settings.eventsTopic(), "kafka.events_topic");
        topics.put(settings.alertsTopic(), "kafka.alerts_topic");
        topics.put(settings.deadLettersTopic(), "kafka.dead_letters_topic");
        if (settings.scoresTopic() != null) {
            topics.put(settings.scoresTopic(), "kafka.scores_topic");
        }
        if (settings.controlTopic() != null) {
            topics.put(settings.controlTopic(), "kafka.control_topic");
        }
        if (settings.controlResultsTopic() != null) {
            topics.put(settings.controlResultsTopic(), "kafka.control_results_topic");
        }
        Map<String, KafkaFuture<TopicDescription>> described =
                admin.describeTopics(topics.keySet()).topicNameValues();
        List<String> missing = new ArrayList<>();
        for (var entry : described.entrySet()) {
            try {
                entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add("'" + entry.getKey() + "' (" + topics.get(entry.getKey()) + ")");
                } else {
                    throw failure(settings, "describe topic '" + entry.getKey() + "'", e.getCause());
                }
            } catch (TimeoutException e) {
                throw failure(settings, "describe topic '" + entry.getKey() + "'", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(settings, "describe topics", e);
            }
        }
        if (!missing.isEmpty()) {
            throw new KafkaPreflightException("Kafka at " + settings.bootstrapServers() + " has no topic "
                    + String.join(", ", missing) + ": create it (kafka-topics.sh --create, or deploy/kafka-local"
                    + " for the default topics) or correct the name");
        }
    }

    /** The alert sink's transactions must fit the brokers' transaction.max.timeout.ms, or every commit fails. */
    private static void checkTransactionTimeout(Admin admin, Collection<Node> brokers, KafkaSettings settings,
            Duration timeout) {
        if (brokers.isEmpty()) {
            return;
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokers.iterator().next().idString());
        Config config;
        try {
            config = admin.describeConfigs(List.of(broker)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(broker);
        } catch (ExecutionException | TimeoutException e) {
            return; // not allowed to read broker configs (ACLs): the sink reports a refused timeout itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ConfigEntry max = config == null ? null : config.get("transaction.max.timeout.ms");
        if (max != null && max.value() != null && settings.transactionTimeout().toMillis() > Long.parseLong(max.value())) {
            throw new KafkaPreflightException("kafka.transaction_timeout_ms (" + settings.transactionTimeout().toMillis()
                    + ") exceeds the brokers' transaction.max.timeout.ms (" + max.value()
                    + "): lower it, or raise the brokers' limit");
        }
    }

    private static <T> T await(KafkaFuture<T> future, Duration timeout, KafkaSettings settings, String what) {
        try {
            return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(settings, what, e.getCause());
        } catch (TimeoutException e) {
            throw failure(settings, what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(settings, what, e);
        }
    }

    private static KafkaPreflightException failure(KafkaSettings settings, String what, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new KafkaPreflightException("Kafka at " + settings.bootstrapServers()
                + " (kafka.bootstrap_servers): could not " + what + ": " + reason
                + ". Is the broker running and reachable, and are kafka.properties (security) right?");
    }
}

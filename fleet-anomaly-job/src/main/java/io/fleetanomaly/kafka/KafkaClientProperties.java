package io.fleetanomaly.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Checks the pass-through client properties ({@code kafka.properties}) the way Kafka's clients
 * will, without a network connection: every value against the admin, consumer and producer
 * definitions, and {@code sasl.jaas.config} parsed as the clients parse it. So a typo is one line
 * naming the property at start-up, not a stack trace from inside a client. Values are never
 * repeated in a message (they may be secrets).
 */
public final class KafkaClientProperties {
    private KafkaClientProperties() {}

    /** Throws an {@link IllegalArgumentException} naming the first property Kafka would refuse. */
    public static void validate(Map<String, String> properties, String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(properties);
        config.putIfAbsent(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putIfAbsent(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putIfAbsent(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putIfAbsent(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        parse(AdminClientConfig.configDef(), config, properties);
        parse(ConsumerConfig.configDef(), config, properties);
        parse(ProducerConfig.configDef(), config, properties);
        String jaas = properties.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas != null) {
            try {
                JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)));
            } catch (IllegalArgumentException | SecurityException e) {
                throw new IllegalArgumentException("kafka.properties: " + SaslConfigs.SASL_JAAS_CONFIG + " is not a valid JAAS configuration: "
                        + e.getMessage(), e);
            }
        }
    }

    private static void parse(ConfigDef definition, Map<String, Object> config, Map<String, String> properties) {
        try {
            definition.parse(config);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("kafka.properties: " + withoutValues(e.getMessage(), properties), e);
        }
    }

    /** Kafka's message names the property and repeats its value: the value is replaced. */
    private static String withoutValues(String message, Map<String, String> properties) {
        String result = message == null ? "invalid value" : message;
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (result.contains(" for configuration " + property.getKey()) && !property.getValue().isEmpty()) {
                result = result.replace(property.getValue(), "(value hidden)");
            }
        }
        return result;
    }
}

package io.fleetanomaly.testing.kafka;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link KafkaBroker} per test class: started before the class's first test, stopped (process
 * gone, directory deleted) after its last. Register it on a static field:
 *
 * <pre>{@code
 * class MyKafkaTest {
 *     @RegisterExtension
 *     static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 *
 *     @Test
 *     void something() {
 *         KAFKA.broker().createTopic("events", 3);
 *         ... KAFKA.bootstrapServers() ...
 *     }
 * }
 * }</pre>
 *
 * On an instance field JUnit never calls the class-level callbacks and {@link #broker()} fails.
 * Nested test classes share the outer class's broker. Without the extension, the same pattern is a
 * static {@code KafkaBroker} started in {@code @BeforeAll} and closed in {@code @AfterAll}.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> serverPropertyOverrides;
    private KafkaBroker broker;
    private Class<?> startedFor;

    public KafkaBrokerExtension() {
        this(Map.of());
    }

    /** The broker's server.properties gets these entries added or replaced. */
    public KafkaBrokerExtension(Map<String, String> serverPropertyOverrides) {
        this.serverPropertyOverrides = Map.copyOf(serverPropertyOverrides);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker != null) {
            return;
        }
        KafkaBroker started = new KafkaBroker(serverPropertyOverrides);
        started.start();
        broker = started;
        startedFor = context.getRequiredTestClass();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null && context.getRequiredTestClass() == startedFor) {
            broker.close();
            broker = null;
            startedFor = null;
        }
    }

    /** The running broker. */
    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException(
                    "no Kafka broker: register KafkaBrokerExtension with @RegisterExtension on a static field");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }
}

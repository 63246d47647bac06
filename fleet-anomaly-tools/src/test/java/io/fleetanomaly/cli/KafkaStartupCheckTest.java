package io.fleetanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.testing.kafka.FreePorts;
import io.fleetanomaly.testing.kafka.KafkaBroker;
import io.fleetanomaly.testing.kafka.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fleetanomaly.kafka.KafkaPreflight;
import io.fleetanomaly.kafka.KafkaSettings;
/** Start-up checks: an unreachable broker, a missing topic or a refused transaction timeout stop the job with a clear error. */
class KafkaStartupCheckTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static KafkaSettings.Builder settings(String bootstrap) {
        return KafkaSettings.builder().bootstrapServers(bootstrap)
                .eventsTopic("check-events").alertsTopic("check-alerts").deadLettersTopic("check-dead-letters")
                .startupTimeout(Duration.ofSeconds(3));
    }

    @Test
    void anUnreachableBrokerIsAnErrorNamingTheAddressAndTheKey() {
        String nobody = "127.0.0.1:" + FreePorts.pick();
        assertThatThrownBy(() -> KafkaPreflight.check(settings(nobody).build()))
                .isInstanceOf(KafkaPreflight.KafkaPreflightException.class)
                .hasMessageContaining("Kafka at " + nobody + " (kafka.bootstrap_servers)")
                .hasMessageContaining("Is the broker running");
    }

    @Test
    void missingTopicsAreNamedWithTheirKeys() {
        KafkaBroker broker = KAFKA.broker();
        broker.createTopic("check-events", 1);
        assertThatThrownBy(() -> KafkaPreflight.check(settings(broker.bootstrapServers()).scoresTopic("check-scores").build()))
                .isInstanceOf(KafkaPreflight.KafkaPreflightException.class)
                .hasMessageContaining("'check-alerts' (kafka.alerts_topic)")
                .hasMessageContaining("'check-dead-letters' (kafka.dead_letters_topic)")
                .hasMessageContaining("'check-scores' (kafka.scores_topic)")
                .hasMessageNotContaining("'check-events'");
        broker.createTopic("check-alerts", 1);
        broker.createTopic("check-dead-letters", 1);
        assertThatCode(() -> KafkaPreflight.check(settings(broker.bootstrapServers()).build())).doesNotThrowAnyException();
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefusedAtStartUp() {
        KafkaBroker broker = KAFKA.broker();
        for (String topic : new String[] {"tx-events", "tx-alerts", "tx-dead-letters"}) {
            broker.createTopic(topic, 1);
        }
        KafkaSettings.Builder tooLong = settings(broker.bootstrapServers())
                .eventsTopic("tx-events").alertsTopic("tx-alerts").deadLettersTopic("tx-dead-letters")
                .transactionTimeout(KafkaBroker.TRANSACTION_MAX_TIMEOUT.plusMinutes(1));
        assertThatThrownBy(() -> KafkaPreflight.check(tooLong.build()))
                .hasMessageContaining("kafka.transaction_timeout_ms")
                .hasMessageContaining("transaction.max.timeout.ms (" + KafkaBroker.TRANSACTION_MAX_TIMEOUT.toMillis() + ")");
        assertThatCode(() -> KafkaPreflight.check(tooLong.transactionTimeout(KafkaBroker.TRANSACTION_MAX_TIMEOUT).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void runWithAnUnreachableBrokerExitsWithOneClearLine(@TempDir Path dir) throws Exception {
        String message = runExpectingError(dir, "input: kafka\nkafka:\n  bootstrap_servers: 127.0.0.1:" + FreePorts.pick()
                + "\n  startup_timeout_ms: 2000\nmodel:\n  bundle: classpath:bundles/industrial\n");
        assertThat(message).startsWith("error: Kafka at 127.0.0.1:").contains("kafka.bootstrap_servers").doesNotContain("\tat ");
    }

    /** Issue 12: a bad checkpoint interval or JAAS line was hidden behind (or ended in) the broker check. */
    @Test
    void theWholeConfigurationIsCheckedBeforeTheBrokerIsContacted(@TempDir Path dir) throws Exception {
        String unreachable = "input: kafka\nmodel:\n  bundle: classpath:bundles/industrial\nkafka:\n"
                + "  bootstrap_servers: 127.0.0.1:" + FreePorts.pick() + "\n  startup_timeout_ms: 2000\n";
        String interval = runExpectingError(dir, unreachable + "checkpointing:\n  interval_ms: 0\n");
        assertThat(interval).startsWith("error: configuration ").contains("checkpointing").doesNotContain("Kafka at");
        String jaas = runExpectingError(dir, unreachable + "  properties:\n    security.protocol: SASL_PLAINTEXT\n"
                + "    sasl.mechanism: PLAIN\n    sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"u\" password=\"p4ss\"'\n");
        assertThat(jaas).startsWith("error: configuration ").contains("sasl.jaas.config is not a valid JAAS configuration")
                .doesNotContain("p4ss").doesNotContain("\tat ");
        assertThat(jaas.lines().count()).isEqualTo(1);
    }

    private static String runExpectingError(Path dir, String yaml) throws Exception {
        Path config = Files.createTempFile(dir, "kafka", ".yaml");
        Files.writeString(config, yaml);
        CliRun run = CliRun.of("run", "--config", config.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        return run.err();
    }
}

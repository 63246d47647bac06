package io.fleetanomaly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The benchmark's own broker (deploy/kafka-local, a real Kafka process): a port taken before it binds is retried. */
class LocalKafkaTest {

    @Test
    void aBrokerWhosePortIsTakenStartsAgainOnNewPorts() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int takenPort = taken.getLocalPort();
            try (LocalKafka kafka = LocalKafka.start(LocalKafka.findScript(), () -> attempts.incrementAndGet() == 1
                    ? new int[] {takenPort, LocalKafka.freePorts(1)[0]}
                    : LocalKafka.freePorts(2))) {
                assertThat(attempts).hasValue(2);
                int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
                assertThat(port).isNotEqualTo(takenPort);
                try (Socket connected = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    assertThat(connected.isConnected()).isTrue();
                }
            }
        }
    }

    @Test
    void aPortTakenOnEveryAttemptFailsWithTheBrokersReason() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int takenPort = taken.getLocalPort();
            assertThatThrownBy(() -> LocalKafka.start(LocalKafka.findScript(), () -> {
                attempts.incrementAndGet();
                return new int[] {takenPort, LocalKafka.freePorts(1)[0]};
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
            assertThat(attempts).hasValue(LocalKafka.START_ATTEMPTS);
        }
    }
}

package io.fleetanomaly.testing.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server.properties of a single-node KRaft broker (broker and controller in one process). */
final class ServerProperties {
    private ServerProperties() {}

    static Map<String, String> singleNode(int brokerPort, int controllerPort, Path dataDir,
            long transactionMaxTimeoutMs) {
        String broker = "127.0.0.1:" + brokerPort;
        String controller = "127.0.0.1:" + controllerPort;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", controller);
        p.put("listeners", "PLAINTEXT://" + broker + ",CONTROLLER://" + controller);
        p.put("advertised.listeners", "PLAINTEXT://" + broker + ",CONTROLLER://" + controller);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        // One node: internal topics with one replica, and few partitions so they are created quickly.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("transaction.max.timeout.ms", Long.toString(transactionMaxTimeoutMs));
        return p;
    }

    static void write(Map<String, String> properties, Path file) {
        StringBuilder text = new StringBuilder("# Written by KafkaBroker (fleet-anomaly tests).\n");
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

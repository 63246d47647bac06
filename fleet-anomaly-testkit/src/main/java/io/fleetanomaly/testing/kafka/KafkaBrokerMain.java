package io.fleetanomaly.testing.kafka;

import java.io.IOException;
import java.io.InputStream;

/**
 * Main class of the broker's child JVM: runs {@code kafka.Kafka} and exits when the parent (the
 * test JVM) is gone. The parent holds the write end of this process's standard input and never
 * writes to it; when the parent dies, even by {@code kill -9}, standard input reaches end of file
 * and this JVM exits, which runs Kafka's own shutdown hook (a clean shutdown).
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> exitWhenParentIsGone(System.in), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }

    private static void exitWhenParentIsGone(InputStream parentPipe) {
        try {
            while (parentPipe.read() != -1) {
                // The parent never writes; any byte is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same thing as end of file.
        }
        System.err.println("KafkaBrokerMain: the parent process is gone, shutting the broker down");
        System.exit(0);
    }
}

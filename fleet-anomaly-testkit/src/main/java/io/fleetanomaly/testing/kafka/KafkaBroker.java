package io.fleetanomaly.testing.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka 4.2 broker for tests, in a child JVM on 127.0.0.1.
 *
 * <p>One node in KRaft mode ({@code process.roles=broker,controller}) on two free ports chosen at
 * {@link #start()}, with a fresh temporary directory holding server.properties, the data (log dir,
 * formatted by {@code kafka.tools.StorageTool format --standalone} in its own child JVM) and the
 * child's output, {@code broker.log}. Internal topics have one replica. The child class path is
 * the test JVM's own (see {@link ChildJvm}).
 *
 * <pre>{@code
 * try (KafkaBroker kafka = new KafkaBroker()) {
 *     kafka.start();
 *     kafka.createTopic("events", 3);
 *     producerProperties.putAll(kafka.clientProperties());
 *     ...
 *     kafka.restart();   // same ports, same data
 * }                      // stop(): process gone, directory deleted
 * }</pre>
 *
 * <p>When the system property {@value #KEEP_LOGS_PROPERTY} names a directory (the build sets it to
 * {@code target/kafka-broker-logs}), {@link #stop()} first copies {@code broker.log} there, named
 * after the broker's temporary directory, and says so on standard error (which the build keeps in
 * the test class's output file), so a failed test's broker log can still be read.
 *
 * <p>Transactions: the broker accepts transaction timeouts up to {@link #TRANSACTION_MAX_TIMEOUT}
 * ({@code transaction.max.timeout.ms}). A producer asking for more fails in
 * {@code initTransactions()}. Flink's {@code KafkaSink} with {@code EXACTLY_ONCE} sets
 * {@code transaction.timeout.ms} to one hour unless told otherwise, so this broker allows one hour;
 * a stock broker allows 15 minutes, so the job should set {@code transaction.timeout.ms} itself
 * (at most the broker's maximum, and longer than a checkpoint interval plus a restart).
 *
 * <p>No broker outlives the test JVM: a shutdown hook stops every broker still running, and the
 * child exits by itself when the test JVM dies without running hooks ({@link KafkaBrokerMain}).
 */
public final class KafkaBroker implements AutoCloseable {
    /** {@code transaction.max.timeout.ms} of this broker: Flink KafkaSink's default transaction timeout. */
    public static final Duration TRANSACTION_MAX_TIMEOUT = Duration.ofHours(1);
    /** System property: a directory where {@link #stop()} keeps a copy of the broker's log. */
    public static final String KEEP_LOGS_PROPERTY = "fleetanomaly.kafkaBrokerLogs";

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE_PERIOD = Duration.ofSeconds(30);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 60;
    private static final int LOG_ERROR_LINES = 5;
    private static final List<String> FORMAT_JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final List<String> BROKER_JVM_OPTIONS = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC");

    private static final Set<KafkaBroker> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stopAllAtExit, "kafka-broker-cleanup"));
    }

    private final Map<String, String> serverPropertyOverrides;
    private volatile Path directory;
    private volatile Process process;
    private int brokerPort;

    /** A broker with the default configuration. */
    public KafkaBroker() {
        this(Map.of());
    }

    /** A broker whose server.properties has these entries added or replaced. */
    public KafkaBroker(Map<String, String> serverPropertyOverrides) {
        this.serverPropertyOverrides = Map.copyOf(serverPropertyOverrides);
    }

    /**
     * Chooses ports, formats a fresh log dir, starts the broker and waits until it answers.
     *
     * @throws IllegalStateException if formatting fails, or the broker exits or does not answer
     *     within 60 s; the message ends with the tail of the child's output
     */
    public synchronized void start() {
        if (directory != null) {
            throw new IllegalStateException("broker already started: " + bootstrapServers());
        }
        directory = createTempDirectory();
        STARTED.add(this);
        try {
            int[] ports = FreePorts.loopback(2);
            brokerPort = ports[0];
            Map<String, String> properties = new LinkedHashMap<>(ServerProperties.singleNode(
                    ports[0], ports[1], directory.resolve("data"), TRANSACTION_MAX_TIMEOUT.toMillis()));
            properties.putAll(serverPropertyOverrides);
            ServerProperties.write(properties, serverPropertiesFile());
            writeLog4jConfig();
            format();
            launch();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * Stops the broker process and starts it again on the same ports and log dir: records written
     * before are still there. Waits until the broker answers again.
     */
    public synchronized void restart() {
        requireStarted();
        stopProcess();
        launch();
    }

    /**
     * Stops the broker process (gracefully, forcibly after 30 s) and deletes its directory, keeping
     * its log where {@value #KEEP_LOGS_PROPERTY} says.
     */
    public synchronized void stop() {
        if (directory == null) {
            return;
        }
        stopProcess();
        keepLog();
        deleteRecursively(directory);
        directory = null;
        STARTED.remove(this);
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code 127.0.0.1:<port>}, the same across {@link #restart()}. */
    public synchronized String bootstrapServers() {
        requireStarted();
        return "127.0.0.1:" + brokerPort;
    }

    /** Properties every client needs: {@code bootstrap.servers}. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(clientProperties());
    }

    /**
     * The values of every record of the topic a consumer at {@code isolationLevel}
     * ({@code read_committed} or {@code read_uncommitted}) sees, read from the beginning up to the
     * end offsets found first (for read_committed, the last stable offset), in partition and offset
     * order; fails when the end is not reached within {@code limit}.
     */
    public List<byte[]> readValues(String topic, String isolationLevel, Duration limit) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                TestClients.consumerProperties(this, isolationLevel), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return TestClients.readToEnd(consumer, topic, limit).stream()
                    .sorted(Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition())
                            .thenComparingLong(ConsumerRecord::offset))
                    .map(ConsumerRecord::value)
                    .toList();
        }
    }

    /** Creates a topic with one replica and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                    .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(admin, name);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /** Whether the broker process is running. */
    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Process id of the broker's child JVM. */
    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException("broker not running");
        }
        return current.pid();
    }

    /** The temporary directory of this broker (server.properties, data/, broker.log). */
    public synchronized Path directory() {
        requireStarted();
        return directory;
    }

    /** The child JVMs' output: the format tool's, then the broker's at INFO. */
    public synchronized Path logFile() {
        requireStarted();
        return directory.resolve("broker.log");
    }

    private void keepLog() {
        String keepIn = System.getProperty(KEEP_LOGS_PROPERTY);
        Path log = directory.resolve("broker.log");
        if (keepIn == null || keepIn.isBlank() || !Files.exists(log)) {
            return;
        }
        try {
            Path kept = Files.createDirectories(Path.of(keepIn)).resolve(directory.getFileName() + ".log");
            Files.copy(log, kept, StandardCopyOption.REPLACE_EXISTING);
            System.err.println("Kafka broker " + bootstrapServers() + ": its log is kept in " + kept.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the broker's log in " + keepIn, e);
        }
    }

    private void format() {
        String clusterId = Uuid.randomUuid().toString();
        Process formatter = startChild(FORMAT_JVM_OPTIONS, "kafka.tools.StorageTool",
                List.of("format", "-t", clusterId, "-c", serverPropertiesFile().toString(), "--standalone"));
        try {
            if (!formatter.waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                formatter.destroyForcibly().waitFor();
                throw failure("formatting the log dir did not finish within " + FORMAT_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            formatter.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the log dir", e);
        }
        if (formatter.exitValue() != 0) {
            throw failure("formatting the log dir failed with exit code " + formatter.exitValue());
        }
    }

    private void launch() {
        process = startChild(BROKER_JVM_OPTIONS, KafkaBrokerMain.class.getName(),
                List.of(serverPropertiesFile().toString()));
        awaitAnswer();
    }

    private Process startChild(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = ChildJvm.command(jvmOptions, directory.resolve("log4j2.properties"), mainClass, args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("broker.log").toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** Waits until the broker process answers a describeCluster request with at least one node. */
    private void awaitAnswer() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw failure("the broker exited with code " + process.exitValue() + " while starting");
            }
            if (acceptsConnections() && answersDescribeCluster()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw failure("the broker did not answer within " + START_TIMEOUT.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersDescribeCluster() {
        Properties properties = clientProperties();
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(properties)) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private void awaitLeaders(Admin admin, String topic) {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // Not known to the broker yet: ask again.
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot describe topic " + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has partitions without a leader after "
                        + TOPIC_TIMEOUT.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private void stopProcess() {
        Process current = process;
        if (current != null) {
            destroy(current, STOP_GRACE_PERIOD);
            process = null;
        }
    }

    /** SIGTERM (Kafka shuts down cleanly), then SIGKILL once the grace period is over. */
    private static void destroy(Process process, Duration gracePeriod) {
        process.destroy();
        try {
            if (!process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Shutdown hook: stops brokers the tests left running, without taking their locks. */
    private static void stopAllAtExit() {
        for (KafkaBroker broker : STARTED) {
            Process current = broker.process;
            if (current != null) {
                destroy(current, Duration.ofSeconds(10));
            }
            Path dir = broker.directory;
            if (dir != null) {
                deleteRecursively(dir);
            }
        }
    }

    /** An exception naming what failed, the log's first errors and its last lines. */
    private IllegalStateException failure(String what) {
        List<String> log = logLines();
        List<String> errors = log.stream().filter(line -> line.contains(" ERROR ")).limit(LOG_ERROR_LINES).toList();
        List<String> tail = log.subList(Math.max(0, log.size() - LOG_TAIL_LINES), log.size());
        return new IllegalStateException("Kafka test broker in " + directory + ": " + what
                + (errors.isEmpty() ? "" : "\n--- first errors in broker.log ---\n" + String.join("\n", errors))
                + "\n--- last lines of " + directory.resolve("broker.log") + " ---\n" + String.join("\n", tail));
    }

    private List<String> logLines() {
        try {
            return new String(Files.readAllBytes(directory.resolve("broker.log")), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(no output: " + e + ")");
        }
    }

    private void writeLog4jConfig() {
        String config = String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.stdout.ref = stdout",
                "appender.stdout.type = Console",
                "appender.stdout.name = stdout",
                "appender.stdout.layout.type = PatternLayout",
                "appender.stdout.layout.pattern = [%d] %p %m (%c)%n",
                "");
        try {
            Files.writeString(directory.resolve("log4j2.properties"), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's log4j2 configuration", e);
        }
    }

    private Path serverPropertiesFile() {
        return directory.resolve("server.properties");
    }

    private void requireStarted() {
        if (directory == null) {
            throw new IllegalStateException("broker not started");
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("kafka-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}

package io.fleetanomaly.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.embedded.LiveMetrics;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.job.CheckpointSettings;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.kafka.KafkaJob;
import io.fleetanomaly.kafka.KafkaSettings;
import io.fleetanomaly.kafka.StartingOffsets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Event-to-alert latency through Kafka: the job as production wires it ({@link KafkaJob}: Kafka
 * source, exactly-once alert sink, checkpoints on with RocksDB) on a MiniCluster in this JVM, fed
 * by a producer that writes the benchmark's events, keyed by device id, at a fixed rate. Each
 * alert names the event that raised it (device id and event time), so its latency is the time from
 * sending that event to receiving the alert, both on this JVM's clock. Two consumers read the
 * alerts: {@code read_uncommitted} (the alert is in Kafka) and {@code read_committed} (the alert is
 * visible to an exactly-once consumer, which waits for the checkpoint that commits it).
 */
final class KafkaLatency {
    /** Latencies of one run, in milliseconds. */
    record Result(double rate, int devices, long eventsSent, int alerts, double[] writtenMs, double[] committedMs,
            Duration checkpointInterval, Duration bufferTimeout, int parallelism, List<Sample> writtenSamples,
            CheckpointLog.Tail tail, WarmUp warmUp) {
        double writtenPercentile(double p) {
            return percentile(writtenMs, p);
        }

        double committedPercentile(double p) {
            return percentile(committedMs, p);
        }
    }

    /**
     * The pass's warm-up segment ({@link WarmUpSegment}): its devices and events, the alerts they
     * raised, the checkpoints completed after its first alert before the measured sending started,
     * whether it got there ({@code ready}; otherwise it gave up after {@code waitedSeconds}) and how
     * long the pass waited for it after sending the segment.
     */
    record WarmUp(int devices, int events, int alerts, long checkpointsAfterFirstAlert, boolean ready,
            double waitedSeconds) {}

    /**
     * One alert as the read_uncommitted reader saw it: when its event was sent ({@link System#nanoTime};
     * {@link #sentEpochMs} lines it up with GC and checkpoint logs) and its latency.
     */
    record Sample(long sentNanos, double latencyMs) {
        double sentEpochMs() {
            return (sentNanos + EPOCH_NANOS_AT_NANO_TIME_ZERO) / 1e6;
        }
    }

    /** Epoch nanoseconds minus {@link System#nanoTime()}: the offset between the two clocks in this JVM. */
    static final long EPOCH_NANOS_AT_NANO_TIME_ZERO = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchmarkEvents events;
    private final String bootstrapServers;
    /** Each device id's index in the fleet (its place in a step of the stream). */
    private final Map<String, Integer> deviceIndex = new HashMap<>();

    private final Map<String, String> clientProperties;
    private final Map<String, String> flinkOptions;

    KafkaLatency(BenchmarkEvents events, String bootstrapServers) {
        this(events, bootstrapServers, Map.of(), Map.of());
    }

    /**
     * {@code clientProperties}: the job's pass-through Kafka client properties (kafka.properties);
     * {@code flinkOptions}: Flink configuration set on the latency job after its checkpoint settings
     * (an A/B of a state backend or checkpoint option against the product's settings).
     */
    KafkaLatency(BenchmarkEvents events, String bootstrapServers, Map<String, String> clientProperties,
            Map<String, String> flinkOptions) {
        this.events = events;
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
        this.flinkOptions = Map.copyOf(flinkOptions);
        SensorEvent[] all = events.events();
        for (int d = 0; d < events.devices(); d++) {
            deviceIndex.put(all[d].deviceId, d);
        }
    }

    /** The latency job's sustained rate, measured by {@link #maxRate}. */
    record MaxRate(long events, double seconds, double cpuSeconds, Duration checkpointInterval, Duration bufferTimeout,
            int parallelism) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double eventsPerCoreSecond() {
            return events / cpuSeconds;
        }
    }

    /**
     * The latency job's own maximum: the same job, configuration and broker as {@link #run}, on a
     * topic pre-loaded with the events of as many devices as {@code maxEvents} allows (whole series,
     * stream order), read from the earliest offset as fast as the job goes. The rate is the events
     * through the scoring operator (its metrics, read live) per wall second between the moments it
     * passed 10% and 90% of them, so job start-up and the drain at the end are left out.
     */
    MaxRate maxRate(ModelBundle bundle, JobSettings settings, long maxEvents, Duration checkpointInterval,
            Duration bufferTimeout) throws Exception {
        int devices = (int) Math.max(2, Math.min(events.devices(), maxEvents / events.eventsPerDevice()));
        int toSend = devices * events.eventsPerDevice();
        Topics topics = new Topics(settings.parallelism());
        send(topics.events(), devices, Double.POSITIVE_INFINITY, new long[toSend]);
        LiveMetrics metrics = LiveMetrics.create();
        Path checkpoints = Files.createTempDirectory("benchmark-checkpoints-");
        try {
            JobClient job = startMeteredJob(bundle, settings, topics, checkpointInterval, bufferTimeout, checkpoints, metrics,
                    "benchmark-latency-max-rate");
            try {
                long[] at10 = null;
                long[] at90 = null;
                long lastCount = -1;
                long lastProgress = System.nanoTime();
                while (at90 == null) {
                    Thread.sleep(5);
                    long now = System.nanoTime();
                    long cpu = RunProbe.processCpuNanos();
                    long count = eventsThroughScoring(metrics);
                    if (count != lastCount) {
                        lastCount = count;
                        lastProgress = now;
                    } else if (now - lastProgress > TimeUnit.SECONDS.toNanos(60)) {
                        throw new IllegalStateException("the latency job's max-rate pass stopped at " + count + " of "
                                + toSend + " events for 60 s");
                    }
                    if (at10 == null && count >= toSend / 10) {
                        at10 = new long[] {now, cpu, count};
                    }
                    if (count >= toSend * 9L / 10) {
                        at90 = new long[] {now, cpu, count};
                    }
                }
                if (at90[2] == at10[2]) {
                    throw new IllegalStateException("the latency job's max-rate pass is too short to measure (" + toSend
                            + " events went by between two samples 5 ms apart): give it more events");
                }
                return new MaxRate(at90[2] - at10[2], (at90[0] - at10[0]) / 1e9, (at90[1] - at10[1]) / 1e9,
                        checkpointInterval, bufferTimeout, settings.parallelism());
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        } finally {
            metrics.close();
            LocalKafka.deleteRecursively(checkpoints);
        }
    }

    /** The latency job on the topics, its metrics read live through {@code metrics}: started, not awaited. */
    private JobClient startMeteredJob(ModelBundle bundle, JobSettings settings, Topics topics, Duration checkpointInterval,
            Duration bufferTimeout, Path checkpoints, LiveMetrics metrics, String name) throws Exception {
        Configuration conf = metrics.configure(new Configuration());
        StreamExecutionEnvironment env = environment(settings.parallelism(), checkpointInterval, checkpoints, conf,
                flinkOptions);
        // how long a network buffer that is not full waits before it is sent downstream (job.buffer_timeout_ms)
        KafkaJob.attach(env, bundle, settings.toBuilder().bufferTimeout(bufferTimeout).build(), topics.settings());
        return env.executeAsync(name);
    }

    /** Events through the scoring operator so far (scored or still warming up), over its subtasks. */
    private static long eventsThroughScoring(LiveMetrics metrics) {
        return metrics.sum("events_scored") + metrics.sum("events_warming_up");
    }

    /**
     * One trial of {@link SustainableRate}: the job of {@link #run} while the producer sends the
     * events of as many devices as {@code seconds} at {@code rate} allow, paced, as the latency run
     * does; how many of them were through the scoring operator when the producer had flushed the
     * last one.
     */
    SustainableRate.Outcome trial(ModelBundle bundle, JobSettings settings, double rate, double seconds,
            Duration checkpointInterval, Duration bufferTimeout) throws Exception {
        Topics topics = new Topics(settings.parallelism());
        int devices = (int) Math.max(2, Math.min(events.devices(), rate * seconds / events.eventsPerDevice()));
        long[] sentNanos = new long[devices * events.eventsPerDevice()];
        LiveMetrics metrics = LiveMetrics.create();
        Path checkpoints = Files.createTempDirectory("benchmark-checkpoints-");
        try {
            JobClient job = startMeteredJob(bundle, settings, topics, checkpointInterval, bufferTimeout, checkpoints, metrics,
                    "benchmark-latency-rate-trial");
            try {
                awaitRunning(job);
                Thread.sleep(2000); // the source's first fetch, as in run()
                send(topics.events(), devices, rate, sentNanos);
                long processed = eventsThroughScoring(metrics);
                double sendSeconds = Math.max(1e-3, (sentNanos[sentNanos.length - 1] - sentNanos[0]) / 1e9);
                return new SustainableRate.Outcome(rate, sentNanos.length, sendSeconds, processed);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        } finally {
            metrics.close();
            LocalKafka.deleteRecursively(checkpoints);
        }
    }

    /**
     * One latency pass in one job: first the warm-up segment ({@link WarmUpSegment}, about
     * {@code warmUpSeconds} of sending at {@code rate}, other device ids), then, once its alerts have
     * been through two checkpoints, the measured events: as many devices as {@code maxSeconds} at
     * {@code rate} events/s allow, each device's whole series (faults come late in a series); then
     * waits for the last checkpoint to commit the alerts. Only alerts of the measured devices count.
     */
    Result run(ModelBundle bundle, JobSettings settings, double rate, double maxSeconds, double warmUpSeconds,
            Duration checkpointInterval, Duration bufferTimeout) throws Exception {
        int partitions = settings.parallelism();
        Topics topics = new Topics(partitions);
        Path checkpoints = Files.createTempDirectory("benchmark-checkpoints-");
        LiveMetrics metrics = LiveMetrics.create();
        WarmUpSegment warmUpSegment = WarmUpSegment.of(events, rate, warmUpSeconds);
        int devices = (int) Math.max(2, Math.min(events.devices(), rate * maxSeconds / events.eventsPerDevice()));
        int toSend = devices * events.eventsPerDevice();
        long[] sentNanos = new long[toSend];
        Arrays.fill(sentNanos, Long.MIN_VALUE);
        AlertReader written = new AlertReader(topics.alerts(), "read_uncommitted");
        AlertReader committed = new AlertReader(topics.alerts(), "read_committed");
        CheckpointLog checkpointLog = new CheckpointLog(metrics);
        WarmUp warmUp;
        JobClient job = startMeteredJob(bundle, settings, topics, checkpointInterval, bufferTimeout, checkpoints, metrics,
                "benchmark-latency");
        try {
            awaitRunning(job);
            written.start();
            committed.start();
            Thread.sleep(2000); // the source's first fetch; events sent before it would wait in Kafka
            checkpointLog.start();
            send(topics.events(), warmUpSegment.size(), rate, warmUpSegment::key, warmUpSegment::value,
                    new long[warmUpSegment.size()]);
            warmUp = awaitWarmUp(warmUpSegment, written, metrics, checkpointInterval);
            send(topics.events(), devices, rate, sentNanos);
            // the alerts of the last events, then a checkpoint that commits them
            Thread.sleep(checkpointInterval.toMillis() * 2 + 3000);
        } finally {
            checkpointLog.stop();
            written.stop();
            committed.stop();
            job.cancel().get(60, TimeUnit.SECONDS);
            metrics.close();
            LocalKafka.deleteRecursively(checkpoints);
        }
        List<Received> measured = measured(written.received());
        List<Sample> samples = samples(measured, devices, sentNanos);
        return new Result(rate, devices, toSend, measured.size(), sortedLatencies(samples),
                sortedLatencies(samples(measured(committed.received()), devices, sentNanos)), checkpointInterval,
                bufferTimeout, partitions, samples, CheckpointLog.Tail.of(samples, checkpointLog.spans(), sentNanos[0],
                        sentNanos[sentNanos.length - 1]), warmUp);
    }

    /**
     * Waits after the warm-up segment was sent until {@link WarmUpSegment.Readiness} says the measured
     * sending may start, or gives up after three checkpoint intervals and 30 s (a segment whose
     * devices raised no alert: the pass then says so).
     */
    private static WarmUp awaitWarmUp(WarmUpSegment segment, AlertReader written, LiveMetrics metrics,
            Duration checkpointInterval) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + checkpointInterval.multipliedBy(3).plusSeconds(30).toNanos();
        WarmUpSegment.Readiness readiness = new WarmUpSegment.Readiness();
        int alerts;
        do {
            Thread.sleep(5);
            alerts = (int) written.received().stream().filter(alert -> WarmUpSegment.isWarmUp(alert.deviceId())).count();
            readiness.observe(alerts, metrics.sum("numberOfCompletedCheckpoints"));
        } while (!readiness.ready() && System.nanoTime() < deadline);
        return new WarmUp(segment.devices(), segment.size(), alerts, readiness.checkpointsAfterFirstAlert(),
                readiness.ready(), (System.nanoTime() - start) / 1e9);
    }

    /** The alerts of the measured devices (those of the warm-up segment left out). */
    private static List<Received> measured(List<Received> received) {
        return received.stream().filter(alert -> !WarmUpSegment.isWarmUp(alert.deviceId())).toList();
    }

    /** Fresh topics of one run (events, alerts, dead letters) and the job's Kafka settings for them. */
    private final class Topics {
        private final String run = UUID.randomUUID().toString().substring(0, 8);

        Topics(int partitions) throws Exception {
            createTopics(partitions, events(), alerts(), "benchmark-dead-letters-" + run);
        }

        String events() {
            return "benchmark-events-" + run;
        }

        String alerts() {
            return "benchmark-alerts-" + run;
        }

        KafkaSettings settings() {
            return KafkaSettings.builder()
                    .bootstrapServers(bootstrapServers)
                    .eventsTopic(events())
                    .alertsTopic(alerts())
                    .deadLettersTopic("benchmark-dead-letters-" + run)
                    .groupId("benchmark-" + run)
                    .startingOffsets(StartingOffsets.EARLIEST)
                    .transactionalIdPrefix("benchmark-" + run)
                    .transactionTimeout(Duration.ofMinutes(10))
                    .clientProperties(clientProperties)
                    .build();
        }
    }

    /**
     * A local environment as production configures the job: RocksDB (incremental), checkpoints at the
     * interval; then {@code flinkOptions} over it.
     */
    private static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval, Path checkpoints,
            Configuration conf, Map<String, String> flinkOptions) {
        CheckpointSettings.builder()
                .interval(checkpointInterval)
                .stateBackend(CheckpointSettings.StateBackend.ROCKSDB)
                .incremental(true)
                .storage(checkpoints.toUri().toString())
                .retainOnCancellation(false)
                .restartAttempts(0)
                .build()
                .applyTo(conf);
        conf.addAll(Configuration.fromMap(flinkOptions));
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    private void createTopics(int partitions, String... topics) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
            awaitLeaders(admin, List.of(topics));
        }
    }

    /** Waits until every partition of the topics has a leader (a topic just created may not have one yet). */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                boolean ready = admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS).values().stream()
                        .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // a topic just created can be unknown to the broker's metadata for a moment: not ready yet
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark's topics " + topics + " have no leader after 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.getJobStatus().get(10, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the latency job is not running after 60 s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * The events of the first {@code devices} devices in stream order (step-major), paced to
     * {@code rate} (unpaced when infinite); notes when each was sent at {@code step * devices + device}.
     */
    private void send(String topic, int devices, double rate, long[] sentNanos) {
        SensorEvent[] all = events.events();
        byte[][] json = events.json();
        byte[][] keys = new byte[devices][];
        for (int d = 0; d < devices; d++) {
            keys[d] = all[d].deviceId.getBytes(StandardCharsets.UTF_8);
        }
        send(topic, sentNanos.length, rate, i -> keys[i % devices], i -> json[(i / devices) * events.devices() + i % devices],
                sentNanos);
    }

    /**
     * Sends {@code count} records, record i with {@code keys.apply(i)} and {@code values.apply(i)},
     * paced to {@code rate} (unpaced when infinite); notes when record i was sent in {@code sentNanos[i]}.
     */
    private void send(String topic, int count, double rate, IntFunction<byte[]> keys, IntFunction<byte[]> values,
            long[] sentNanos) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        // One request in flight: on a topic created just before, the first batch can meet NOT_LEADER_OR_FOLLOWER;
        // with later batches already in flight the idempotent producer then retried them for ever with
        // OUT_OF_ORDER_SEQUENCE_NUMBER (seen in a fresh-clone CI run: the pass stalled at 3,461 of 6,000 events).
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            long start = System.nanoTime();
            double nanosPerEvent = 1e9 / rate;
            for (int i = 0; i < count; i++) {
                if (rate != Double.POSITIVE_INFINITY) {
                    long due = start + (long) (i * nanosPerEvent);
                    long now;
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - now);
                    }
                }
                sentNanos[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, keys.apply(i), values.apply(i)));
            }
            producer.flush();
        }
    }

    /** The samples' latencies in milliseconds, sorted. */
    private static double[] sortedLatencies(List<Sample> samples) {
        double[] out = samples.stream().mapToDouble(Sample::latencyMs).toArray();
        Arrays.sort(out);
        return out;
    }

    /** Each alert in the order received: when its event was sent, and how long until the alert arrived. */
    private List<Sample> samples(List<Received> received, int devices, long[] sentNanos) {
        List<Sample> out = new ArrayList<>(received.size());
        for (Received alert : received) {
            long sent = sentNanos[sentIndex(alert, devices, sentNanos)];
            out.add(new Sample(sent, (alert.receivedNanos - sent) / 1e6));
        }
        return out;
    }

    /** Where the event an alert names is in {@code sentNanos}. */
    private int sentIndex(Received alert, int devices, long[] sentNanos) {
        Integer device = deviceIndex.get(alert.deviceId);
        long step = (alert.ts - events.settings().startTs()) / events.settings().intervalMs();
        long index = step * devices + (device == null ? -1 : device);
        if (device == null || device >= devices || index < 0 || index >= sentNanos.length
                || sentNanos[(int) index] == Long.MIN_VALUE) {
            throw new IllegalStateException("alert for " + alert.deviceId + " at " + alert.ts
                    + " names no event the benchmark sent");
        }
        return (int) index;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private record Received(String deviceId, long ts, long receivedNanos) {}

    /** A consumer of the alerts topic on its own thread, noting when each alert arrived. */
    private final class AlertReader {
        private final String topic;
        private final String isolation;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Received> received = new ArrayList<>();
        private final Thread thread;
        private volatile Exception failure;

        AlertReader(String topic, String isolation) {
            this.topic = topic;
            this.isolation = isolation;
            this.thread = new Thread(this::poll, "benchmark-alerts-" + isolation);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
            if (failure != null) {
                throw new IllegalStateException("reading alerts (" + isolation + ") failed", failure);
            }
        }

        synchronized List<Received> received() {
            return List.copyOf(received);
        }

        private void poll() {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-reader-" + UUID.randomUUID());
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
                consumer.subscribe(List.of(topic));
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                        long now = System.nanoTime();
                        JsonNode alert = JSON.readTree(record.value());
                        synchronized (this) {
                            received.add(new Received(alert.get("device_id").asText(), alert.get("ts").asLong(), now));
                        }
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}

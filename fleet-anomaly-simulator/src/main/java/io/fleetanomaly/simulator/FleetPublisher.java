package io.fleetanomaly.simulator;

import io.fleetanomaly.format.EventJsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a simulated fleet to a Kafka topic, the load generator for tests and demos: the same
 * JSON the embedded run reads, keyed by device_id (one device's events stay in order on one
 * partition), optionally paced in real time. Idempotent producer, acks=all.
 */
public final class FleetPublisher {
    private FleetPublisher() {}

    /**
     * @param eventsPerSecond pace of the whole fleet; 0 = as fast as possible
     * @param progress called with the number of events sent so far, every 10,000 events
     * @return events published
     */
    public static long publish(SimulatorSettings fleetSettings, String bootstrapServers, String topic,
            Properties clientProperties, double eventsPerSecond, LongConsumer progress)
            throws InterruptedException, ExecutionException {
        return publish(fleetSettings, 0, new FleetSimulator(fleetSettings).totalEvents(), bootstrapServers, topic,
                clientProperties, eventsPerSecond, progress);
    }

    /**
     * Publishes the fleet's events {@code from} (inclusive) to {@code to} (exclusive) of the fleet
     * stream (time-major: all devices' step 0, then step 1, ...), e.g. a fleet in parts.
     *
     * @return events published
     */
    public static long publish(SimulatorSettings fleetSettings, long from, long to, String bootstrapServers,
            String topic, Properties clientProperties, double eventsPerSecond, LongConsumer progress)
            throws InterruptedException, ExecutionException {
        FleetSimulator fleet = new FleetSimulator(fleetSettings);
        if (from < 0 || to > fleet.totalEvents() || from > to) {
            throw new IllegalArgumentException("events [" + from + ", " + to + ") outside the fleet's [0, "
                    + fleet.totalEvents() + ")");
        }
        EventJsonWriter writer = new EventJsonWriter(fleet.featureNames());
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            for (long i = from; i < to; i++) {
                SimulatedEvent event = fleet.eventAt(i);
                // The record timestamp is the produce time, not the event's: simulated (or replayed)
                // events are old, and the broker's time-based retention would delete them at once.
                producer.send(new ProducerRecord<>(topic, event.deviceId().getBytes(StandardCharsets.UTF_8),
                        writer.write(event.toSensorEvent())));
                if (eventsPerSecond > 0) {
                    long due = start + (long) ((i - from + 1) * 1e9 / eventsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                if ((i - from + 1) % 10_000 == 0) {
                    progress.accept(i - from + 1);
                }
            }
            producer.flush();
        }
        return to - from;
    }
}

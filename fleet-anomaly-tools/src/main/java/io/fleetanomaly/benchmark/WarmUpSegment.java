package io.fleetanomaly.benchmark;

import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.EventJsonWriter;
import java.nio.charset.StandardCharsets;

/**
 * What a latency pass sends before its measured events, into the same job: the whole series of the
 * fleet's first devices under other ids ({@link #PREFIX} + id) and with event times moved before
 * the fleet's first step, so the measured devices still start from empty state and their events
 * still come after every warm-up event in event time. Whole series, because devices raise alerts
 * only after their own warm-up (step ~150) and faults come late in a series: the segment's alerts
 * make the exactly-once sink go through what a running job has behind it (its second transactional
 * producer, created at the first checkpoint with alerts pending, ~121 ms under load) before the
 * measured sending starts. Alerts of warm-up devices are told apart by {@link #isWarmUp} and not
 * counted.
 */
final class WarmUpSegment {
    static final String PREFIX = "warmup-";

    private final int devices;
    private final int steps;
    private final byte[][] keys;
    /** Step-major: index = step * devices + device. */
    private final byte[][] json;

    private WarmUpSegment(int devices, int steps, byte[][] keys, byte[][] json) {
        this.devices = devices;
        this.steps = steps;
        this.keys = keys;
        this.json = json;
    }

    /**
     * The segment for {@code seconds} of sending at {@code rate}: as many whole device series as fit
     * (at least 2, at most the fleet's devices).
     */
    static WarmUpSegment of(BenchmarkEvents events, double rate, double seconds) {
        int devices = (int) Math.max(2, Math.min(events.devices(), rate * seconds / events.eventsPerDevice()));
        int steps = events.eventsPerDevice();
        long shift = (long) steps * events.settings().intervalMs();
        EventJsonWriter writer = new EventJsonWriter(events.featureNames());
        SensorEvent[] all = events.events();
        byte[][] keys = new byte[devices][];
        byte[][] json = new byte[devices * steps][];
        for (int step = 0; step < steps; step++) {
            for (int device = 0; device < devices; device++) {
                SensorEvent event = all[step * events.devices() + device];
                String id = PREFIX + event.deviceId;
                if (step == 0) {
                    keys[device] = id.getBytes(StandardCharsets.UTF_8);
                }
                json[step * devices + device] = writer.write(id, event.ts - shift, event.values, event.label,
                        event.anomalyType);
            }
        }
        return new WarmUpSegment(devices, steps, keys, json);
    }

    static boolean isWarmUp(String deviceId) {
        return deviceId.startsWith(PREFIX);
    }

    int devices() {
        return devices;
    }

    int size() {
        return json.length;
    }

    /** Kafka key of the event at {@code index} (step-major). */
    byte[] key(int index) {
        return keys[index % devices];
    }

    /** Kafka value of the event at {@code index} (step-major). */
    byte[] value(int index) {
        return json[index];
    }

    /**
     * When the measured sending may start: once a warm-up alert has arrived (so the sink's current
     * transaction holds alerts) and {@link #CHECKPOINTS_AFTER_FIRST_ALERT} checkpoints have completed
     * after that: the first precommits that transaction and opens the next on a newly created
     * producer, the second runs as every later one does (the first producer back from the pool).
     */
    static final class Readiness {
        static final int CHECKPOINTS_AFTER_FIRST_ALERT = 2;

        private long completedAtFirstAlert = -1;
        private long completed;

        /** One look at the job: alerts of warm-up devices received so far, checkpoints completed so far. */
        void observe(int warmUpAlerts, long completedCheckpoints) {
            completed = completedCheckpoints;
            if (completedAtFirstAlert < 0 && warmUpAlerts > 0) {
                completedAtFirstAlert = completedCheckpoints;
            }
        }

        boolean alertSeen() {
            return completedAtFirstAlert >= 0;
        }

        long checkpointsAfterFirstAlert() {
            return alertSeen() ? completed - completedAtFirstAlert : 0;
        }

        boolean ready() {
            return checkpointsAfterFirstAlert() >= CHECKPOINTS_AFTER_FIRST_ALERT;
        }
    }
}

package io.fleetanomaly.alerting;

import io.fleetanomaly.state.CusumState;
import io.fleetanomaly.events.AlertStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Feeds a {@link CusumDetector} one device's events at a fixed event-time spacing and records what it emits. */
final class DetectorDriver {

    record Emitted(AlertStatus status, long ts, int eventIndex) {}

    final CusumDetector detector;
    final CusumState state;
    private final long stepMs;
    private long ts;
    private int eventIndex;
    final List<Emitted> emitted = new ArrayList<>();

    DetectorDriver(AlertSettings settings, int sensorCount, long startTs, long stepMs) {
        this.detector = new CusumDetector(settings, sensorCount);
        this.state = detector.newState();
        this.ts = startTs;
        this.stepMs = stepMs;
    }

    DetectorDriver(AlertSettings settings) {
        this(settings, 0, 1_000_000L, 1_000L);
    }

    AlertStatus feed(double score) {
        return feed(score, null);
    }

    AlertStatus feed(double score, double[] contributions) {
        return feed(score, contributions, 0L);
    }

    /** @param belowNormalMask bit i set: sensor i reads below the device's normal */
    AlertStatus feed(double score, double[] contributions, long belowNormalMask) {
        long eventTs = ts;
        ts += stepMs;
        eventIndex++;
        AlertStatus status = detector.observe(state, eventTs, score, belowNormalMask, contributions);
        if (status != null) {
            emitted.add(new Emitted(status, eventTs, eventIndex));
        }
        return status;
    }

    /** Feeds the score whose standardised value is exactly z (baseline must be complete). */
    AlertStatus feedZ(double z) {
        return feedZ(z, null);
    }

    AlertStatus feedZ(double z, double[] contributions) {
        return feed(state.baselineMean + z * state.baselineStd, contributions);
    }

    AlertStatus feedZ(double z, double[] contributions, long belowNormalMask) {
        return feed(state.baselineMean + z * state.baselineStd, contributions, belowNormalMask);
    }

    /**
     * Feeds the standardised score z until the state satisfies the condition, at most maxEvents
     * times, so a broken detector fails the test instead of hanging it.
     *
     * @return how many events it fed
     */
    int feedZUntil(double z, Predicate<CusumState> condition, int maxEvents) {
        int fed = 0;
        while (!condition.test(state)) {
            if (fed == maxEvents) {
                throw new AssertionError("condition not reached after " + maxEvents + " events of z = " + z);
            }
            feedZ(z);
            fed++;
        }
        return fed;
    }

    /** Completes the baseline with scores alternating 0 and 2 (mean 1, std just above 1). */
    void completeBaseline() {
        for (int i = 0; i < detector.settings().baselineEvents(); i++) {
            feed(i % 2 == 0 ? 0.0 : 2.0);
        }
    }

    /** Event time the next event will carry. */
    long nextTs() {
        return ts;
    }

    int eventsFed() {
        return eventIndex;
    }

    long count(AlertStatus status) {
        return emitted.stream().filter(e -> e.status() == status).count();
    }

    List<Emitted> of(AlertStatus status) {
        return emitted.stream().filter(e -> e.status() == status).toList();
    }
}

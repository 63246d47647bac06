package io.fleetanomaly.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * How soon labeled anomaly episodes are flagged. An episode (a run of label-1 events on one device)
 * is detected at its first event with {@code predicted} set (an alert open) from the episode's start
 * until {@code graceMs} after its last event, but not past the start of the device's next episode;
 * the delay is that event's time minus the episode's start. An alert already open when the episode
 * starts detects it with delay 0. With a grace of 0 only events inside the episode count; a grace
 * accepts an alert that opens just after a short episode, as {@code AlertLabelMatcher} does.
 */
public final class DetectionDelay {
    private final long graceMs;

    public DetectionDelay(long graceMs) {
        if (graceMs < 0) {
            throw new IllegalArgumentException("grace must be >= 0 ms, got " + graceMs);
        }
        this.graceMs = graceMs;
    }

    /** One labeled episode; {@code detectedAt} is meaningful only when {@code detected}. */
    public record Episode(String deviceId, long start, long end, boolean detected, long detectedAt) {
        public long delayMs() {
            if (!detected) {
                throw new IllegalStateException("episode of " + deviceId + " at " + start + " was not detected");
            }
            return detectedAt - start;
        }
    }

    /** All episodes and their delay statistics (over the detected ones; NaN when none was). */
    public record Result(List<Episode> episodes) {
        public Result {
            episodes = List.copyOf(episodes);
        }

        public long detected() {
            return episodes.stream().filter(Episode::detected).count();
        }

        public long missed() {
            return episodes.size() - detected();
        }

        /** Detected share of the episodes; 0 when there are none. */
        public double detectionRate() {
            return episodes.isEmpty() ? 0.0 : (double) detected() / episodes.size();
        }

        public double meanDelayMs() {
            return delays().getMean();
        }

        public double medianDelayMs() {
            return delays().getPercentile(50);
        }

        public double maxDelayMs() {
            return delays().getMax();
        }

        private DescriptiveStatistics delays() {
            DescriptiveStatistics stats = new DescriptiveStatistics();
            episodes.stream().filter(Episode::detected).forEach(e -> stats.addValue(e.delayMs()));
            return stats;
        }
    }

    public Result measure(List<EventTimeline> timelines) {
        List<Episode> episodes = new ArrayList<>();
        for (EventTimeline timeline : timelines) {
            measure(timeline, episodes);
        }
        return new Result(episodes);
    }

    public Result measure(EventTimeline timeline) {
        return measure(List.of(timeline));
    }

    private void measure(EventTimeline timeline, List<Episode> out) {
        boolean[] predicted = timeline.predicted();
        if (predicted == null) {
            throw new IllegalArgumentException("device " + timeline.deviceId() + ": detection delay needs predictions");
        }
        long[] ts = timeline.timestamps();
        List<EventTimeline.Episode> labeled = timeline.episodes();
        for (int e = 0; e < labeled.size(); e++) {
            EventTimeline.Episode episode = labeled.get(e);
            int nextEpisodeStart = e + 1 < labeled.size() ? labeled.get(e + 1).firstIndex() : ts.length;
            long deadline = episode.end() + graceMs;
            int found = -1;
            for (int i = episode.firstIndex(); i < nextEpisodeStart && (i <= episode.lastIndex() || ts[i] <= deadline); i++) {
                if (predicted[i]) {
                    found = i;
                    break;
                }
            }
            out.add(new Episode(timeline.deviceId(), episode.start(), episode.end(), found >= 0, found >= 0 ? ts[found] : 0));
        }
    }
}

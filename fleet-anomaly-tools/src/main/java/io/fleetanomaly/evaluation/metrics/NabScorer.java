package io.fleetanomaly.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Numenta Anomaly Benchmark score (Lavin and Ahmad 2015) of detections (alert openings) against
 * labeled anomaly windows, over any number of timelines (one per device), in one of two conventions.
 *
 * <p>Common to both: per window only the first detection inside it counts, as a true positive worth
 * at most {@code A_TP} and less the later it comes; a window without a detection costs {@code A_FN};
 * a detection outside every window is a false positive worth a negative amount tied to {@code A_FP};
 * later detections inside an already detected window count for nothing. Raw, null (no detection at
 * all: every window missed, {@code windows * A_FN}) and perfect ({@code windows * A_TP}) scores are
 * summed over all timelines and normalised once: {@code 100 * (raw - null) / (perfect - null)}, so
 * the null detector scores 0, the perfect one 100, and a detector worse than doing nothing is
 * negative. Without any window the normalised score is NaN.
 *
 * <h2>{@link Convention#NUMENTA}: Numenta's reference code</h2>
 * As numenta/NAB {@code nab/sweeper.py} and {@code nab/scorer.py} (NAB 1.x) compute it, positions
 * counted in events (rows), not time. {@code sigma(y) = 2 / (1 + e^(5y)) - 1}, and -1 for y > 3.
 * <ul>
 *   <li>A window holds the events with timestamps in {@code [start, end]}; width {@code w} = their count.
 *   <li>A true positive at row {@code i} of a window whose last row is {@code r} has position
 *       {@code y = -(r - i + 1) / w} and scores {@code A_TP * sigma(y) / sigma(-1)}: exactly
 *       {@code A_TP} at the window's first row, about {@code 0.47 A_TP} at the last row of a 5-row
 *       window. (The paper's formula, {@code A_TP * sigma(y)} with y from -1 at the start to 0 at the
 *       end, giving 0.987 and 0, is what the code refined; we follow the code.)
 *   <li>A false positive at row {@code i} after a window ending at row {@code r} of width {@code w}
 *       scores {@code -A_FP * sigma((i - r) / (w - 1))} (with the signed {@code A_FP < 0}): a fraction
 *       of {@code A_FP} just after the window, all of it from three window widths on. With no
 *       preceding window it scores {@code A_FP} in full. (A 1-row preceding window would divide by zero in NAB; it counts in full
 *       here.)
 *   <li>The first {@code min(floor(p * n), p * 5000)} rows (probation, {@code p} = 0.15 in NAB) are
 *       not scored: detections there are ignored, and a window lying entirely there is not counted.
 *   <li>A window holding no event cannot be detected and is not counted (NAB windows always hold
 *       events). Windows must not overlap. A detection is placed at the first event at or after its
 *       time.
 *   <li>NAB normalises with {@code perfect = all labeled windows * A_TP}; here it is the windows
 *       counted (not in probation), the same when no window lies in the probation period.
 * </ul>
 *
 * <h2>{@link Convention#SKAB}: SKAB's leaderboard scorer</h2>
 * As waico/tsad {@code tsad/evaluating/evaluating.py} ({@code evaluating(metric='nab')}, with its
 * defaults {@code scale_func='improved'}, {@code scale_koef=1}, {@code clear_anomalies_mode=True})
 * computes it, which SKAB's notebooks call (with 30 s windows centred on each changepoint:
 * {@code AnomalyWindows.aroundChangepoints(cps, 30_000, CENTER)}). Differences from Numenta's code:
 * <ul>
 *   <li>Positions are in time, relative to the window {@code [start, end]}: a true positive at time
 *       {@code t} takes {@code k = floor(1000 (t - start) / (end - start))} (at most 999) and scores
 *       {@code (A_TP - A_FP)/2 * -tanh(x_k) / tanh(pi/2) + (A_TP - A_FP)/2 + A_FP}, with {@code x_k}
 *       the k-th of 1000 evenly spaced points on {@code [-pi/2, pi/2]}: {@code A_TP} at the window's
 *       start, falling to {@code A_FP} (not 0) at its end.
 *   <li>Every false positive scores {@code A_FP} flat, with no decay after a window.
 *   <li>No probation period; every window counts (even one holding no event).
 *   <li>Windows may touch (share one instant, as {@link AnomalyWindows} makes overlapping ones); a
 *       detection at that instant is then a candidate in both windows, as in tsad.
 *   <li>tsad rounds the normalised score to 2 decimals; this does not.
 * </ul>
 */
public final class NabScorer {
    /** Which implementation's rules to follow; see the class documentation. */
    public enum Convention {
        NUMENTA,
        SKAB
    }

    /** An application profile: signed weights, {@code tp > 0}, {@code fp < 0}, {@code fn < 0}. */
    public record Profile(String name, double tp, double fp, double fn) {
        public static final Profile STANDARD = new Profile("standard", 1.0, -0.11, -1.0);
        public static final Profile REWARD_LOW_FP = new Profile("reward_low_FP_rate", 1.0, -0.22, -1.0);
        public static final Profile REWARD_LOW_FN = new Profile("reward_low_FN_rate", 1.0, -0.11, -2.0);
        public static final List<Profile> ALL = List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);

        public Profile {
            Objects.requireNonNull(name, "name");
            if (!(tp > 0) || !(fp <= 0) || !(fn <= 0)) {
                throw new IllegalArgumentException(
                        "NAB profile " + name + " needs A_TP > 0, A_FP <= 0, A_FN <= 0; got " + tp + ", " + fp + ", " + fn);
            }
        }
    }

    /**
     * One device: its event timestamps (non-decreasing; used by {@link Convention#NUMENTA} only), its
     * anomaly windows in time order, and its detection times.
     */
    public record Timeline(String id, long[] timestamps, List<AnomalyWindow> windows, long[] detections) {
        public Timeline {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(timestamps, "timestamps");
            windows = List.copyOf(windows);
            Objects.requireNonNull(detections, "detections");
            for (int i = 1; i < timestamps.length; i++) {
                if (timestamps[i] < timestamps[i - 1]) {
                    throw new IllegalArgumentException("timeline " + id + ": timestamps go back in time at event " + i);
                }
            }
            for (int i = 1; i < windows.size(); i++) {
                if (windows.get(i).start() < windows.get(i - 1).end()) {
                    throw new IllegalArgumentException("timeline " + id + ": anomaly windows overlap or are out of order: "
                            + windows.get(i - 1) + " then " + windows.get(i));
                }
            }
        }

        /** The timeline's alert openings scored against the given windows. */
        public static Timeline of(EventTimeline events, List<AnomalyWindow> windows) {
            return new Timeline(events.deviceId(), events.timestamps(), windows, events.alertOpenings());
        }
    }

    /** Summed scores of one profile. */
    public record ProfileScore(Profile profile, double raw, double nullScore, double perfect) {
        /** {@code 100 * (raw - null) / (perfect - null)}; NaN without windows. */
        public double normalized() {
            double range = perfect - nullScore;
            return range == 0 ? Double.NaN : 100.0 * (raw - nullScore) / range;
        }
    }

    /**
     * Scores per profile, in the order asked, and the counts behind them: windows counted, those
     * detected, and detections scored as false positives.
     */
    public record Result(List<ProfileScore> scores, long windows, long detectedWindows, long falsePositives) {
        public Result {
            scores = List.copyOf(scores);
        }

        public ProfileScore score(Profile profile) {
            return scores.stream()
                    .filter(s -> s.profile().equals(profile))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("profile " + profile.name() + " was not scored"));
        }

        public double normalized(Profile profile) {
            return score(profile).normalized();
        }

        public long missedWindows() {
            return windows - detectedWindows;
        }
    }

    private static final double MAX_TP_SIGMOID = scaledSigmoid(-1.0);
    private static final int SKAB_DETALIZATION = 1000;

    private final Convention convention;
    private final double probationFraction;

    private NabScorer(Convention convention, double probationFraction) {
        if (!(probationFraction >= 0 && probationFraction < 1)) {
            throw new IllegalArgumentException("probation fraction must be in [0, 1), got " + probationFraction);
        }
        this.convention = convention;
        this.probationFraction = probationFraction;
    }

    /** Numenta's rules with NAB's probation period (the first 15% of each timeline, at most 750 events). */
    public static NabScorer numenta() {
        return new NabScorer(Convention.NUMENTA, 0.15);
    }

    /** Numenta's rules with another probation fraction; 0 scores every event. */
    public static NabScorer numenta(double probationFraction) {
        return new NabScorer(Convention.NUMENTA, probationFraction);
    }

    /** SKAB's (tsad's) rules. */
    public static NabScorer skab() {
        return new NabScorer(Convention.SKAB, 0.0);
    }

    public Convention convention() {
        return convention;
    }

    /** All three standard profiles. */
    public Result score(List<Timeline> timelines) {
        return score(timelines, Profile.ALL);
    }

    public Result score(List<Timeline> timelines, List<Profile> profiles) {
        List<Tally> tallies = new ArrayList<>(timelines.size());
        for (Timeline timeline : timelines) {
            tallies.add(convention == Convention.NUMENTA ? tallyNumenta(timeline) : tallySkab(timeline));
        }
        long windows = 0;
        long detected = 0;
        long falsePositives = 0;
        for (Tally t : tallies) {
            windows += t.windows;
            detected += t.truePositivePositions.length;
            falsePositives += t.falsePositivePositions.length;
        }
        List<ProfileScore> scores = new ArrayList<>(profiles.size());
        for (Profile profile : profiles) {
            double raw = 0;
            for (Tally t : tallies) {
                raw += rawScore(t, profile);
            }
            scores.add(new ProfileScore(profile, raw, windows * profile.fn(), windows * profile.tp()));
        }
        return new Result(scores, windows, detected, falsePositives);
    }

    /**
     * What a timeline's detections amount to, before weighting: windows counted, the position of each
     * detected window's first detection, and the position of each false positive (NUMENTA: relative
     * to the preceding window, +Infinity without one; SKAB: unused).
     */
    private record Tally(long windows, double[] truePositivePositions, double[] falsePositivePositions) {}

    private double rawScore(Tally t, Profile profile) {
        double score = (t.windows - t.truePositivePositions.length) * profile.fn();
        for (double position : t.truePositivePositions) {
            score += convention == Convention.NUMENTA
                    ? profile.tp() * scaledSigmoid(position) / MAX_TP_SIGMOID
                    : skabScale((int) position, profile.tp(), profile.fp());
        }
        for (double position : t.falsePositivePositions) {
            score += convention == Convention.NUMENTA ? -profile.fp() * scaledSigmoid(position) : profile.fp();
        }
        return score;
    }

    // ---- Numenta

    private Tally tallyNumenta(Timeline timeline) {
        long[] ts = timeline.timestamps();
        int n = ts.length;
        List<AnomalyWindow> windows = timeline.windows();
        for (int i = 1; i < windows.size(); i++) {
            if (windows.get(i).start() == windows.get(i - 1).end()) {
                throw new IllegalArgumentException("timeline " + timeline.id() + ": NAB windows must not touch: "
                        + windows.get(i - 1) + " then " + windows.get(i));
            }
        }
        double probation = Math.min(Math.floor(probationFraction * n), probationFraction * 5000);
        // Row ranges [first[w], last[w]] of the windows holding events.
        int[] first = new int[windows.size()];
        int[] last = new int[windows.size()];
        int withRows = 0;
        long counted = 0;
        for (AnomalyWindow window : windows) {
            int lo = lowerBound(ts, window.start());
            int hi = upperBound(ts, window.end()) - 1;
            if (lo <= hi) {
                first[withRows] = lo;
                last[withRows] = hi;
                withRows++;
                if (hi >= probation) {
                    counted++;
                }
            }
        }
        int[] rows = detectionRows(timeline);
        double[] earliestPosition = new double[withRows];
        Arrays.fill(earliestPosition, Double.NaN);
        List<Double> falsePositives = new ArrayList<>();
        int w = 0; // first window not ending before the current row
        for (int row : rows) {
            if (row < probation) {
                continue;
            }
            while (w < withRows && last[w] < row) {
                w++;
            }
            if (w < withRows && first[w] <= row) {
                if (Double.isNaN(earliestPosition[w])) {
                    earliestPosition[w] = -(double) (last[w] - row + 1) / (last[w] - first[w] + 1);
                }
            } else if (w == 0) {
                falsePositives.add(Double.POSITIVE_INFINITY);
            } else {
                int width = last[w - 1] - first[w - 1] + 1;
                falsePositives.add(width == 1
                        ? Double.POSITIVE_INFINITY
                        : (double) Math.abs(last[w - 1] - row) / (width - 1));
            }
        }
        double[] truePositives = Arrays.stream(earliestPosition).filter(p -> !Double.isNaN(p)).toArray();
        return new Tally(counted, truePositives, falsePositives.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Distinct event rows of the detections: the first event at or after each. */
    private static int[] detectionRows(Timeline timeline) {
        long[] ts = timeline.timestamps();
        long[] detections = sortedDistinct(timeline.detections());
        if (detections.length > 0 && (ts.length == 0 || detections[0] < ts[0] || detections[detections.length - 1] > ts[ts.length - 1])) {
            throw new IllegalArgumentException("timeline " + timeline.id() + ": detections must lie within its events' time span");
        }
        return Arrays.stream(detections).mapToInt(d -> lowerBound(ts, d)).distinct().toArray();
    }

    /** NAB's scaled sigmoid: {@code 2 / (1 + e^(5y)) - 1}, and -1 beyond y = 3. */
    static double scaledSigmoid(double y) {
        return y > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * y)) - 1.0;
    }

    // ---- SKAB (tsad)

    private static Tally tallySkab(Timeline timeline) {
        long[] detections = sortedDistinct(timeline.detections());
        List<AnomalyWindow> windows = timeline.windows();
        List<Double> truePositives = new ArrayList<>();
        int falsePositives = 0;
        int next = 0; // first detection not yet attributed to a gap before or between windows
        for (AnomalyWindow window : windows) {
            while (next < detections.length && detections[next] < window.start()) {
                falsePositives++;
                next++;
            }
            int firstInside = lowerBound(detections, window.start());
            if (firstInside < detections.length && detections[firstInside] <= window.end()) {
                truePositives.add((double) skabEvent(detections[firstInside], window));
            }
            while (next < detections.length && detections[next] <= window.end()) {
                next++;
            }
        }
        falsePositives += detections.length - next;
        return new Tally(windows.size(),
                truePositives.stream().mapToDouble(Double::doubleValue).toArray(), new double[falsePositives]);
    }

    /** tsad's {@code int((t - start) / (end - start) * 1000)}, capped at 999; 0 in a zero-width window. */
    static int skabEvent(long t, AnomalyWindow window) {
        long width = window.end() - window.start();
        if (width == 0) {
            return 0;
        }
        int event = (int) ((double) (t - window.start()) / (double) width * SKAB_DETALIZATION);
        return Math.min(event, SKAB_DETALIZATION - 1);
    }

    /** tsad's {@code my_scale} ("improved" scoring function, koef 1) at sample {@code event} of 1000. */
    static double skabScale(int event, double aTp, double aFp) {
        // numpy.linspace(-pi/2, pi/2, 1000): start + k * step, the last point set to the end exactly.
        double x = event == SKAB_DETALIZATION - 1
                ? Math.PI / 2
                : event * (Math.PI / (SKAB_DETALIZATION - 1)) + -Math.PI / 2;
        double half = (aTp - aFp) / 2;
        return half * -1 * Math.tanh(x) / Math.tanh(Math.PI / 2) + half + aFp;
    }

    // ---- helpers

    private static long[] sortedDistinct(long[] values) {
        return Arrays.stream(values).sorted().distinct().toArray();
    }

    /** First index with {@code sorted[i] > key}, or {@code sorted.length}. */
    private static int upperBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index with {@code sorted[i] >= key}, or {@code sorted.length}. */
    private static int lowerBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

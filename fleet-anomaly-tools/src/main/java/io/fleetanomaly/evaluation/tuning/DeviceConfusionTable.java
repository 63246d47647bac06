package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.fusion.FusionMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Every candidate setting's confusion on every device, kept per device: a candidate is one
 * (variant, fusion weights, alert settings) triple of a {@link CrossValidation} search, replayed once
 * on each device. Any group of devices' confusion is then a sum, so a selection rule can judge a
 * candidate on a tuning half, on inner splits of it and on resamples of it without replaying again.
 *
 * <p>Candidates are numbered variant-major, then weight-major, then in the grid's order: the order
 * {@link CrossValidation#twoFoldOverVariants} searches them in, so "the first on ties" means the same.
 * Per device only the true and false positives are stored; its positives and negatives are the same
 * for every candidate.
 */
public final class DeviceConfusionTable {
    /** What one candidate is: which variant, which weights, which alert settings. */
    public record Candidate(int variant, double[] weights, AlertSettings settings) {}

    private final List<String> deviceIds;
    private final int[] positives;
    private final int[] negatives;
    /** [candidate][device]. */
    private final int[][] tp;
    private final int[][] fp;
    private final List<Candidate> candidates;

    /**
     * A table from counts (hand-made, or replayed by {@link #replay}).
     *
     * @param tp per candidate, per device, the true positives
     * @param fp per candidate, per device, the false positives
     */
    public DeviceConfusionTable(List<String> deviceIds, int[] positives, int[] negatives, int[][] tp, int[][] fp,
            List<Candidate> candidates) {
        this.deviceIds = List.copyOf(deviceIds);
        int n = this.deviceIds.size();
        if (positives.length != n || negatives.length != n) {
            throw new IllegalArgumentException(n + " devices but " + positives.length + " positive and "
                    + negatives.length + " negative counts");
        }
        if (tp.length != candidates.size() || fp.length != candidates.size()) {
            throw new IllegalArgumentException(candidates.size() + " candidates but " + tp.length + " tp and " + fp.length + " fp rows");
        }
        for (int c = 0; c < tp.length; c++) {
            if (tp[c].length != n || fp[c].length != n) {
                throw new IllegalArgumentException("candidate " + c + " has counts for " + tp[c].length + "/" + fp[c].length
                        + " devices, not " + n);
            }
            for (int d = 0; d < n; d++) {
                if (tp[c][d] < 0 || tp[c][d] > positives[d] || fp[c][d] < 0 || fp[c][d] > negatives[d]) {
                    throw new IllegalArgumentException("candidate " + c + ", device " + this.deviceIds.get(d)
                            + ": tp " + tp[c][d] + " of " + positives[d] + ", fp " + fp[c][d] + " of " + negatives[d]);
                }
            }
        }
        this.positives = positives.clone();
        this.negatives = negatives.clone();
        this.tp = tp;
        this.fp = fp;
        this.candidates = List.copyOf(candidates);
    }

    /**
     * Replays every variant × weights × grid setting on every device.
     *
     * @param parallel replay the weight vectors in parallel (the table is the same)
     */
    public static DeviceConfusionTable replay(List<CrossValidation.Variant> variants, List<double[]> weights, AlertGrid grid,
            FusionMethod fusion, boolean parallel) {
        if (variants.isEmpty() || weights.isEmpty()) {
            throw new IllegalArgumentException("no variants or no weight vectors to replay");
        }
        List<DeviceSeries> first = variants.get(0).devices();
        List<String> ids = first.stream().map(DeviceSeries::deviceId).toList();
        List<AlertSettings> settings = grid.variants().stream().flatMap(List::stream).toList();
        int perVariant = weights.size() * settings.size();
        int candidateCount = variants.size() * perVariant;
        int[][] tp = new int[candidateCount][];
        int[][] fp = new int[candidateCount][];
        List<Candidate> candidates = new ArrayList<>(candidateCount);
        int[] positives = null;
        int[] negatives = null;
        for (int v = 0; v < variants.size(); v++) {
            List<DeviceSeries> devices = variants.get(v).devices();
            if (!devices.stream().map(DeviceSeries::deviceId).toList().equals(ids)) {
                throw new IllegalArgumentException("variant " + variants.get(v).name() + " does not hold the same devices in the same order");
            }
            for (double[] w : weights) {
                for (AlertSettings s : settings) {
                    candidates.add(new Candidate(v, w.clone(), s));
                }
            }
            int offset = v * perVariant;
            int[] p = new int[ids.size()];
            int[] n = new int[ids.size()];
            IntStream range = IntStream.range(0, weights.size());
            (parallel ? range.parallel() : range).forEach(w -> {
                FleetScores scores = FleetScores.fuse(devices, weights.get(w), fusion);
                for (int s = 0; s < settings.size(); s++) {
                    int c = offset + w * settings.size() + s;
                    tp[c] = new int[ids.size()];
                    fp[c] = new int[ids.size()];
                    for (int d = 0; d < ids.size(); d++) {
                        ConfusionMatrix.Counter counter = new ConfusionMatrix.Counter();
                        AlertReplay.count(settings.get(s), devices.get(d), scores.column(d), counter);
                        ConfusionMatrix m = counter.toMatrix();
                        tp[c][d] = Math.toIntExact(m.tp());
                        fp[c][d] = Math.toIntExact(m.fp());
                        if (w == 0 && s == 0) { // the same for every candidate
                            p[d] = Math.toIntExact(m.positives());
                            n[d] = Math.toIntExact(m.negatives());
                        }
                    }
                }
            });
            if (positives == null) {
                positives = p;
                negatives = n;
            } else if (!Arrays.equals(positives, p) || !Arrays.equals(negatives, n)) {
                throw new IllegalArgumentException("variant " + variants.get(v).name() + " counts other events than "
                        + variants.get(0).name());
            }
        }
        return new DeviceConfusionTable(ids, positives, negatives, tp, fp, candidates);
    }

    public int candidateCount() {
        return candidates.size();
    }

    public Candidate candidate(int c) {
        return candidates.get(c);
    }

    public int deviceCount() {
        return deviceIds.size();
    }

    public List<String> deviceIds() {
        return deviceIds;
    }

    /** Device indices 0 … n-1. */
    public int[] allDevices() {
        return IntStream.range(0, deviceIds.size()).toArray();
    }

    public int positives(int device) {
        return positives[device];
    }

    public int negatives(int device) {
        return negatives[device];
    }

    public int tp(int candidate, int device) {
        return tp[candidate][device];
    }

    public int fp(int candidate, int device) {
        return fp[candidate][device];
    }

    /** One candidate's confusion summed over these devices. */
    public ConfusionMatrix confusion(int candidate, int[] devices) {
        long t = 0;
        long f = 0;
        long p = 0;
        long n = 0;
        for (int d : devices) {
            t += tp[candidate][d];
            f += fp[candidate][d];
            p += positives[d];
            n += negatives[d];
        }
        return new ConfusionMatrix(t, f, p - t, n - f);
    }

    /**
     * A 2-fold split of these devices ({@link DeviceSplit#stratified(List, List, double, long)}, half
     * held out): {@code [0]} the tuning part's indices, {@code [1]} the other part's, each ascending.
     */
    public int[][] split(int[] devices, long seed) {
        List<String> ids = new ArrayList<>(devices.length);
        List<Boolean> anomalous = new ArrayList<>(devices.length);
        for (int d : devices) {
            ids.add(deviceIds.get(d));
            anomalous.add(positives[d] > 0);
        }
        DeviceSplit split = DeviceSplit.stratified(ids, anomalous, 0.5, seed);
        return new int[][] {indicesOf(split.tuning()), indicesOf(split.validation())};
    }

    private int[] indicesOf(List<String> ids) {
        return ids.stream().mapToInt(deviceIds::indexOf).sorted().toArray();
    }

    @Override
    public String toString() {
        return "DeviceConfusionTable{devices=" + deviceIds.size() + ", candidates=" + candidates.size() + "}";
    }
}

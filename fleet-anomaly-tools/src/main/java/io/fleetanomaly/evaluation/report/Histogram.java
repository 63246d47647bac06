package io.fleetanomaly.evaluation.report;

import java.util.Arrays;

/** A density histogram over fixed bins, drawn as a closed step outline. */
final class Histogram {
    private final double lo;
    private final double hi;
    private final double[] density;
    private final int beyond;

    private Histogram(double lo, double hi, double[] density, int beyond) {
        this.lo = lo;
        this.hi = hi;
        this.density = density;
        this.beyond = beyond;
    }

    /**
     * Bins the finite values within [lo, hi] and scales them so that the area is 1 (values
     * outside the range still count in the total, so the area is the share in range).
     */
    static Histogram of(double[] values, double lo, double hi, int bins) {
        double width = (hi - lo) / bins;
        double[] counts = new double[bins];
        int finite = 0;
        int beyond = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                continue;
            }
            finite++;
            if (v < lo || v > hi) {
                beyond++;
                continue;
            }
            counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
        }
        if (finite > 0) {
            for (int i = 0; i < bins; i++) {
                counts[i] /= finite * width;
            }
        }
        return new Histogram(lo, hi, counts, beyond);
    }

    /** Finite values that fell outside the range. */
    int beyond() {
        return beyond;
    }

    double maxDensity() {
        return Arrays.stream(density).max().orElse(0);
    }

    /** x of the outline: lo, then both edges of every bin, then hi. */
    double[] outlineX() {
        int bins = density.length;
        double width = (hi - lo) / bins;
        double[] x = new double[2 * bins + 2];
        x[0] = lo;
        for (int i = 0; i < bins; i++) {
            x[1 + 2 * i] = lo + i * width;
            x[2 + 2 * i] = lo + (i + 1) * width;
        }
        x[x.length - 1] = hi;
        return x;
    }

    /** y of the outline: 0, each bin's density at both edges, 0. */
    double[] outlineY() {
        double[] y = new double[2 * density.length + 2];
        for (int i = 0; i < density.length; i++) {
            y[1 + 2 * i] = density[i];
            y[2 + 2 * i] = density[i];
        }
        return y;
    }

    /** The {@code q} quantile (0..1) of the finite values, by nearest rank; NaN if there are none. */
    static double quantile(double[] values, double q) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * finite.length) - 1;
        return finite[Math.max(0, Math.min(finite.length - 1, rank))];
    }
}

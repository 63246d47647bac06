package io.fleetanomaly.detectors.mahalanobis;

import java.io.Serializable;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The textbook PCA process monitor beside the Mahalanobis distance: Hotelling's T² in the principal
 * subspace and the squared prediction error Q (SPE) in the residual subspace, each of the reading
 * and of the smoothed reading (the mean of the device's last few readings), each calibrated to a
 * tail probability. A correlation break in a low-variance direction, which the shrunk Mahalanobis
 * distance dilutes (shrinkage inflates exactly those directions' variances), stands out in Q.
 *
 * <p>The principal directions are the eigenvectors of the model's covariance (Commons Math
 * {@link EigenDecomposition}) whose eigenvalues exceed the average eigenvalue (Kaiser–Guttman; on
 * standardised readings: eigenvalue &gt; 1); shrinkage does not move eigenvectors, and the
 * eigenvalues are taken back to the unshrunk covariance. With x the centred reading, t = Pᵀx:
 * T² = Σ tᵢ²/λᵢ and Q = |x − Pt|². Each statistic s is calibrated as g·χ²(h) with g and h matched
 * to its mean m and variance v on normal training data (g = v/2m, h = 2m²/v: Box's approximation,
 * as Nomikos and MacGregor set SPE limits), so −ln P(g·χ²(h) &gt; s) is about Exp(1) on normal data.
 * The score is the largest of the four; the sensor contributions are the winner's: for Q the
 * squared residual of each sensor, for T² xⱼ·(PΛ⁻¹Pᵀx)ⱼ; both sum to the statistic.
 *
 * <p>Immutable and {@link Serializable}.
 */
public final class PcaMonitor implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The four statistics, in the order of {@link #moments()}. */
    public enum Statistic { T2_READING, SPE_READING, T2_SMOOTHED, SPE_SMOOTHED }

    private final double[] mean;
    private final int dimensions;
    private final int components;
    /** Principal directions, row-major d×k. */
    private final double[] loadings;
    /** Eigenvalues of the principal directions (unshrunk covariance), length k. */
    private final double[] eigenvalues;
    /** Per statistic: {mean, variance} on normal training data. */
    private final double[][] moments;
    /** Per statistic: g and h of g·χ²(h). */
    private final double[] scale;
    private final double[] shape;

    private PcaMonitor(double[] mean, int components, double[] loadings, double[] eigenvalues, double[][] moments) {
        this.mean = mean;
        this.dimensions = mean.length;
        this.components = components;
        this.loadings = loadings;
        this.eigenvalues = eigenvalues;
        this.moments = new double[moments.length][];
        this.scale = new double[moments.length];
        this.shape = new double[moments.length];
        for (int s = 0; s < moments.length; s++) {
            double m = moments[s][0];
            double v = moments[s][1];
            if (!(m > 0) || !(v > 0) || !Double.isFinite(m) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("moments of " + Statistic.values()[s]
                        + " must be finite and > 0, got mean " + m + ", variance " + v);
            }
            this.moments[s] = new double[] {m, v};
            scale[s] = v / (2.0 * m);
            shape[s] = 2.0 * m * m / v;
        }
    }

    /**
     * The principal subspace of {@code model} (components with an eigenvalue above the average),
     * not yet calibrated: use {@link #statistics} on normal readings, then {@link #calibrated}.
     */
    public static PcaMonitor subspaceOf(MahalanobisModel model) {
        return subspaceOf(model, 0);
    }

    /**
     * @param components the number of principal directions, or 0 for those whose eigenvalue
     *     exceeds the average eigenvalue
     */
    public static PcaMonitor subspaceOf(MahalanobisModel model, int components) {
        int d = model.dimensions();
        if (components < 0 || components >= d) {
            throw new IllegalArgumentException("principal components must be 0 (automatic) or 1.." + (d - 1)
                    + " for " + d + " sensors, got " + components);
        }
        double[][] shrunk = model.covariance();
        double lambda = model.shrinkageIntensity();
        double averageVariance = Covariances.trace(shrunk) / d;
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(shrunk, false));
        double[] shrunkValues = eigen.getRealEigenvalues();
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(shrunkValues[b], shrunkValues[a]));
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            // (1−λ)s + λ·tr/d is the shrunk eigenvalue of the unshrunk s; tr is unchanged by shrinkage
            values[i] = lambda < 1.0
                    ? Math.max(0.0, (shrunkValues[order[i]] - lambda * averageVariance) / (1.0 - lambda))
                    : shrunkValues[order[i]];
        }
        int k = components;
        if (k == 0) {
            while (k < d - 1 && values[k] > averageVariance) {
                k++;
            }
            k = Math.max(1, k);
        }
        RealMatrix vectors = eigen.getV();
        double[] loadings = new double[d * k];
        double[] kept = new double[k];
        for (int c = 0; c < k; c++) {
            kept[c] = Math.max(values[c], MahalanobisModel.ABSOLUTE_RIDGE);
            for (int j = 0; j < d; j++) {
                loadings[j * k + c] = vectors.getEntry(j, order[c]);
            }
        }
        double[][] unit = new double[Statistic.values().length][];
        for (int s = 0; s < unit.length; s++) {
            unit[s] = new double[] {1.0, 2.0};
        }
        return new PcaMonitor(model.mean(), k, loadings, kept, unit);
    }

    /** This subspace with the statistics' moments on normal data: {mean, variance} per {@link Statistic}. */
    public PcaMonitor calibrated(double[][] moments) {
        if (moments.length != Statistic.values().length) {
            throw new IllegalArgumentException("expected moments of " + Statistic.values().length
                    + " statistics, got " + moments.length);
        }
        return new PcaMonitor(mean, components, loadings, eigenvalues, moments);
    }

    /** Scratch buffers for {@link #score}; one per scoring thread. */
    public static final class Scratch {
        final double[] centred;
        final double[] residual;
        final double[] t2Contributions;
        final double[] statistics = new double[2];
        double best;

        private Scratch(int d) {
            centred = new double[d];
            residual = new double[d];
            t2Contributions = new double[d];
        }
    }

    public Scratch newScratch() {
        return new Scratch(dimensions);
    }

    /**
     * The score of a reading and (when not null) its smoothed reading: the largest
     * {@link #surprise} of the four statistics, with the winner's per-sensor contributions.
     *
     * @param contributions d values, filled with the winner's contributions (summing to its statistic)
     */
    public double score(double[] reading, double[] smoothedOrNull, Scratch scratch, double[] contributions) {
        if (reading.length != dimensions || contributions.length != dimensions
                || (smoothedOrNull != null && smoothedOrNull.length != dimensions)) {
            throw new IllegalArgumentException("value has " + reading.length + " sensors, contributions "
                    + contributions.length + ", the PCA monitor " + dimensions);
        }
        scratch.best = Double.NEGATIVE_INFINITY;
        scoreOne(reading, Statistic.T2_READING, Statistic.SPE_READING, scratch, contributions);
        if (smoothedOrNull != null) {
            scoreOne(smoothedOrNull, Statistic.T2_SMOOTHED, Statistic.SPE_SMOOTHED, scratch, contributions);
        }
        return scratch.best;
    }

    private void scoreOne(double[] value, Statistic t2Statistic, Statistic speStatistic, Scratch scratch,
            double[] contributions) {
        for (int j = 0; j < dimensions; j++) {
            scratch.centred[j] = value[j] - mean[j];
        }
        statistics(scratch.centred, scratch.statistics, scratch.residual, scratch.t2Contributions);
        double t2Surprise = surprise(t2Statistic, scratch.statistics[0]);
        double speSurprise = surprise(speStatistic, scratch.statistics[1]);
        if (t2Surprise > scratch.best) {
            scratch.best = t2Surprise;
            System.arraycopy(scratch.t2Contributions, 0, contributions, 0, dimensions);
        }
        if (speSurprise > scratch.best) {
            scratch.best = speSurprise;
            for (int j = 0; j < dimensions; j++) {
                contributions[j] = scratch.residual[j] * scratch.residual[j];
            }
        }
    }

    /** T² and Q of an uncentred value (for fitting the moments): {T², Q}. */
    public double[] statistics(double[] value) {
        Scratch scratch = newScratch();
        for (int j = 0; j < dimensions; j++) {
            scratch.centred[j] = value[j] - mean[j];
        }
        statistics(scratch.centred, scratch.statistics, scratch.residual, null);
        return scratch.statistics.clone();
    }

    /**
     * T² and Q of a centred value, without calibration.
     *
     * @param out two values: T², Q
     * @param residual scratch of d values, left holding x − Pt
     */
    void statistics(double[] centred, double[] out, double[] residual, double[] contributionsT2OrNull) {
        requireLength(centred, residual);
        double t2 = 0.0;
        System.arraycopy(centred, 0, residual, 0, dimensions);
        if (contributionsT2OrNull != null) {
            java.util.Arrays.fill(contributionsT2OrNull, 0.0);
        }
        for (int c = 0; c < components; c++) {
            double t = 0.0;
            for (int j = 0; j < dimensions; j++) {
                t += loadings[j * components + c] * centred[j];
            }
            t2 += t * t / eigenvalues[c];
            for (int j = 0; j < dimensions; j++) {
                double along = loadings[j * components + c] * t;
                residual[j] -= along;
                if (contributionsT2OrNull != null) {
                    contributionsT2OrNull[j] += centred[j] * along / eigenvalues[c];
                }
            }
        }
        double q = 0.0;
        for (int j = 0; j < dimensions; j++) {
            q += residual[j] * residual[j];
        }
        out[0] = t2;
        out[1] = q;
    }

    /**
     * −ln P(g·χ²(h) &gt; value) of one statistic: about Exp(1) on normal data, finite far in the
     * tail (a scaled χ² is a Gamma(h/2, 2g), whose log survival Commons Math gives through the
     * regularized Gamma function).
     */
    public double surprise(Statistic statistic, double value) {
        if (!(value > 0)) {
            return 0.0;
        }
        int s = statistic.ordinal();
        double log = ChiSquaredTail.logSurvival(shape[s], value / scale[s]);
        return Math.max(0.0, -log);
    }

    public int dimensions() {
        return dimensions;
    }

    /** Principal directions kept. */
    public int components() {
        return components;
    }

    /** Eigenvalues of the principal directions, largest first. */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** {mean, variance} on normal data per {@link Statistic}. */
    public double[][] moments() {
        double[][] copy = new double[moments.length][];
        for (int s = 0; s < moments.length; s++) {
            copy[s] = moments[s].clone();
        }
        return copy;
    }

    private void requireLength(double[] centred, double[] residual) {
        if (centred.length != dimensions || residual.length < dimensions) {
            throw new IllegalArgumentException("value has " + centred.length + " sensors, the PCA monitor "
                    + dimensions);
        }
    }

    @Override
    public String toString() {
        return "PcaMonitor[dimensions=" + dimensions + ", components=" + components + "]";
    }
}

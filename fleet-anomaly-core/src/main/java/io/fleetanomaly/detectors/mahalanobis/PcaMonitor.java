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
 * <p>Optionally ({@link #withEwma}) a fifth statistic for small persistent shifts, the multivariate
 * EWMA chart (Lowry et al. 1992) on the principal scores: each device keeps e ← α·t + (1 − α)·e and
 * the monitor scores T²ₑ = eᵀΣₑ⁻¹e, Σₑ the covariance of e on normal devices (which holds the states'
 * autocorrelation and the spread of operating points), calibrated like the others. A process state
 * that steps by a few of its own σ and stays there scores T² ≈ (shift)² per reading, inside the
 * range a slow state reaches now and then; its EWMA averages the state's normal wandering out over
 * ~1/α readings and keeps the shift. Contributions: (Pe)ⱼ·(PΣₑ⁻¹e)ⱼ, summing to T²ₑ.
 *
 * <p>Optionally ({@link #withCentredSpe}) a sixth, the device-centred SPE of the smoothed reading:
 * Q꜀ = |r̄ − c|², r̄ the residual (x̄ − mean − PPᵀ(x̄ − mean)) of the smoothed reading and c the mean
 * of the device's first N such residuals (each plant's operating point sits a little off the
 * fleet's, and in the residual subspace that offset is constant: it is most of a plant's smoothed
 * Q, which therefore hides a sensor that sticks or drifts). Not scored before the device's centre is
 * complete. Contributions: (r̄ⱼ − cⱼ)², summing to Q꜀.
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
    /** Per statistic: the g·χ²(h) of its moments on normal data. */
    private final ScaledChiSquared[] fits;
    /** The EWMA statistic, or null when the monitor has none. */
    private final Ewma ewma;
    /** The device-centred SPE, or null when the monitor has none. */
    private final Centred centred;

    /**
     * The device-centred SPE: the device's first {@code events} smoothed residuals make its centre;
     * {mean, variance} of Q꜀ on normal devices, with g and h of its g·χ²(h).
     */
    private record Centred(int events, ScaledChiSquared fit) implements Serializable {}

    /**
     * The EWMA chart on the principal scores: smoothing factor α, Σₑ as fitted and Σₑ⁻¹ (both
     * row-major k×k; a file holds Σₑ, so a model read back inverts the same matrix) and the
     * {mean, variance} of T²ₑ on normal devices, with g and h of its g·χ²(h).
     */
    private record Ewma(double alpha, double[][] covariance, double[] inverseCovariance, ScaledChiSquared fit)
            implements Serializable {}

    private PcaMonitor(double[] mean, int components, double[] loadings, double[] eigenvalues, double[][] moments) {
        this(mean, components, loadings, eigenvalues, moments, null, null);
    }

    private PcaMonitor(double[] mean, int components, double[] loadings, double[] eigenvalues, double[][] moments,
            Ewma ewma, Centred centred) {
        this.mean = mean;
        this.dimensions = mean.length;
        this.components = components;
        this.loadings = loadings;
        this.eigenvalues = eigenvalues;
        this.fits = new ScaledChiSquared[moments.length];
        for (int s = 0; s < moments.length; s++) {
            fits[s] = ScaledChiSquared.fit(Statistic.values()[s].toString(), moments[s]);
        }
        this.ewma = ewma;
        this.centred = centred;
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
        return new PcaMonitor(mean, components, loadings, eigenvalues, moments, ewma, centred);
    }

    /**
     * This monitor with the EWMA chart on its principal scores.
     *
     * @param alpha the EWMA's smoothing factor, in (0, 1)
     * @param covariance k×k covariance of the EWMA of normal devices' principal scores
     * @param moments {mean, variance} of T²ₑ on normal devices
     */
    public PcaMonitor withEwma(double alpha, double[][] covariance, double[] moments) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("the EWMA's alpha must be > 0 and < 1, got " + alpha);
        }
        if (covariance.length != components || java.util.Arrays.stream(covariance).anyMatch(r -> r.length != components)) {
            throw new IllegalArgumentException("the EWMA's covariance must be " + components + "×" + components
                    + " (principal components)");
        }
        ScaledChiSquared fit = ScaledChiSquared.fit("the EWMA's T²", moments);
        RealMatrix inverse;
        try {
            inverse = new org.apache.commons.math3.linear.CholeskyDecomposition(new Array2DRowRealMatrix(covariance))
                    .getSolver().getInverse();
        } catch (org.apache.commons.math3.exception.MathIllegalArgumentException e) {
            throw new IllegalArgumentException("the EWMA's covariance is not symmetric positive definite: " + e.getMessage(), e);
        }
        double[] flat = new double[components * components];
        for (int i = 0; i < components; i++) {
            for (int j = 0; j < components; j++) {
                flat[i * components + j] = inverse.getEntry(i, j);
            }
        }
        double[][] kept = new double[components][];
        for (int i = 0; i < components; i++) {
            kept[i] = covariance[i].clone();
        }
        Ewma chart = new Ewma(alpha, kept, flat, fit);
        return new PcaMonitor(mean, components, loadings, eigenvalues, moments(), chart, centred);
    }

    /**
     * This monitor with the device-centred SPE of the smoothed reading.
     *
     * @param events smoothed readings of a device that make its centre (then it is scored)
     * @param moments {mean, variance} of Q꜀ on normal devices
     */
    public PcaMonitor withCentredSpe(int events, double[] moments) {
        if (events < 1) {
            throw new IllegalArgumentException("the device-centred SPE needs a centre of >= 1 readings, got " + events);
        }
        Centred spe = new Centred(events, ScaledChiSquared.fit("the device-centred SPE", moments));
        return new PcaMonitor(mean, components, loadings, eigenvalues, moments(), ewma, spe);
    }

    /** Whether the monitor scores the device-centred SPE of the smoothed reading. */
    public boolean hasCentredSpe() {
        return centred != null;
    }

    /** Smoothed readings that make a device's centre; 0 when the monitor has no device-centred SPE. */
    public int centredEvents() {
        return centred == null ? 0 : centred.events();
    }

    /** {mean, variance} of Q꜀ on normal data; null when the monitor has no device-centred SPE. */
    public double[] centredMoments() {
        return centred == null ? null : centred.fit().moments();
    }

    /**
     * Adds one smoothed reading's residual to a device's centre being learned: the running mean of
     * its first {@code count + 1} residuals.
     *
     * @param centre d values, the mean of the first {@code count} residuals, updated in place
     */
    public void addToCentre(double[] smoothed, double[] centre, int count, Scratch scratch) {
        residualOf(smoothed, scratch);
        for (int j = 0; j < dimensions; j++) {
            centre[j] += (scratch.residual[j] - centre[j]) / (count + 1);
        }
    }

    /** Q꜀ = |r̄ − c|² of a smoothed reading about a device's centre, uncalibrated. */
    public double centredStatistic(double[] smoothed, double[] centre, Scratch scratch) {
        residualOf(smoothed, scratch);
        return distanceSquared(scratch.residual, centre);
    }

    private double distanceSquared(double[] residual, double[] centre) {
        double q = 0.0;
        for (int j = 0; j < dimensions; j++) {
            double off = residual[j] - centre[j];
            q += off * off;
        }
        return q;
    }

    /** −ln P(g·χ²(h) &gt; Q꜀) of the device-centred SPE: about Exp(1) on normal data. */
    public double centredSurprise(double value) {
        if (centred == null) {
            throw new IllegalStateException("this PCA monitor has no device-centred SPE");
        }
        return centred.fit().surprise(value);
    }

    private void residualOf(double[] value, Scratch scratch) {
        if (value.length != dimensions) {
            throw new IllegalArgumentException("value has " + value.length + " sensors, the PCA monitor " + dimensions);
        }
        for (int j = 0; j < dimensions; j++) {
            scratch.centred[j] = value[j] - mean[j];
        }
        statistics(scratch.centred, scratch.statistics, scratch.residual, null);
    }

    /** Whether the monitor scores the EWMA chart on its principal scores. */
    public boolean hasEwma() {
        return ewma != null;
    }

    /** The EWMA's smoothing factor α; 0 when the monitor has no EWMA. */
    public double ewmaAlpha() {
        return ewma == null ? 0.0 : ewma.alpha();
    }

    /** {mean, variance} of T²ₑ on normal data; null when the monitor has no EWMA. */
    public double[] ewmaMoments() {
        return ewma == null ? null : ewma.fit().moments();
    }

    /** Σₑ as fitted, k×k; null when the monitor has no EWMA. */
    public double[][] ewmaCovariance() {
        if (ewma == null) {
            return null;
        }
        double[][] copy = new double[components][];
        for (int i = 0; i < components; i++) {
            copy[i] = ewma.covariance()[i].clone();
        }
        return copy;
    }

    /**
     * Moves a device's EWMA of the principal scores by one reading: e ← α·Pᵀ(x − mean) + (1 − α)·e.
     *
     * @param alpha the smoothing factor (the monitor's own, or the one being fitted in training)
     * @param ewma k values, updated in place
     */
    public void advanceEwma(double[] reading, double alpha, double[] ewma) {
        if (reading.length != dimensions || ewma.length != components) {
            throw new IllegalArgumentException("reading has " + reading.length + " sensors and the EWMA "
                    + ewma.length + " values, the PCA monitor " + dimensions + " and " + components);
        }
        for (int c = 0; c < components; c++) {
            double t = 0.0;
            for (int j = 0; j < dimensions; j++) {
                t += loadings[j * components + c] * (reading[j] - mean[j]);
            }
            ewma[c] = alpha * t + (1.0 - alpha) * ewma[c];
        }
    }

    /** T²ₑ = eᵀΣₑ⁻¹e of a device's EWMA of the principal scores, uncalibrated. */
    public double ewmaStatistic(double[] ewmaScores) {
        requireEwma(ewmaScores);
        return ewmaStatistic(ewmaScores, new double[components]);
    }

    /** T²ₑ, leaving Σₑ⁻¹e in {@code weighted} (k values) for the contributions. */
    private double ewmaStatistic(double[] ewmaScores, double[] weighted) {
        double t2 = 0.0;
        for (int i = 0; i < components; i++) {
            double row = 0.0;
            for (int j = 0; j < components; j++) {
                row += ewma.inverseCovariance()[i * components + j] * ewmaScores[j];
            }
            weighted[i] = row;
            t2 += ewmaScores[i] * row;
        }
        return t2;
    }

    private void requireEwma(double[] ewmaScores) {
        if (ewma == null) {
            throw new IllegalStateException("this PCA monitor has no EWMA statistic");
        }
        if (ewmaScores.length != components) {
            throw new IllegalArgumentException("the EWMA has " + ewmaScores.length + " values, the PCA monitor "
                    + components + " principal components");
        }
    }

    /** Scratch buffers for {@link #score}; one per scoring thread. */
    public static final class Scratch {
        final double[] centred;
        final double[] residual;
        final double[] t2Contributions;
        final double[] statistics = new double[2];
        final double[] ewmaWeighted;
        double best;

        private Scratch(int d, int k) {
            centred = new double[d];
            residual = new double[d];
            t2Contributions = new double[d];
            ewmaWeighted = new double[k];
        }
    }

    public Scratch newScratch() {
        return new Scratch(dimensions, components);
    }

    /**
     * The score of a reading and (when not null) its smoothed reading: the largest
     * {@link #surprise} of the four statistics, with the winner's per-sensor contributions.
     *
     * @param contributions d values, filled with the winner's contributions (summing to its statistic)
     */
    public double score(double[] reading, double[] smoothedOrNull, Scratch scratch, double[] contributions) {
        return score(reading, smoothedOrNull, null, scratch, contributions);
    }

    /**
     * As {@link #score(double[], double[], Scratch, double[])}, and (when not null and the monitor has
     * one) the EWMA chart of the device's principal scores as a fifth statistic.
     *
     * @param ewmaOrNull the device's EWMA of its principal scores ({@link #advanceEwma}), k values
     */
    public double score(double[] reading, double[] smoothedOrNull, double[] ewmaOrNull, Scratch scratch,
            double[] contributions) {
        return score(reading, smoothedOrNull, ewmaOrNull, null, scratch, contributions);
    }

    /**
     * As {@link #score(double[], double[], double[], Scratch, double[])}, and (when the smoothed
     * reading and {@code centreOrNull} are not null and the monitor has it) the device-centred SPE as
     * a sixth statistic.
     *
     * @param centreOrNull the device's complete centre ({@link #addToCentre}), d values
     */
    public double score(double[] reading, double[] smoothedOrNull, double[] ewmaOrNull, double[] centreOrNull,
            Scratch scratch, double[] contributions) {
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
        if (ewmaOrNull != null && ewma != null) {
            scoreEwma(ewmaOrNull, scratch, contributions);
        }
        if (smoothedOrNull != null && centreOrNull != null && centred != null) {
            // scratch.residual holds the smoothed reading's residual: scoreOne computed it above
            double surprise = centredSurprise(distanceSquared(scratch.residual, centreOrNull));
            if (surprise > scratch.best) {
                scratch.best = surprise;
                for (int j = 0; j < dimensions; j++) {
                    double off = scratch.residual[j] - centreOrNull[j];
                    contributions[j] = off * off;
                }
            }
        }
        return scratch.best;
    }

    private void scoreEwma(double[] ewmaScores, Scratch scratch, double[] contributions) {
        requireEwma(ewmaScores);
        double[] weighted = scratch.ewmaWeighted;
        double surprise = ewmaSurprise(ewmaStatistic(ewmaScores, weighted));
        if (!(surprise > scratch.best)) {
            return;
        }
        scratch.best = surprise;
        for (int j = 0; j < dimensions; j++) {
            double along = 0.0;
            double alongWeighted = 0.0;
            for (int c = 0; c < components; c++) {
                along += loadings[j * components + c] * ewmaScores[c];
                alongWeighted += loadings[j * components + c] * weighted[c];
            }
            contributions[j] = along * alongWeighted;
        }
    }

    /** −ln P(g·χ²(h) &gt; T²ₑ) of the EWMA statistic: about Exp(1) on normal data. */
    public double ewmaSurprise(double value) {
        if (ewma == null) {
            throw new IllegalStateException("this PCA monitor has no EWMA statistic");
        }
        return ewma.fit().surprise(value);
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
        return fits[statistic.ordinal()].surprise(value);
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
        double[][] copy = new double[fits.length][];
        for (int s = 0; s < fits.length; s++) {
            copy[s] = fits[s].moments();
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
        return "PcaMonitor[dimensions=" + dimensions + ", components=" + components
                + (ewma == null ? "" : ", ewma alpha=" + ewma.alpha())
                + (centred == null ? "" : ", device-centred SPE over " + centred.events()) + "]";
    }
}

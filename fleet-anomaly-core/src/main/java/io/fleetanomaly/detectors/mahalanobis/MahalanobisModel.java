package io.fleetanomaly.detectors.mahalanobis;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * A Gaussian model of normal readings: mean μ and a shrunk covariance Σ, held as Σ's lower
 * Cholesky factor L so that scoring is two triangular solves. The squared Mahalanobis distance
 * d² = (x−μ)ᵀΣ⁻¹(x−μ) is χ²(d)-distributed on normal Gaussian data, which gives a p-value.
 *
 * <p>Σ is the shrunk covariance (1−λ)S + λ(tr(S)/d)·I; the factor is taken of Σ plus a tiny
 * ridge (see {@link #choleskyLower}) so a constant or duplicated sensor still factorises.
 *
 * <p>Immutable and {@link Serializable}, so Flink can ship it inside an operator. The static
 * {@link #distanceSquared(double[], double[], double[], double[], double[])} kernel scores from
 * plain arrays for models kept in keyed state.
 */
public final class MahalanobisModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Ridge added to the diagonal before factorising, relative to the average variance tr(Σ)/d. */
    public static final double RELATIVE_RIDGE = 1e-10;
    /** Ridge, in squared input units, when tr(Σ) is zero (every column constant). */
    public static final double ABSOLUTE_RIDGE = 1e-10;

    private final double[] mean;
    /** Σ before the ridge, row-major d×d; what files store, so reading refactorises identically. */
    private final double[] covariance;
    /** L with L·Lᵀ = Σ + ridge·I, row-major d×d, zero above the diagonal. */
    private final double[] lowerCholesky;
    private final double shrinkageIntensity;
    /** Rows the moments came from; 0 when unknown. */
    private final long trainingRows;
    /** T² and SPE of the PCA of this covariance, scored instead of d² when present; null when not. */
    private final PcaMonitor pca;

    /** Built once per model; rebuilt on first use after Java deserialization. */
    private transient ChiSquaredDistribution chiSquared;

    private MahalanobisModel(double[] mean, double[][] shrunkCovariance, double shrinkageIntensity, long trainingRows) {
        this.lowerCholesky = choleskyLower(shrunkCovariance);
        this.covariance = flatten(shrunkCovariance);
        this.mean = mean.clone();
        this.shrinkageIntensity = shrinkageIntensity;
        this.trainingRows = trainingRows;
        this.pca = null;
        this.chiSquared = new ChiSquaredDistribution(null, mean.length);
    }

    private MahalanobisModel(MahalanobisModel model, PcaMonitor pca) {
        this.mean = model.mean;
        this.covariance = model.covariance;
        this.lowerCholesky = model.lowerCholesky;
        this.shrinkageIntensity = model.shrinkageIntensity;
        this.trainingRows = model.trainingRows;
        this.pca = pca;
        this.chiSquared = model.chiSquared;
    }

    /**
     * This model scoring with its PCA monitor (T² and SPE, see {@link PcaMonitor}) instead of d²;
     * null scores with d² again.
     */
    public MahalanobisModel withPca(PcaMonitor monitor) {
        if (monitor != null && monitor.dimensions() != mean.length) {
            throw new IllegalArgumentException("PCA monitor has " + monitor.dimensions() + " sensors, the model "
                    + mean.length);
        }
        return new MahalanobisModel(this, monitor);
    }

    /** The PCA monitor this model scores with, or null (it scores d²). */
    public PcaMonitor pca() {
        return pca;
    }

    /**
     * Fits μ and Σ = (1−λ)S + λ(tr(S)/d)·I to training rows, S being the sample covariance
     * (divisor n−1). Ledoit–Wolf estimates λ from the rows (on the divisor-n covariance, as
     * scikit-learn does).
     *
     * @throws IllegalArgumentException fewer than 2 rows, ragged rows, or a non-finite value
     */
    public static MahalanobisModel fit(double[][] rows, Shrinkage shrinkage) {
        if (shrinkage == null) {
            throw new IllegalArgumentException("shrinkage is null");
        }
        int d = requireTrainingRows(rows);
        int n = rows.length;
        double[] mean = columnMeans(rows, d);

        double[][] mleCovariance = new double[d][d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                double ci = row[i] - mean[i];
                for (int j = 0; j <= i; j++) {
                    mleCovariance[i][j] += ci * (row[j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                mleCovariance[i][j] /= n;
                mleCovariance[j][i] = mleCovariance[i][j];
            }
        }

        double lambda = shrinkage.isLedoitWolf()
                ? LedoitWolf.intensity(rows, mean, mleCovariance)
                : shrinkage.fixedIntensity();

        double[][] sampleCovariance = new double[d][d];
        double besselCorrection = n / (double) (n - 1);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                sampleCovariance[i][j] = mleCovariance[i][j] * besselCorrection;
            }
        }
        return new MahalanobisModel(mean, Covariances.shrink(sampleCovariance, lambda), lambda, n);
    }

    /** A model from a known mean and covariance, shrunk with intensity λ; training rows unknown. */
    public static MahalanobisModel fromMoments(double[] mean, double[][] covariance, double lambda) {
        return fromMoments(mean, covariance, lambda, 0L);
    }

    /** A model from a known mean and covariance estimated on {@code trainingRows} rows, shrunk with λ. */
    public static MahalanobisModel fromMoments(double[] mean, double[][] covariance, double lambda, long trainingRows) {
        Shrinkage.requireIntensity(lambda);
        requireMeanMatches(mean, covariance);
        return new MahalanobisModel(mean, Covariances.shrink(covariance, lambda), lambda, trainingRows);
    }

    /** A model whose covariance is already shrunk (as read back from a file). */
    static MahalanobisModel ofShrunkCovariance(
            double[] mean, double[][] shrunkCovariance, double shrinkageIntensity, long trainingRows) {
        Shrinkage.requireIntensity(shrinkageIntensity);
        requireMeanMatches(mean, shrunkCovariance);
        if (trainingRows < 0) {
            throw new IllegalArgumentException("training rows must not be negative, got " + trainingRows);
        }
        return new MahalanobisModel(mean, shrunkCovariance, shrinkageIntensity, trainingRows);
    }

    // ---- scoring ----

    /** d² = (x−μ)ᵀΣ⁻¹(x−μ). Allocates a scratch array; see the three-argument form for the hot path. */
    public double distanceSquared(double[] x) {
        return distanceSquared(mean, lowerCholesky, x, new double[mean.length], null);
    }

    /**
     * d², and per-sensor contributions cⱼ = (x−μ)ⱼ·(Σ⁻¹(x−μ))ⱼ which sum to d². A contribution
     * can be negative when correlated sensors move against their usual relation.
     */
    public double distanceSquared(double[] x, double[] contributions) {
        if (contributions == null) {
            throw new IllegalArgumentException("contributions is null");
        }
        return distanceSquared(mean, lowerCholesky, x, new double[mean.length], contributions);
    }

    /** Allocation-free scoring: {@code scratch} holds at least d values, contributions may be null. */
    public double distanceSquared(double[] x, double[] scratch, double[] contributionsOrNull) {
        return distanceSquared(mean, lowerCholesky, x, scratch, contributionsOrNull);
    }

    /** P(χ²(d) > d²): the probability that a normal reading lies at least this far out. */
    public double pValue(double d2) {
        if (Double.isNaN(d2)) {
            return Double.NaN;
        }
        if (d2 <= 0.0) {
            return 1.0;
        }
        return Math.max(0.0, 1.0 - chiSquared().cumulativeProbability(d2));
    }

    /**
     * ln {@link #pValue}, finite for any finite d² (−ln p keeps growing where p itself underflows
     * to 0), so it can serve as a score.
     */
    public double logPValue(double d2) {
        return ChiSquaredTail.logSurvival(mean.length, d2);
    }

    /** ln P(χ²(dimensions) > d²) without a model, for scores computed with the static kernel. */
    public static double chiSquaredLogSurvival(int dimensions, double d2) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, got " + dimensions);
        }
        return ChiSquaredTail.logSurvival(dimensions, d2);
    }

    private ChiSquaredDistribution chiSquared() {
        ChiSquaredDistribution distribution = chiSquared;
        if (distribution == null) {
            distribution = new ChiSquaredDistribution(null, mean.length);
            chiSquared = distribution;
        }
        return distribution;
    }

    // ---- array kernels ----

    /**
     * d² from plain arrays, without allocating: forward substitution L y = x−μ gives d² = |y|²;
     * when contributions are wanted, back substitution Lᵀ z = y (in place in {@code scratch})
     * gives z = Σ⁻¹(x−μ) and contributionsⱼ = (x−μ)ⱼ·zⱼ.
     *
     * @param mean μ, length d
     * @param lowerCholesky L, row-major d×d, as from {@link #choleskyLower}
     * @param x the reading, length d, all values present
     * @param scratch at least d values, overwritten
     * @param contributionsOrNull null, or d values to fill
     */
    public static double distanceSquared(
            double[] mean, double[] lowerCholesky, double[] x, double[] scratch, double[] contributionsOrNull) {
        if (mean.length != x.length) {
            throw new IllegalArgumentException(kernelShapeMessage(mean, lowerCholesky, x, scratch, contributionsOrNull));
        }
        return kernel(mean, lowerCholesky, x, scratch, contributionsOrNull);
    }

    /** {@link #distanceSquared(double[], double[], double[], double[], double[])} of an already centred vector (mean 0). */
    public static double distanceSquaredCentered(
            double[] lowerCholesky, double[] centered, double[] scratch, double[] contributionsOrNull) {
        return kernel(null, lowerCholesky, centered, scratch, contributionsOrNull);
    }

    private static double kernel(
            double[] meanOrNull, double[] lowerCholesky, double[] x, double[] scratch, double[] contributionsOrNull) {
        int d = x.length;
        if (lowerCholesky.length != d * d || scratch.length < d
                || (contributionsOrNull != null && contributionsOrNull.length != d)) {
            throw new IllegalArgumentException(kernelShapeMessage(
                    meanOrNull == null ? new double[d] : meanOrNull, lowerCholesky, x, scratch, contributionsOrNull));
        }
        double[] y = scratch;
        double d2 = 0.0;
        for (int i = 0; i < d; i++) {
            int row = i * d;
            double sum = meanOrNull == null ? x[i] : x[i] - meanOrNull[i];
            for (int k = 0; k < i; k++) {
                sum -= lowerCholesky[row + k] * y[k];
            }
            double yi = sum / lowerCholesky[row + i];
            y[i] = yi;
            d2 += yi * yi;
        }
        if (contributionsOrNull == null) {
            return d2;
        }
        double[] z = scratch;
        for (int i = d - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < d; k++) {
                sum -= lowerCholesky[k * d + i] * z[k];
            }
            z[i] = sum / lowerCholesky[i * d + i];
        }
        for (int j = 0; j < d; j++) {
            contributionsOrNull[j] = (meanOrNull == null ? x[j] : x[j] - meanOrNull[j]) * z[j];
        }
        return d2;
    }

    /**
     * The lower Cholesky factor L (row-major d×d) of covariance + ridge·I, the ridge being
     * {@link #RELATIVE_RIDGE}·tr/d, or {@link #ABSOLUTE_RIDGE} when the trace is zero. The ridge
     * keeps an exactly singular covariance (constant or duplicated column) factorisable.
     *
     * @throws IllegalArgumentException not square, not finite, not symmetric, or not positive
     *     definite even with the ridge
     */
    public static double[] choleskyLower(double[][] covariance) {
        Covariances.requireSquareFiniteSymmetric(covariance);
        int d = covariance.length;
        double ridge = ridgeFor(Covariances.trace(covariance) / d);
        double[] lower = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = covariance[i][j];
                if (i == j) {
                    sum += ridge;
                }
                for (int k = 0; k < j; k++) {
                    sum -= lower[i * d + k] * lower[j * d + k];
                }
                if (i == j) {
                    if (!(sum > 0.0)) {
                        throw new IllegalArgumentException("covariance is not positive definite: pivot " + i
                                + " is " + sum + " after a ridge of " + ridge);
                    }
                    lower[i * d + i] = Math.sqrt(sum);
                } else {
                    lower[i * d + j] = sum / lower[j * d + j];
                }
            }
        }
        return lower;
    }

    private static double ridgeFor(double averageVariance) {
        double ridge = RELATIVE_RIDGE * averageVariance;
        return ridge >= Double.MIN_NORMAL ? ridge : ABSOLUTE_RIDGE;
    }

    // ---- accessors ----

    public int dimensions() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** The shrunk covariance Σ (without the ridge; L·Lᵀ = Σ + ridge·I), as a new d×d array. */
    public double[][] covariance() {
        int d = mean.length;
        double[][] matrix = new double[d][];
        for (int i = 0; i < d; i++) {
            matrix[i] = Arrays.copyOfRange(covariance, i * d, (i + 1) * d);
        }
        return matrix;
    }

    /** L, row-major d×d; a copy, usable with the static kernel. */
    public double[] lowerCholesky() {
        return lowerCholesky.clone();
    }

    public double shrinkageIntensity() {
        return shrinkageIntensity;
    }

    /** Rows the moments were estimated from; 0 when unknown. */
    public long trainingRows() {
        return trainingRows;
    }

    @Override
    public String toString() {
        return "MahalanobisModel[dimensions=" + mean.length + ", shrinkageIntensity=" + shrinkageIntensity
                + ", trainingRows=" + trainingRows + (pca == null ? "" : ", " + pca) + "]";
    }

    // ---- helpers ----

    private static int requireTrainingRows(double[][] rows) {
        if (rows == null || rows.length < 2) {
            throw new IllegalArgumentException(
                    "need at least 2 training rows, got " + (rows == null ? 0 : rows.length));
        }
        if (rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException("training row 0 is empty");
        }
        int d = rows[0].length;
        for (int r = 0; r < rows.length; r++) {
            double[] row = rows[r];
            if (row == null || row.length != d) {
                throw new IllegalArgumentException("training row " + r + " has "
                        + (row == null ? 0 : row.length) + " values, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("training row " + r + ", column " + j + " is " + row[j]);
                }
            }
        }
        return d;
    }

    /** Two passes: the plain mean, then the mean of the residuals as a rounding correction. */
    private static double[] columnMeans(double[][] rows, int d) {
        int n = rows.length;
        double[] mean = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] correction = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                correction[j] += row[j] - mean[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] += correction[j] / n;
        }
        return mean;
    }

    private static void requireMeanMatches(double[] mean, double[][] covariance) {
        if (mean == null || mean.length == 0) {
            throw new IllegalArgumentException("mean is empty");
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("mean[" + j + "] is not finite: " + mean[j]);
            }
        }
        Covariances.requireSquareFiniteSymmetric(covariance);
        if (covariance.length != mean.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " values but covariance is "
                    + covariance.length + "x" + covariance.length);
        }
    }

    private static double[] flatten(double[][] matrix) {
        int d = matrix.length;
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(matrix[i], 0, flat, i * d, d);
        }
        return flat;
    }

    private static String kernelShapeMessage(
            double[] mean, double[] lowerCholesky, double[] x, double[] scratch, double[] contributions) {
        int d = mean.length;
        return "shape mismatch for d=" + d + ": x has " + x.length + " values, lowerCholesky " + lowerCholesky.length
                + " (expected " + d * d + "), scratch " + scratch.length + " (at least " + d + ")"
                + (contributions == null ? "" : ", contributions " + contributions.length);
    }
}

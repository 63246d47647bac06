package io.fleetanomaly.detectors.mahalanobis;

/** Checks and small operations on covariance matrices held as {@code double[d][d]}. */
final class Covariances {
    /** Largest tolerated |aᵢⱼ − aⱼᵢ|, relative to the largest diagonal entry. */
    static final double SYMMETRY_TOLERANCE = 1e-9;

    private Covariances() {}

    static double trace(double[][] matrix) {
        double trace = 0.0;
        for (int i = 0; i < matrix.length; i++) {
            trace += matrix[i][i];
        }
        return trace;
    }

    /** (1−λ)S + λ(tr(S)/d)·I, as a new matrix. */
    static double[][] shrink(double[][] covariance, double lambda) {
        int d = covariance.length;
        double target = trace(covariance) / d;
        double[][] shrunk = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                shrunk[i][j] = (1.0 - lambda) * covariance[i][j];
            }
            shrunk[i][i] += lambda * target;
        }
        return shrunk;
    }

    /** Rejects anything but a non-empty, square, finite, symmetric matrix. */
    static void requireSquareFiniteSymmetric(double[][] matrix) {
        if (matrix == null || matrix.length == 0) {
            throw new IllegalArgumentException("covariance is empty");
        }
        int d = matrix.length;
        for (int i = 0; i < d; i++) {
            if (matrix[i] == null || matrix[i].length != d) {
                throw new IllegalArgumentException("covariance is not square: row " + i + " has "
                        + (matrix[i] == null ? 0 : matrix[i].length) + " values, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(matrix[i][j])) {
                    throw new IllegalArgumentException(
                            "covariance[" + i + "][" + j + "] is not finite: " + matrix[i][j]);
                }
            }
        }
        double largestDiagonal = 0.0;
        for (int i = 0; i < d; i++) {
            largestDiagonal = Math.max(largestDiagonal, Math.abs(matrix[i][i]));
        }
        double tolerance = SYMMETRY_TOLERANCE * Math.max(largestDiagonal, Double.MIN_NORMAL);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(matrix[i][j] - matrix[j][i]) > tolerance) {
                    throw new IllegalArgumentException("covariance is not symmetric: [" + i + "][" + j + "] = "
                            + matrix[i][j] + " but [" + j + "][" + i + "] = " + matrix[j][i]);
                }
            }
        }
    }
}

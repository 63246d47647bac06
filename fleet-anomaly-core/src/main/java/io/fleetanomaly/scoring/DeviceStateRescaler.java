package io.fleetanomaly.scoring;

import io.fleetanomaly.state.DeviceModelState;
import io.fleetanomaly.state.DeviceModelsState;
import io.fleetanomaly.state.DeviceWarmupState;
import io.fleetanomaly.state.DeviceWindowState;
import io.fleetanomaly.state.MomentsState;

/**
 * Re-expresses a device's state, built with one feature scaler, in the units of another (a model
 * swap to a bundle of the same features and window but a scaler fitted on other data). Each sensor
 * j maps by x' = a_j·x + b_j with a_j = σ_j/σ'_j and b_j = (μ_j − μ'_j)/σ'_j, exactly: the ring of
 * scaled readings, the device-mode warm-up's moments (means shift and scale, co-moments scale by
 * a_i·a_j), the warm-up screen's held-back first batch and robust spreads (which scale by a_j), and
 * the fitted device models (mean and scale; the correlation, its Cholesky factor and the degrees of
 * freedom do not change). A device keeps its window and baselines, and its device-mode Mahalanobis
 * distances are the same as before. (The screen's floor on a spread, one fleet standard deviation,
 * is the new bundle's from then on: it only decides about readings many fleet deviations off.)
 */
public final class DeviceStateRescaler {
    private final double[] a;
    private final double[] b;

    /** From the scaler (mean, std) the state was built with to the one it will be read with. */
    public DeviceStateRescaler(double[] fromMean, double[] fromStd, double[] toMean, double[] toStd) {
        int f = fromMean.length;
        if (fromStd.length != f || toMean.length != f || toStd.length != f) {
            throw new IllegalArgumentException("scalers of " + f + " and " + toMean.length + " features cannot be mapped");
        }
        a = new double[f];
        b = new double[f];
        for (int j = 0; j < f; j++) {
            a[j] = fromStd[j] / toStd[j];
            b[j] = (fromMean[j] - toMean[j]) / toStd[j];
        }
    }

    /** Whether the two scalers are the same (nothing to re-express). */
    public boolean isIdentity() {
        for (int j = 0; j < a.length; j++) {
            if (a[j] != 1.0 || b[j] != 0.0) {
                return false;
            }
        }
        return true;
    }

    public void rescale(DeviceWindowState window) {
        int f = a.length;
        float[] ring = window.ring;
        for (int slot = 0; slot < ring.length / f; slot++) {
            for (int j = 0; j < f; j++) {
                ring[slot * f + j] = (float) (a[j] * ring[slot * f + j] + b[j]);
            }
        }
    }

    public void rescale(DeviceWarmupState warmup) {
        shift(warmup.readings);
        shift(warmup.smoothed);
        shift(warmup.batchMeans);
        if (warmup.batchSum != null) {
            for (int j = 0; j < a.length; j++) {
                warmup.batchSum[j] = a[j] * warmup.batchSum[j] + b[j] * warmup.batchCount;
            }
        }
        // the screen's held-back first batch (readings, and smoothed readings: means of readings; NaN rows stay NaN)
        shiftRows(warmup.firstBatch, warmup.firstBatchCount);
        shiftRows(warmup.firstBatchSmoothed, warmup.firstBatchCount);
        if (warmup.screenScale != null) {
            for (int j = 0; j < a.length; j++) {
                warmup.screenScale[j] *= a[j];
            }
        }
    }

    /** The first {@code count} rows of a row-major array (the rest is not filled yet). */
    private void shiftRows(double[] rows, int count) {
        if (rows == null) {
            return;
        }
        int f = a.length;
        for (int i = 0; i < count * f; i++) {
            rows[i] = a[i % f] * rows[i] + b[i % f];
        }
    }

    public void rescale(DeviceModelsState models) {
        shift(models.reading);
        shift(models.smoothed);
    }

    private void shift(MomentsState moments) {
        if (moments == null || moments.count == 0) { // nothing accumulated: its zeros are no readings
            return;
        }
        int f = a.length;
        for (int i = 0; i < f; i++) {
            moments.mean[i] = a[i] * moments.mean[i] + b[i];
            for (int j = 0; j < f; j++) {
                moments.comoment[i * f + j] *= a[i] * a[j];
            }
        }
    }

    private void shift(DeviceModelState model) {
        if (model == null) {
            return;
        }
        for (int j = 0; j < a.length; j++) {
            model.mean[j] = a[j] * model.mean[j] + b[j];
            model.scale[j] = a[j] * model.scale[j];
        }
    }
}

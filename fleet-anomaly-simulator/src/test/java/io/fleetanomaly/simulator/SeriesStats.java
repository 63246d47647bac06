package io.fleetanomaly.simulator;

import java.util.List;

/** Summary statistics that skip missing (NaN) readings, pairwise for correlations. */
final class SeriesStats {
    private SeriesStats() {}

    static double mean(double[] x) {
        double sum = 0;
        int count = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return sum / count;
    }

    static double std(double[] x) {
        double mean = mean(x);
        double sum = 0;
        int count = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                sum += (v - mean) * (v - mean);
                count++;
            }
        }
        return Math.sqrt(sum / (count - 1));
    }

    static double correlation(double[] x, double[] y) {
        double sumX = 0, sumY = 0;
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                sumX += x[i];
                sumY += y[i];
                count++;
            }
        }
        double meanX = sumX / count, meanY = sumY / count;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                sxy += (x[i] - meanX) * (y[i] - meanY);
                sxx += (x[i] - meanX) * (x[i] - meanX);
                syy += (y[i] - meanY) * (y[i] - meanY);
            }
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** One feature of a list of events. */
    static double[] feature(List<SimulatedEvent> events, int featureIndex) {
        double[] values = new double[events.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = events.get(i).value(featureIndex);
        }
        return values;
    }
}

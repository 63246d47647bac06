package io.fleetanomaly.detectors.mahalanobis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaMonitorTest {
    private static final int SENSORS = 12;
    private static final int FACTORS = 2;
    private static final double NOISE = 0.1;

    /** A correlated process: two latent factors drive twelve sensors, each with a little noise of its own. */
    private static final class Process {
        final double[][] loadings = new double[SENSORS][FACTORS];
        final Random random;

        Process(long seed) {
            Random plant = new Random(7);
            for (double[] row : loadings) {
                for (int f = 0; f < FACTORS; f++) {
                    row[f] = (plant.nextBoolean() ? 1 : -1) * (0.5 + plant.nextDouble());
                }
            }
            random = new Random(seed);
        }

        double[] next() {
            double[] factors = new double[FACTORS];
            for (int f = 0; f < FACTORS; f++) {
                factors[f] = random.nextGaussian();
            }
            double[] x = new double[SENSORS];
            for (int j = 0; j < SENSORS; j++) {
                for (int f = 0; f < FACTORS; f++) {
                    x[j] += loadings[j][f] * factors[f];
                }
                x[j] += NOISE * random.nextGaussian();
            }
            return x;
        }

        double[][] rows(int n) {
            double[][] rows = new double[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = next();
            }
            return rows;
        }
    }

    private static PcaMonitor calibratedOn(MahalanobisModel model, double[][] rows) {
        PcaMonitor subspace = PcaMonitor.subspaceOf(model);
        double[][] stats = Arrays.stream(rows).map(subspace::statistics).toArray(double[][]::new);
        double[][] moments = new double[4][];
        for (int s = 0; s < 2; s++) {
            int statistic = s;
            double mean = Arrays.stream(stats).mapToDouble(v -> v[statistic]).average().orElseThrow();
            double variance = Arrays.stream(stats).mapToDouble(v -> (v[statistic] - mean) * (v[statistic] - mean)).sum()
                    / (stats.length - 1);
            moments[s] = new double[] {mean, variance};
            moments[s + 2] = moments[s];
        }
        return subspace.calibrated(moments);
    }

    @Test
    void keepsTheDirectionsAboveTheAverageEigenvalue() {
        MahalanobisModel model = MahalanobisModel.fit(new Process(1).rows(5000), Shrinkage.ledoitWolf());
        PcaMonitor subspace = PcaMonitor.subspaceOf(model);
        assertThat(subspace.components()).isEqualTo(FACTORS);
        assertThat(subspace.eigenvalues()[0]).isGreaterThan(subspace.eigenvalues()[1]);
        assertThat(PcaMonitor.subspaceOf(model, 3).components()).isEqualTo(3);
        assertThatThrownBy(() -> PcaMonitor.subspaceOf(model, SENSORS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("principal components must be 0 (automatic) or 1..11");
    }

    @Test
    void scoresAreAboutExponentialOnNormalData() {
        MahalanobisModel model = MahalanobisModel.fit(new Process(1).rows(5000), Shrinkage.ledoitWolf());
        PcaMonitor monitor = calibratedOn(model, new Process(2).rows(5000));
        Process fresh = new Process(3);
        PcaMonitor.Scratch scratch = monitor.newScratch();
        double[] contributions = new double[SENSORS];
        int n = 20_000;
        double t2Sum = 0;
        double speSum = 0;
        int beyondSeven = 0;
        for (int i = 0; i < n; i++) {
            double[] x = fresh.next();
            double[] stats = monitor.statistics(x);
            t2Sum += monitor.surprise(PcaMonitor.Statistic.T2_READING, stats[0]);
            speSum += monitor.surprise(PcaMonitor.Statistic.SPE_READING, stats[1]);
            beyondSeven += monitor.score(x, null, scratch, contributions) > 7.0 ? 1 : 0;
        }
        assertThat(t2Sum / n).isCloseTo(1.0, within(0.1));
        assertThat(speSum / n).isCloseTo(1.0, within(0.1));
        // the larger of two Exp(1) exceeds 7 with probability about 2e^-7 = 0.0018
        assertThat((double) beyondSeven / n).isLessThan(0.005);
    }

    /**
     * Issue 13 item 3: one sensor leaves its usual relation to the others by 8 of its own noise σ,
     * in a direction the process itself hardly ever moves. The shrunk Mahalanobis distance (the
     * device mode's shrinkage 0.1, which inflates exactly such low-variance directions) stays
     * inside its own normal range; SPE stands far out, and its largest contribution is that sensor.
     */
    @Test
    void aCorrelationBreakInALowVarianceDirectionIsCaughtByQAndMissedByShrunkMahalanobis() {
        double[][] training = new Process(1).rows(5000);
        MahalanobisModel shrunk = MahalanobisModel.fit(training, Shrinkage.fixed(io.fleetanomaly.bundle.MahalanobisSettings.DEFAULT_DEVICE_SHRINKAGE));
        PcaMonitor monitor = calibratedOn(shrunk, new Process(2).rows(5000));

        Process normal = new Process(4);
        double[] normalD2 = new double[5000];
        double[] normalScores = new double[5000];
        PcaMonitor.Scratch scratch = monitor.newScratch();
        double[] contributions = new double[SENSORS];
        for (int i = 0; i < normalD2.length; i++) {
            double[] x = normal.next();
            normalD2[i] = shrunk.distanceSquared(x);
            normalScores[i] = monitor.score(x, null, scratch, contributions);
        }
        double d2Limit = quantile(normalD2, 0.999);
        double scoreLimit = quantile(normalScores, 0.999);

        Process broken = new Process(5);
        int missedByMahalanobis = 0;
        int caughtByQ = 0;
        int topIsTheBrokenSensor = 0;
        int events = 1000;
        for (int i = 0; i < events; i++) {
            double[] x = broken.next();
            x[3] += 8 * NOISE;
            missedByMahalanobis += shrunk.distanceSquared(x) <= d2Limit ? 1 : 0;
            double score = monitor.score(x, null, scratch, contributions);
            caughtByQ += score > scoreLimit ? 1 : 0;
            topIsTheBrokenSensor += argMax(contributions) == 3 ? 1 : 0;
        }
        assertThat((double) missedByMahalanobis / events).as("shrunk Mahalanobis misses").isGreaterThan(0.9);
        assertThat((double) caughtByQ / events).as("Q catches").isGreaterThan(0.9);
        assertThat((double) topIsTheBrokenSensor / events).as("Q names the sensor").isGreaterThan(0.9);
    }

    @Test
    void contributionsSumToTheWinningStatistic() {
        MahalanobisModel model = MahalanobisModel.fit(new Process(1).rows(2000), Shrinkage.ledoitWolf());
        PcaMonitor monitor = calibratedOn(model, new Process(2).rows(2000));
        double[] x = new Process(6).next();
        x[0] += 1.0;
        double[] stats = monitor.statistics(x);
        double[] contributions = new double[SENSORS];
        monitor.score(x, null, monitor.newScratch(), contributions);
        double sum = Arrays.stream(contributions).sum();
        boolean speWins = monitor.surprise(PcaMonitor.Statistic.SPE_READING, stats[1])
                > monitor.surprise(PcaMonitor.Statistic.T2_READING, stats[0]);
        assertThat(sum).isCloseTo(speWins ? stats[1] : stats[0], within(1e-9));
    }

    @Test
    void rejectsMomentsThatCannotCalibrate() {
        MahalanobisModel model = MahalanobisModel.fit(new Process(1).rows(500), Shrinkage.ledoitWolf());
        double[][] bad = {{1, 2}, {0, 2}, {1, 2}, {1, 2}};
        assertThatThrownBy(() -> PcaMonitor.subspaceOf(model).calibrated(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("moments of SPE_READING must be finite and > 0, got mean 0.0, variance 2.0");
    }

    @Test
    void travelsInTheModelFileAndScoresIdentically() {
        MahalanobisModel model = MahalanobisModel.fit(new Process(1).rows(2000), Shrinkage.ledoitWolf());
        MahalanobisModel withPca = model.withPca(calibratedOn(model, new Process(2).rows(2000)));
        byte[] bytes = MahalanobisFiles.toBytes(withPca);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).contains("\"format_version\" : 2");
        MahalanobisModel read = MahalanobisFiles.fromBytes(bytes);
        assertThat(read.pca().components()).isEqualTo(FACTORS);
        double[] x = new Process(8).next();
        double[] a = new double[SENSORS];
        double[] b = new double[SENSORS];
        assertThat(read.pca().score(x, x, read.pca().newScratch(), a))
                .isEqualTo(withPca.pca().score(x, x, withPca.pca().newScratch(), b));
        assertThat(a).containsExactly(b);
        // a model without the section stays format 1, and a reader refuses a mismatch
        assertThat(MahalanobisFiles.fromBytes(MahalanobisFiles.toBytes(model)).pca()).isNull();
        String withoutSection = new String(MahalanobisFiles.toBytes(model), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"format_version\" : 1", "\"format_version\" : 2");
        assertThatThrownBy(() -> MahalanobisFiles.fromBytes(withoutSection.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessage("bad Mahalanobis model file: format_version 2 needs a pca section");
        String oldVersion = new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"format_version\" : 2", "\"format_version\" : 1");
        assertThatThrownBy(() -> MahalanobisFiles.fromBytes(oldVersion.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessage("bad Mahalanobis model file: a pca section needs format_version 2 or later, got 1");
    }

    /** The process with slow factors: each an AR(1) with autocorrelation 0.98 and unit variance. */
    private static final class SlowProcess {
        final Process shape = new Process(0);
        final double[] factors = new double[FACTORS];
        final Random random;
        /** Added to factor 0 (a step of the process state), in its σ. */
        double step;

        SlowProcess(long seed) {
            random = new Random(seed);
        }

        double[] next() {
            double phi = 0.98;
            double[] x = new double[SENSORS];
            for (int f = 0; f < FACTORS; f++) {
                factors[f] = phi * factors[f] + Math.sqrt(1 - phi * phi) * random.nextGaussian();
            }
            for (int j = 0; j < SENSORS; j++) {
                x[j] += shape.loadings[j][0] * (factors[0] + step) + shape.loadings[j][1] * factors[1];
                x[j] += NOISE * random.nextGaussian();
            }
            return x;
        }

        double[][] rows(int n) {
            double[][] rows = new double[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = next();
            }
            return rows;
        }
    }

    /** A monitor with the EWMA chart fitted on a long normal run, as BundleTrainer does it. */
    private static PcaMonitor withEwma(PcaMonitor monitor, double alpha, double[][] normal) {
        double[] ewma = new double[monitor.components()];
        java.util.List<double[]> settled = new java.util.ArrayList<>();
        for (int i = 0; i < normal.length; i++) {
            monitor.advanceEwma(normal[i], alpha, ewma);
            if (i > 3 / alpha) {
                settled.add(ewma.clone());
            }
        }
        double[][] covariance = new org.apache.commons.math3.stat.correlation.Covariance(
                settled.toArray(new double[0][]), false).getCovarianceMatrix().getData();
        PcaMonitor unit = monitor.withEwma(alpha, covariance, new double[] {1, 2});
        double[] t2 = settled.stream().mapToDouble(unit::ewmaStatistic).toArray();
        double mean = Arrays.stream(t2).average().orElseThrow();
        double variance = Arrays.stream(t2).map(v -> (v - mean) * (v - mean)).sum() / (t2.length - 1);
        return monitor.withEwma(alpha, covariance, new double[] {mean, variance});
    }

    /**
     * Issue 13 (process profile): a slow process state (autocorrelation 0.98) steps by 3 of its σ
     * and stays there for 400 readings. Per reading that is inside the range the state reaches now
     * and then, so T² of the reading is beyond its normal 99.9% point on few of the fault's readings;
     * the EWMA chart (α 0.01), which averages the state's wandering out, is beyond its own on more
     * than twice as many (on most of them once it has ramped up over its first ~1/α readings).
     */
    @Test
    void aPersistentStepOfASlowStateIsCaughtByTheEwmaChartAndMostlyMissedByT2() {
        double alpha = 0.01;
        MahalanobisModel model = MahalanobisModel.fit(new SlowProcess(1).rows(20_000), Shrinkage.ledoitWolf());
        PcaMonitor monitor = withEwma(calibratedOn(model, new SlowProcess(2).rows(20_000)), alpha,
                new SlowProcess(3).rows(40_000));

        SlowProcess normal = new SlowProcess(4);
        double[] ewma = new double[monitor.components()];
        int n = 40_000;
        double[] normalT2 = new double[n];
        double[] normalEwma = new double[n];
        for (int i = 0; i < n; i++) {
            double[] x = normal.next();
            monitor.advanceEwma(x, alpha, ewma);
            normalT2[i] = monitor.surprise(PcaMonitor.Statistic.T2_READING, monitor.statistics(x)[0]);
            normalEwma[i] = monitor.ewmaSurprise(monitor.ewmaStatistic(ewma));
        }
        double t2Limit = quantile(normalT2, 0.999);
        double ewmaLimit = quantile(normalEwma, 0.999);

        int faults = 20;
        int faultEvents = 400;
        int t2Caught = 0;
        int ewmaCaught = 0;
        for (int fault = 0; fault < faults; fault++) {
            SlowProcess plant = new SlowProcess(100 + fault);
            java.util.Arrays.fill(ewma, 0.0);
            for (int i = 0; i < 300; i++) {
                monitor.advanceEwma(plant.next(), alpha, ewma);
            }
            plant.step = fault % 2 == 0 ? 3.0 : -3.0;
            for (int i = 0; i < faultEvents; i++) {
                double[] x = plant.next();
                monitor.advanceEwma(x, alpha, ewma);
                t2Caught += monitor.surprise(PcaMonitor.Statistic.T2_READING, monitor.statistics(x)[0]) > t2Limit ? 1 : 0;
                ewmaCaught += monitor.ewmaSurprise(monitor.ewmaStatistic(ewma)) > ewmaLimit ? 1 : 0;
            }
        }
        double events = faults * faultEvents;
        assertThat(t2Caught / events).as("T² of the reading").isLessThan(0.3); // 0.21
        assertThat(ewmaCaught / events).as("the EWMA chart").isGreaterThan(0.4) // 0.49, its first ~1/α readings ramp up
                .isGreaterThan(2 * t2Caught / events);
    }

    @Test
    void theEwmaChartScoresWhenItWinsWithContributionsSummingToItsStatistic() {
        double alpha = 0.05;
        MahalanobisModel model = MahalanobisModel.fit(new SlowProcess(1).rows(5000), Shrinkage.ledoitWolf());
        PcaMonitor monitor = withEwma(calibratedOn(model, new SlowProcess(2).rows(5000)), alpha,
                new SlowProcess(3).rows(10_000));
        SlowProcess plant = new SlowProcess(9);
        plant.step = 3.0;
        double[] ewma = new double[monitor.components()];
        double[] x = null;
        for (int i = 0; i < 200; i++) {
            x = plant.next();
            monitor.advanceEwma(x, alpha, ewma);
        }
        double[] contributions = new double[SENSORS];
        double score = monitor.score(x, null, ewma, monitor.newScratch(), contributions);
        double ewmaSurprise = monitor.ewmaSurprise(monitor.ewmaStatistic(ewma));
        assertThat(score).isEqualTo(Math.max(ewmaSurprise, monitor.score(x, null, monitor.newScratch(), new double[SENSORS])));
        if (score == ewmaSurprise) {
            assertThat(Arrays.stream(contributions).sum()).isCloseTo(monitor.ewmaStatistic(ewma), within(1e-9));
        }
        assertThat(ewmaSurprise).as("a 3 σ step after 200 readings").isGreaterThan(7.0);
        double[] last = x;
        assertThatThrownBy(() -> monitor.advanceEwma(last, alpha, new double[FACTORS + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEwmaChartTravelsInTheModelFileAsFormat3AndScoresIdentically() {
        MahalanobisModel model = MahalanobisModel.fit(new SlowProcess(1).rows(4000), Shrinkage.ledoitWolf());
        PcaMonitor monitor = withEwma(calibratedOn(model, new SlowProcess(2).rows(4000)), 0.05,
                new SlowProcess(3).rows(4000));
        MahalanobisModel withEwma = model.withPca(monitor);
        byte[] bytes = MahalanobisFiles.toBytes(withEwma);
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("\"format_version\" : 3").contains("\"ewma\"");
        MahalanobisModel read = MahalanobisFiles.fromBytes(bytes);
        assertThat(read.pca().ewmaAlpha()).isEqualTo(0.05);
        assertThat(read.pca().ewmaMoments()).containsExactly(monitor.ewmaMoments());
        double[] ewma = {0.8, -0.3};
        double[] x = new SlowProcess(8).next();
        double[] a = new double[SENSORS];
        double[] b = new double[SENSORS];
        assertThat(read.pca().score(x, x, ewma, read.pca().newScratch(), a))
                .isEqualTo(withEwma.pca().score(x, x, ewma, withEwma.pca().newScratch(), b));
        assertThat(a).containsExactly(b);
        String asVersion2 = text.replace("\"format_version\" : 3", "\"format_version\" : 2");
        assertThatThrownBy(() -> MahalanobisFiles.fromBytes(asVersion2.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessage("bad Mahalanobis model file: a pca.ewma section needs format_version 3 or later, got 2");
        String withoutEwma = new String(MahalanobisFiles.toBytes(model.withPca(calibratedOn(model, new SlowProcess(2).rows(400)))),
                java.nio.charset.StandardCharsets.UTF_8).replace("\"format_version\" : 2", "\"format_version\" : 3");
        assertThatThrownBy(() -> MahalanobisFiles.fromBytes(withoutEwma.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessage("bad Mahalanobis model file: format_version 3 needs a pca.ewma section");
    }

    /** Smoothed readings (mean of the last 10) of a process, for the device-centred SPE. */
    private static double[][] smoothed(double[][] rows, double[] offset) {
        double[][] out = new double[rows.length - 9][SENSORS];
        for (int i = 9; i < rows.length; i++) {
            for (int back = 0; back < 10; back++) {
                for (int j = 0; j < SENSORS; j++) {
                    out[i - 9][j] += (rows[i - back][j] + offset[j]) / 10;
                }
            }
        }
        return out;
    }

    /**
     * Each plant's operating point sits a little off the fleet's (here 4 noise σ on every sensor, in
     * random directions): in the residual subspace that offset is constant and makes most of a plant's
     * smoothed SPE, so the fleet's normal range of it is wide. One sensor of a plant then sits 3 noise σ
     * off its relation to the others (a sensor that sticks as the process moves, or drifts): the
     * device-centred SPE, about the plant's own centre, sees it on most readings; the smoothed SPE
     * about the fleet on few.
     */
    @Test
    void theDeviceCentredSpeSeesASensorOffItsRelationThatThePlantsOffsetHidesInTheFleetSpe() {
        int plants = 40;
        Random offsets = new Random(11);
        double[][] plantOffsets = new double[plants + 1][SENSORS];
        for (double[] o : plantOffsets) {
            for (int j = 0; j < SENSORS; j++) {
                o[j] = 4 * NOISE * offsets.nextGaussian();
            }
        }
        java.util.List<double[]> fleet = new java.util.ArrayList<>();
        for (int d = 0; d < plants; d++) {
            for (double[] row : new Process(20 + d).rows(300)) {
                double[] x = row.clone();
                for (int j = 0; j < SENSORS; j++) {
                    x[j] += plantOffsets[d][j];
                }
                fleet.add(x);
            }
        }
        MahalanobisModel model = MahalanobisModel.fit(fleet.toArray(new double[0][]), Shrinkage.ledoitWolf());
        PcaMonitor plain = calibratedOn(model, fleet.toArray(new double[0][]));
        PcaMonitor.Scratch scratch = plain.newScratch();
        int centreEvents = 100;
        // moments of both statistics on the fleet's plants, each about its own centre for Q꜀
        double[] fleetQ = new double[plants * (300 - 9 - centreEvents)];
        double[] centredQ = new double[fleetQ.length];
        int n = 0;
        for (int d = 0; d < plants; d++) {
            double[][] s = smoothed(new Process(20 + d).rows(300), plantOffsets[d]);
            double[] centre = new double[SENSORS];
            for (int i = 0; i < centreEvents; i++) {
                plain.addToCentre(s[i], centre, i, scratch);
            }
            for (int i = centreEvents; i < s.length; i++, n++) {
                fleetQ[n] = plain.statistics(s[i])[1];
                centredQ[n] = plain.centredStatistic(s[i], centre, scratch);
            }
        }
        PcaMonitor monitor = plain.withCentredSpe(centreEvents, new double[] {mean(centredQ), variance(centredQ)});
        double fleetLimit = quantile(fleetQ, 0.999);
        double centredLimit = quantile(centredQ, 0.999);

        double[][] s = smoothed(new Process(99).rows(600), plantOffsets[plants]);
        double[] centre = new double[SENSORS];
        for (int i = 0; i < centreEvents; i++) {
            monitor.addToCentre(s[i], centre, i, scratch);
        }
        int fleetCaught = 0;
        int centredCaught = 0;
        int events = 0;
        for (int i = centreEvents; i < s.length; i++, events++) {
            double[] broken = s[i].clone();
            broken[3] += 3 * NOISE;
            fleetCaught += monitor.statistics(broken)[1] > fleetLimit ? 1 : 0;
            centredCaught += monitor.centredStatistic(broken, centre, scratch) > centredLimit ? 1 : 0;
        }
        assertThat((double) fleetCaught / events).as("smoothed SPE about the fleet").isLessThan(0.2);
        assertThat((double) centredCaught / events).as("SPE about the plant's own centre").isGreaterThan(0.9);

        // scored as a sixth statistic, with the contributions of the sensor that is off
        double[] contributions = new double[SENSORS];
        double[] broken = s[300].clone();
        broken[3] += 3 * NOISE;
        double score = monitor.score(broken, broken, null, centre, scratch, contributions);
        assertThat(score).isEqualTo(monitor.centredSurprise(monitor.centredStatistic(broken, centre, scratch)));
        assertThat(argMax(contributions)).isEqualTo(3);

        MahalanobisModel read = MahalanobisFiles.fromBytes(MahalanobisFiles.toBytes(model.withPca(monitor)));
        assertThat(new String(MahalanobisFiles.toBytes(model.withPca(monitor)), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"format_version\" : 4").contains("\"centred_spe\"");
        assertThat(read.pca().centredEvents()).isEqualTo(centreEvents);
        assertThat(read.pca().score(broken, broken, null, centre, read.pca().newScratch(), new double[SENSORS]))
                .isEqualTo(score);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static double variance(double[] values) {
        double m = mean(values);
        return Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1);
    }

    private static double quantile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(p * (sorted.length - 1))];
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}

package io.fleetanomaly.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.events.ScoredEvent;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fusion started with {@link ScoreFusion#startDeferred} gives the fused score at once and, when
 * asked, the contributions a fusion at once ({@link ScoreFusion#start}) gives, to the bit: the
 * native detectors added by the scorer (one with shares computed later), the LSTM's added later
 * with a scratch array that is overwritten afterwards, as the LSTM operator does.
 */
class DeferredFusionTest {

    @ParameterizedTest
    @EnumSource(FusionMethod.class)
    void deferredContributionsHaveTheBitsOfContributionsFusedAtOnce(FusionMethod method) {
        Random random = new Random(5);
        for (int round = 0; round < 20_000; round++) {
            int detectors = 2 + random.nextInt(2);
            int features = 1 + random.nextInt(9);
            double[] weights = new double[detectors];
            double weightSum = 0;
            for (int d = 0; d < detectors; d++) {
                weights[d] = random.nextInt(4) == 0 ? 0.0 : random.nextDouble();
                weightSum += weights[d];
            }
            for (int d = 0; d < detectors; d++) {
                weights[d] = weightSum > 0 ? weights[d] / weightSum : 1.0 / detectors;
            }
            ScoreFusion fusion = new ScoreFusion(weights, method);
            double[] scores = new double[detectors];
            double[][] shares = new double[detectors][features];
            for (int d = 0; d < detectors; d++) {
                scores[d] = switch (random.nextInt(8)) {
                    case 0 -> 0.0;
                    case 1 -> -random.nextDouble();
                    case 2 -> random.nextInt(20) == 0 ? Double.NaN : 50 * random.nextDouble();
                    default -> 3 * random.nextDouble();
                };
                for (int j = 0; j < features; j++) {
                    shares[d][j] = switch (random.nextInt(6)) {
                        case 0 -> 0.0;
                        case 1 -> -random.nextDouble();
                        default -> random.nextDouble() * Math.pow(10, random.nextInt(7) - 3);
                    };
                }
            }

            ScoredEvent atOnce = new ScoredEvent();
            fusion.start(atOnce, features);
            for (int d = 0; d < detectors; d++) {
                fusion.add(atOnce, d, scores[d], shares[d]);
            }
            fusion.finish(atOnce);

            ScoredEvent deferred = new ScoredEvent();
            AtomicInteger computed = new AtomicInteger();
            // Any one detector deferred; its input (longer than the shares, as the forest's) holds its
            // shares first, then values its shares ignore.
            int deferredDetector = random.nextInt(detectors);
            int borrowing = random.nextInt(3); // copied; borrowed and given back; borrowed until read
            double[] deferredInput = java.util.Arrays.copyOf(shares[deferredDetector], features + random.nextInt(3 * features + 1));
            for (int k = features; k < deferredInput.length; k++) {
                deferredInput[k] = random.nextDouble();
            }
            double[] scratch = new double[features];
            if (random.nextBoolean()) {
                fusion.startDeferred(deferred, features);
            } else { // any sizing hint, right or wrong: the record grows when it must
                fusion.startDeferred(deferred, features, random.nextInt(detectors + 1), random.nextInt(deferredInput.length + 2));
            }
            for (int d = 0; d < detectors; d++) {
                if (d == deferredDetector) {
                    DeferredShares deferredShares = (input, out) -> {
                        computed.incrementAndGet();
                        System.arraycopy(input, 0, out, 0, features);
                    };
                    switch (borrowing) {
                        case 0 -> {
                            fusion.addDeferred(deferred, d, scores[d], deferredInput, deferredShares);
                            java.util.Arrays.fill(deferredInput, 99.0); // the caller's input is scratch: the fusion keeps a copy
                        }
                        case 1 -> { // borrowed, then the lender writes its array again: the record copied it first
                            fusion.addDeferredBorrowing(deferred, d, scores[d], deferredInput, deferredShares).stopBorrowing();
                            java.util.Arrays.fill(deferredInput, 99.0);
                        }
                        default -> fusion.addDeferredBorrowing(deferred, d, scores[d], deferredInput, deferredShares);
                    }
                } else {
                    System.arraycopy(shares[d], 0, scratch, 0, features);
                    fusion.add(deferred, d, scores[d], scratch);
                    java.util.Arrays.fill(scratch, 99.0); // the caller's array is scratch: the fusion keeps a copy
                }
            }
            fusion.finish(deferred);

            assertThat(Double.doubleToRawLongBits(deferred.fusedScore)).isEqualTo(Double.doubleToRawLongBits(atOnce.fusedScore));
            assertThat(deferred.detectorScores).isEqualTo(atOnce.detectorScores);
            assertThat(deferred.sensorContributions).isNull();
            assertThat(computed).hasValue(0);
            double[] contributions = deferred.contributions();
            assertThat(computed).hasValue(1);
            assertThat(bits(contributions)).isEqualTo(bits(atOnce.sensorContributions));
            assertThat(deferred.contributions()).isSameAs(contributions); // computed once
            assertThat(computed).hasValue(1);
        }
    }

    @ParameterizedTest
    @EnumSource(FusionMethod.class)
    void anEventStartedAtOnceIsNotDeferred(FusionMethod method) {
        ScoreFusion fusion = new ScoreFusion(new double[] {0.5, 0.5}, method);
        ScoredEvent event = new ScoredEvent();
        fusion.startDeferred(event, 2);
        fusion.start(event, 2); // reused: starting again at once drops what was deferred
        fusion.add(event, 0, 1.0, new double[] {1, 0});
        fusion.add(event, 1, 2.0, new double[] {0, 1});
        fusion.finish(event);
        assertThat(event.pendingContributions).isNull();
        assertThat(event.contributions()).isSameAs(event.sensorContributions).isNotNull();
        assertThatThrownBy(() -> fusion.addDeferred(event, 0, 1.0, new double[2], (input, out) -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(FusionMethod.class)
    void deferredContributionsLostOnTheWayAreAnErrorNotNone(FusionMethod method) {
        ScoreFusion fusion = new ScoreFusion(new double[] {0.5, 0.5}, method);
        ScoredEvent event = new ScoredEvent();
        event.deviceId = "pump-1";
        fusion.startDeferred(event, 2);
        fusion.add(event, 0, 1.0, new double[] {1, 0});
        fusion.add(event, 1, 2.0, new double[] {0, 1});
        fusion.finish(event);
        event.pendingContributions = null; // what a serializer does with the transient field
        assertThatThrownBy(event::contributions)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pump-1")
                .hasMessageContaining("chained");
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }
}

package io.fleetanomaly.detectors.lstm;

import static io.fleetanomaly.detectors.lstm.TestModels.FEATURES;
import static io.fleetanomaly.detectors.lstm.TestModels.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.detectors.lstm.TestModels.ParityFixture;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LstmAutoencoderParityTest {
    private static final int VALUES = WINDOW * FEATURES;

    private LstmAutoencoderScorer scorer;

    @BeforeEach
    void openScorer() {
        scorer = LstmAutoencoderScorer.open(TestModels.goodModel(), OnnxSessionSettings.defaults());
    }

    @AfterEach
    void closeScorer() {
        scorer.close();
    }

    @Test
    void reconstructionMatchesPyTorch() {
        ParityFixture fixture = ParityFixture.load();
        assertThat(fixture.count()).isEqualTo(4);

        float[] reconstruction = scorer.reconstruct(fixture.windows(), fixture.count());

        assertThat(reconstruction).hasSameSizeAs(fixture.reconstructions());
        double maxAbsDiff = 0.0;
        for (int i = 0; i < reconstruction.length; i++) {
            maxAbsDiff = Math.max(maxAbsDiff, Math.abs(reconstruction[i] - fixture.reconstructions()[i]));
        }
        assertThat(maxAbsDiff).isLessThan(1e-4);
    }

    @Test
    void errorsMatchPyTorch() {
        ParityFixture fixture = ParityFixture.load();

        BatchScores scores = scorer.score(fixture.windows(), fixture.count());

        assertThat(scores.size()).isEqualTo(fixture.count());
        for (int i = 0; i < fixture.count(); i++) {
            double expected = fixture.errors()[i];
            assertThat(expected).isGreaterThan(0.0);
            assertThat(Math.abs(scores.error(i) - expected) / expected).as("window %d", i).isLessThan(1e-4);
        }
    }

    @Test
    void errorIsTheMeanSquaredDifferenceToTheReconstruction() {
        float[] windows = TestModels.randomWindows(5, 3);
        float[] reconstruction = scorer.reconstruct(windows, 5);
        BatchScores scores = scorer.score(windows, 5);

        for (int b = 0; b < 5; b++) {
            double sum = 0.0;
            for (int j = b * VALUES; j < (b + 1) * VALUES; j++) {
                double d = (double) windows[j] - reconstruction[j];
                sum += d * d;
            }
            assertThat(scores.error(b)).isCloseTo(sum / VALUES, within(1e-12));
        }
    }

    @Test
    void sameWindowsGiveTheSameResultsAtBatchSizes1And7And64() {
        float[] windows = TestModels.randomWindows(64, 11);

        float[] batched64 = scorer.reconstruct(windows, 64);
        float[] batched7 = new float[64 * VALUES];
        for (int start = 0; start < 64; start += 7) {
            int size = Math.min(7, 64 - start);
            float[] part = scorer.reconstruct(Arrays.copyOfRange(windows, start * VALUES, (start + size) * VALUES), size);
            System.arraycopy(part, 0, batched7, start * VALUES, part.length);
        }
        float[] single = new float[64 * VALUES];
        double[] singleErrors = new double[64];
        for (int b = 0; b < 64; b++) {
            float[] one = Arrays.copyOfRange(windows, b * VALUES, (b + 1) * VALUES);
            System.arraycopy(scorer.reconstruct(one, 1), 0, single, b * VALUES, VALUES);
            singleErrors[b] = scorer.score(one, 1).error(0);
        }

        assertThat(maxAbsDiff(batched7, batched64)).isLessThanOrEqualTo(1e-6);
        assertThat(maxAbsDiff(single, batched64)).isLessThanOrEqualTo(1e-6);
        BatchScores scores64 = scorer.score(windows, 64);
        for (int b = 0; b < 64; b++) {
            assertThat(scores64.error(b)).as("window %d", b).isCloseTo(singleErrors[b], within(1e-6));
        }
    }

    @Test
    void channelErrorsAverageToTheWindowError() {
        float[] windows = TestModels.randomWindows(9, 5);
        BatchScores scores = scorer.score(windows, 9);

        double[] channels = new double[FEATURES];
        for (int b = 0; b < 9; b++) {
            scores.channelErrors(b, channels);
            assertThat(Arrays.stream(channels).average().orElseThrow())
                    .isCloseTo(scores.error(b), within(1e-12 * Math.max(1.0, scores.error(b))));
            for (int f = 0; f < FEATURES; f++) {
                assertThat(scores.channelError(b, f)).isEqualTo(channels[f]).isGreaterThanOrEqualTo(0.0);
            }
        }
    }

    @Test
    void channelErrorIsTheMeanSquaredDifferenceOfOneFeatureOverTheWindow() {
        float[] windows = TestModels.randomWindows(2, 8);
        float[] reconstruction = scorer.reconstruct(windows, 2);
        BatchScores scores = scorer.score(windows, 2);

        for (int b = 0; b < 2; b++) {
            for (int f = 0; f < FEATURES; f++) {
                double sum = 0.0;
                for (int t = 0; t < WINDOW; t++) {
                    int j = b * VALUES + t * FEATURES + f;
                    double d = (double) windows[j] - reconstruction[j];
                    sum += d * d;
                }
                assertThat(scores.channelError(b, f)).as("window %d feature %d", b, f)
                        .isCloseTo(sum / WINDOW, within(1e-12));
            }
        }
    }

    @Test
    void emptyBatchNeedsNoCallAndLongerArraysAreAllowed() {
        assertThat(scorer.score(new float[0], 0).size()).isZero();
        assertThat(scorer.reconstruct(new float[0], 0)).isEmpty();

        float[] windows = TestModels.randomWindows(3, 2);
        BatchScores firstTwo = scorer.score(windows, 2);
        BatchScores exactTwo = scorer.score(Arrays.copyOf(windows, 2 * VALUES), 2);
        assertThat(firstTwo.error(0)).isEqualTo(exactTwo.error(0));
        assertThat(firstTwo.error(1)).isEqualTo(exactTwo.error(1));
    }

    @Test
    void rejectsArraysShorterThanTheBatch() {
        assertThatThrownBy(() -> scorer.score(new float[VALUES], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 512 floats, the array has 256");
        assertThatThrownBy(() -> scorer.score(new float[VALUES], -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0.0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}

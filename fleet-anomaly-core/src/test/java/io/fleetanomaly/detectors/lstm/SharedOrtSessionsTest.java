package io.fleetanomaly.detectors.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.format.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedOrtSessionsTest {
    private static final OnnxSessionSettings SETTINGS = OnnxSessionSettings.defaults();

    @AfterEach
    void everyTestReleasesItsSessions() {
        assertThat(SharedOrtSessions.openSessions()).isZero();
    }

    @Test
    void twoAcquiresOfOneModelShareOneSessionUntilBothAreClosed() {
        LstmAutoencoderModel model = TestModels.goodModel();

        SharedOrtSessions.Lease first = SharedOrtSessions.acquire(model, SETTINGS);
        SharedOrtSessions.Lease second = SharedOrtSessions.acquire(TestModels.goodModel(), SETTINGS);
        assertThat(SharedOrtSessions.openSessions()).isEqualTo(1);
        assertThat(second.session()).isSameAs(first.session());

        first.close();
        assertThat(SharedOrtSessions.openSessions()).isEqualTo(1);
        first.close();
        assertThat(SharedOrtSessions.openSessions()).as("closing a lease twice releases it once").isEqualTo(1);
        assertThatThrownBy(first::session).isInstanceOf(IllegalStateException.class);

        second.close();
        assertThat(SharedOrtSessions.openSessions()).isZero();
    }

    @Test
    void differentModelsGetDifferentSessions() {
        LstmAutoencoderModel model = TestModels.goodModel();
        byte[] otherBytes = TestModels.bytes("bad_output_name.onnx");
        LstmAutoencoderModel other = LstmAutoencoderModel.of(
                otherBytes, Sha256.hex(otherBytes), "window", "output", TestModels.WINDOW, TestModels.FEATURES);

        try (SharedOrtSessions.Lease first = SharedOrtSessions.acquire(model, SETTINGS);
                SharedOrtSessions.Lease second = SharedOrtSessions.acquire(other, SETTINGS)) {
            assertThat(SharedOrtSessions.openSessions()).isEqualTo(2);
            assertThat(second.session()).isNotSameAs(first.session());
        }
    }

    @Test
    void differentSettingsGetDifferentSessions() {
        OnnxSessionSettings basic = OnnxSessionSettings.builder()
                .optimizationLevel(OnnxSessionSettings.OptimizationLevel.BASIC).build();

        try (SharedOrtSessions.Lease first = SharedOrtSessions.acquire(TestModels.goodModel(), SETTINGS);
                SharedOrtSessions.Lease second = SharedOrtSessions.acquire(TestModels.goodModel(), basic)) {
            assertThat(SharedOrtSessions.openSessions()).isEqualTo(2);
            assertThat(second.session()).isNotSameAs(first.session());
        }
    }

    @Test
    void anAcquireWhoseManifestDoesNotMatchTheOpenSessionFailsWithoutTakingALease() {
        byte[] onnx = TestModels.bytes(TestModels.GOOD_MODEL);
        LstmAutoencoderModel wrongWindow =
                LstmAutoencoderModel.of(onnx, Sha256.hex(onnx), "window", "reconstruction", 16, TestModels.FEATURES);

        try (SharedOrtSessions.Lease lease = SharedOrtSessions.acquire(TestModels.goodModel(), SETTINGS)) {
            assertThat(lease.model().window()).isEqualTo(32);
            assertThatThrownBy(() -> SharedOrtSessions.acquire(wrongWindow, SETTINGS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("lstm_ae.onnx input has window 32 but the bundle's window is 16");
            assertThat(SharedOrtSessions.openSessions()).isEqualTo(1);
        }
    }

    @Test
    void scorersCloseTheirLeases() {
        LstmAutoencoderScorer first = LstmAutoencoderScorer.open(TestModels.goodModel(), SETTINGS);
        LstmAutoencoderScorer second = LstmAutoencoderScorer.open(TestModels.goodModel(), SETTINGS);
        assertThat(SharedOrtSessions.openSessions()).isEqualTo(1);

        first.close();
        float[] windows = TestModels.randomWindows(1, 4);
        assertThat(second.score(windows, 1).error(0)).isPositive();
        assertThatThrownBy(() -> first.score(windows, 1)).isInstanceOf(IllegalStateException.class);
        second.close();
    }

    @Test
    void concurrentScoringFromTwoThreadsOnOneSessionEqualsSequentialScoring() throws Exception {
        int threads = 2;
        int batches = 40;
        int batchSize = 16;
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < threads * batches; i++) {
            inputs.add(TestModels.randomWindows(batchSize, 100 + i));
        }
        double[][] sequential = new double[inputs.size()][];
        try (LstmAutoencoderScorer scorer = LstmAutoencoderScorer.open(TestModels.goodModel(), SETTINGS)) {
            for (int i = 0; i < inputs.size(); i++) {
                sequential[i] = errors(scorer.score(inputs.get(i), batchSize));
            }
        }

        double[][] concurrent = new double[inputs.size()][];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<LstmAutoencoderScorer> scorers = new ArrayList<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                LstmAutoencoderScorer scorer = LstmAutoencoderScorer.open(TestModels.goodModel(), SETTINGS);
                scorers.add(scorer);
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    // Interleave: thread t takes batches t, t + threads, ...
                    for (int i = thread; i < inputs.size(); i += threads) {
                        concurrent[i] = errors(scorer.score(inputs.get(i), batchSize));
                    }
                    return null;
                }));
            }
            assertThat(SharedOrtSessions.openSessions()).isEqualTo(1);
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            scorers.forEach(LstmAutoencoderScorer::close);
        }

        for (int i = 0; i < inputs.size(); i++) {
            assertThat(concurrent[i]).as("batch %d", i).isEqualTo(sequential[i]);
        }
    }

    private static double[] errors(BatchScores scores) {
        double[] errors = new double[scores.size()];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = scores.error(i);
        }
        return errors;
    }
}

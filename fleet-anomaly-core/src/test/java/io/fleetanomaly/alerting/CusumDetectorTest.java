package io.fleetanomaly.alerting;

import static io.fleetanomaly.events.AlertStatus.OPEN;
import static io.fleetanomaly.events.AlertStatus.RESOLVED;
import static io.fleetanomaly.events.AlertStatus.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Deterministic behaviour of the CUSUM and the alert lifecycle, without Flink. */
@Timeout(60)
class CusumDetectorTest {

    private static final AlertSettings DEFAULTS = AlertSettings.defaults();

    @Test
    void baselineIsTheMeanAndSampleStdOfTheFirstScoredEvents() {
        DetectorDriver driver = new DetectorDriver(AlertSettings.builder().baselineEvents(5).build());
        for (double score : new double[] {1.0, 2.0, 4.0, 0.0, 3.0}) {
            driver.feed(score);
        }

        assertThat(driver.detector.baselineComplete(driver.state)).isTrue();
        assertThat(driver.state.baselineMean).isCloseTo(2.0, within(1e-12));
        assertThat(driver.state.baselineStd).isCloseTo(Math.sqrt(2.5), within(1e-12));
    }

    @Test
    void baselineStdHasAFloor() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS);
        for (int i = 0; i < 50; i++) {
            driver.feed(1.0);
        }
        assertThat(driver.state.baselineStd).isEqualTo(0.3);
    }

    @Test
    void noAlertingWhileTheBaselineIsBuilt() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS);
        for (int i = 0; i < 49; i++) {
            driver.feed(i % 2 == 0 ? 0.0 : 2.0);
        }
        driver.feed(1_000.0);
        // a score above BASELINE_MAX_SCORE is no normal event: it does not enter the baseline
        assertThat(driver.detector.baselineComplete(driver.state)).isFalse();
        driver.feed(2.0);

        assertThat(driver.emitted).isEmpty();
        assertThat(driver.state.cusum).isZero();
        assertThat(driver.detector.baselineComplete(driver.state)).isTrue();
        assertThat(driver.state.baselineMean).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(driver.state.baselineStd).isCloseTo(Math.sqrt(50.0 / 49.0), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void cusumFollowsPagesRecursionWithClipAndCap() {
        DetectorDriver driver = new DetectorDriver(AlertSettings.builder().minReopenGapMs(0).build());
        driver.completeBaseline();

        driver.feedZ(2.0);
        assertThat(driver.state.cusum).isCloseTo(1.5, within(1e-9));
        driver.feedZ(-0.5);
        assertThat(driver.state.cusum).isCloseTo(0.5, within(1e-9));
        driver.feedZ(-3.0);
        assertThat(driver.state.cusum).isZero();
        driver.feedZ(1_000.0); // clipped to 4: adds 3.5
        assertThat(driver.state.cusum).isCloseTo(3.5, within(1e-9));
        for (int i = 0; i < 10; i++) {
            driver.feedZ(1_000.0);
        }
        assertThat(driver.state.cusum).isEqualTo(15.0);
    }

    @Test
    void oneSpikeAloneCannotOpenButTwoCan() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS);
        driver.completeBaseline();

        assertThat(driver.feedZ(1e6)).isNull();
        driver.feedZ(-10.0);
        assertThat(driver.state.cusum).isZero();
        assertThat(driver.feedZ(1e6)).isNull();
        assertThat(driver.feedZ(1e6)).isEqualTo(OPEN);
    }

    @Test
    void opensOnlyWhenCusumExceedsH() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS);
        driver.completeBaseline();
        for (int i = 0; i < 5; i++) {
            assertThat(driver.feedZ(1.48)).isNull(); // +0.98 each
        }
        assertThat(driver.state.cusum).isCloseTo(4.9, within(1e-9));
        assertThat(driver.feedZ(0.5)).isNull();
        assertThat(driver.feedZ(0.7)).isEqualTo(OPEN);
        assertThat(driver.state.cusum).isCloseTo(5.1, within(1e-9));
        assertThat(driver.state.alertOpen).isTrue();
    }

    @Test
    void hoveringAroundTheThresholdGivesOneAlertNotMany() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS);
        driver.completeBaseline();
        openWithSteadyPush(driver);
        for (int i = 0; i < 500; i++) {
            driver.feedZ(i % 2 == 0 ? 0.2 : 0.8); // S alternates h − 0.2, h + 0.1 around h
        }

        assertThat(driver.count(OPEN)).isEqualTo(1);
        assertThat(driver.count(RESOLVED)).isZero();
        assertThat(driver.state.alertOpen).isTrue();
    }

    @Test
    void resolvesOnlyAfterConsecutiveEventsBelowTheResetLevel() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS);
        driver.completeBaseline();
        openWithSteadyPush(driver);
        driver.feedZUntil(0.0, state -> state.cusum <= 1.2, 100);
        // S hovers around the reset level (0.7, 1.1, 0.7, ...): every other event is above it.
        for (int i = 0; i < 200; i++) {
            driver.feedZ(i % 2 == 0 ? 0.1 : 0.9);
        }
        assertThat(driver.count(RESOLVED)).isZero();

        for (int i = 0; i < 9; i++) {
            driver.feed(driver.state.baselineMean);
            assertThat(driver.state.alertOpen).isTrue();
        }
        assertThat(driver.feed(driver.state.baselineMean)).isEqualTo(RESOLVED);
        assertThat(driver.count(OPEN)).isEqualTo(1);
    }

    @Test
    void cappedCusumResolvesPromptlyAfterALongAnomaly() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS);
        driver.completeBaseline();
        for (int i = 0; i < 5_000; i++) {
            driver.feedZ(4.0);
        }
        int eventsToResolve = driver.feedZUntil(0.0, state -> !state.alertOpen, 1_000);
        // From maxCusum 15, S falls by k = 0.5 per normal event: below 1 at the 29th, resolved at the 38th.
        assertThat(eventsToResolve).isEqualTo(38);
    }

    @Test
    void deviceCannotReopenBeforeTheGapHasPassed() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS, 0, 1_000_000L, 10_000L);
        driver.completeBaseline();
        openWithSteadyPush(driver);
        driver.feedZUntil(0.0, state -> !state.alertOpen, 100);
        long resolvedAt = driver.of(RESOLVED).get(0).ts();

        while (driver.nextTs() < resolvedAt + 300_000L) {
            assertThat(driver.feedZ(5.0)).isNull();
        }
        assertThat(driver.state.cusum).isGreaterThan(5.0);
        assertThat(driver.feedZ(5.0)).isEqualTo(OPEN);
        assertThat(driver.of(OPEN).get(1).ts()).isEqualTo(resolvedAt + 300_000L);
    }

    @Test
    void updatesAreRateLimitedInEventTime() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS, 0, 1_000_000L, 1_000L);
        driver.completeBaseline();
        openWithSteadyPush(driver);
        // A rising then falling severity changes the level many times within a minute.
        for (int i = 0; i < 600; i++) {
            driver.feedZ(i % 40 < 20 ? 12.0 : 0.6);
        }

        List<DetectorDriver.Emitted> records = driver.emitted;
        assertThat(driver.count(UPDATE)).isGreaterThan(3);
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).status() == UPDATE) {
                assertThat(records.get(i).ts() - records.get(i - 1).ts()).isGreaterThanOrEqualTo(60_000L);
            }
        }
    }

    @Test
    void noUpdateWhileSeverityLevelAndTopSensorStayTheSame() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS, 2, 1_000_000L, 1_000L);
        driver.completeBaseline();
        double[] firstSensor = {1.0, 0.0};
        for (int i = 0; i < 20; i++) {
            driver.feedZ(4.0, firstSensor);
        }
        assertThat(driver.count(OPEN)).isEqualTo(1);
        // EWMA of z = 4: severity 1 − e^-1 = 0.63, HIGH, from the opening event on.
        assertThat(driver.detector.severity(driver.state)).isEqualTo(Severity.HIGH);

        for (int i = 0; i < 1_000; i++) {
            driver.feedZ(4.0, firstSensor);
        }
        assertThat(driver.count(UPDATE)).isZero();
    }

    @Test
    void changeOfTopSensorIsReportedByAnUpdate() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS, 2, 1_000_000L, 1_000L);
        driver.completeBaseline();
        for (int i = 0; i < 10; i++) {
            driver.feedZ(4.0, new double[] {1.0, 0.0});
        }
        for (int i = 0; i < 100; i++) {
            driver.feedZ(4.0, new double[] {0.0, 1.0});
        }

        assertThat(driver.count(UPDATE)).isEqualTo(1);
        DetectorDriver.Emitted open = driver.of(OPEN).get(0);
        DetectorDriver.Emitted update = driver.of(UPDATE).get(0);
        // Sensor 1 overtakes sensor 0 within the minute; the update waits for the rate limit.
        assertThat(update.ts() - open.ts()).isEqualTo(60_000L);
        assertThat(driver.detector.topSensors(driver.state).topIndex()).isEqualTo(1);
    }

    @Test
    void topSensorIsTheOneGivenTheLargestContributions() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS, 4, 0L, 1_000L);
        driver.completeBaseline();
        for (int i = 0; i < 30; i++) {
            double[] contributions = i % 3 == 0 ? new double[] {0.3, 0.1, 0.4, 0.2} : new double[] {0.1, 0.1, 0.6, 0.2};
            driver.feedZ(3.0, contributions);
        }
        // Events below the baseline (z <= 0) do not count, whatever their contributions.
        for (int i = 0; i < 5; i++) {
            driver.feedZ(-1.0, new double[] {0.0, 1.0, 0.0, 0.0});
        }

        // Contributions accumulate from the opening event, the third of the 30 (i = 2).
        assertThat(driver.of(OPEN).get(0).eventIndex()).isEqualTo(50 + 3);
        TopSensors top = driver.detector.topSensors(driver.state);
        assertThat(top.indices()).containsExactly(2, 3, 0);
        double[] shares = top.shares();
        assertThat(shares[0]).isGreaterThan(shares[1]);
        assertThat(shares[1]).isGreaterThan(shares[2]);
        assertThat(shares[0] + shares[1] + shares[2]).isLessThanOrEqualTo(1.0 + 1e-12);
        assertThat(shares[0]).isCloseTo((9 * 0.4 + 19 * 0.6) / 28.0, within(1e-9));
    }

    @Test
    void severityGrowsWithTheShiftSize() {
        double[] shifts = {1.0, 2.0, 4.0, 8.0};
        double[] severityScores = new double[shifts.length];
        Severity[] peakSeverities = new Severity[shifts.length];
        for (int s = 0; s < shifts.length; s++) {
            SyntheticScores device = new SyntheticScores(42, SyntheticScores.Noise.GAUSSIAN);
            DetectorDriver driver = new DetectorDriver(DEFAULTS);
            for (int i = 0; i < 50; i++) {
                driver.feed(device.normal());
            }
            for (int i = 0; i < 60; i++) {
                driver.feed(device.shifted(shifts[s]));
            }
            assertThat(driver.state.alertOpen).as("open after a %s sigma shift", shifts[s]).isTrue();
            severityScores[s] = driver.detector.severityScore(driver.state);
            peakSeverities[s] = driver.detector.peakSeverity(driver.state);
        }

        for (int s = 1; s < shifts.length; s++) {
            assertThat(severityScores[s]).isGreaterThan(severityScores[s - 1]);
        }
        assertThat(peakSeverities).isSorted();
        assertThat(peakSeverities[0]).isLessThan(Severity.HIGH);
        assertThat(peakSeverities[3]).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void nonFiniteScoresAreIgnored() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS);
        driver.feed(Double.NaN);
        driver.feed(Double.POSITIVE_INFINITY);
        assertThat(driver.state.baselineCount).isZero();

        driver.completeBaseline();
        driver.feedZ(3.0);
        double cusum = driver.state.cusum;
        driver.feed(Double.NaN);
        assertThat(driver.state.cusum).isEqualTo(cusum);
    }

    @Test
    void contributionsOfTheWrongLengthAreAConfigurationError() {
        DetectorDriver driver = new DetectorDriver(DEFAULTS, 3, 0L, 1_000L);
        assertThatThrownBy(() -> driver.feed(1.0, new double[] {1.0, 0.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expects 3");
    }

    /** Raises S to h − 0.1, then opens with one more event; leaves S at h + 0.1. */
    @Test
    void withRecoveryAnAlertResolvesWhenTheLevelSettlesShortOfTheOldBaselineAndThatLevelBecomesTheBaseline() {
        AlertSettings settings = AlertSettings.builder().k(3).clip(10).h(5).maxCusum(20)
                .recoveryFraction(0.7).recoveryEwmaAlpha(0.05).minReopenGapMs(0).build();
        DetectorDriver driver = new DetectorDriver(settings);
        driver.completeBaseline();
        double baselineBefore = driver.state.baselineMean;
        for (int i = 0; i < 100; i++) {
            driver.feedZ(10.0); // the fault
        }
        assertThat(driver.state.alertOpen).isTrue();
        // the fault ends, the device stays at z = 4: well above k, so the CUSUM alone never falls back
        int fed = driver.feedZUntil(4.0, s -> !s.alertOpen, 200);

        assertThat(driver.state.resolvedByRecovery).isTrue();
        assertThat(openedAndResolved(driver)).containsExactly(OPEN, RESOLVED);
        // ℓ falls from about 10 to below 7 at α = 0.05: about ln(6/3) / 0.05 ≈ 14 events
        assertThat(fed).isBetween(8, 30);
        double level = driver.state.baselineMean - baselineBefore;
        assertThat(level / driver.state.baselineStd).isBetween(3.5, 7.0); // the recent level, about 4
        assertThat(driver.state.cusum).isZero();
        // at the new level nothing opens again; a further change does
        for (int i = 0; i < 300; i++) {
            driver.feed(baselineBefore + 4.0 * driver.state.baselineStd);
        }
        assertThat(openedAndResolved(driver)).containsExactly(OPEN, RESOLVED);
        driver.feedZUntil(10.0, s -> s.alertOpen, 50);
        assertThat(openedAndResolved(driver)).containsExactly(OPEN, RESOLVED, OPEN);
    }

    @Test
    void withoutRecoveryTheSameAlertStaysOpen() {
        AlertSettings settings = AlertSettings.builder().k(3).clip(10).h(5).maxCusum(20).minReopenGapMs(0).build();
        DetectorDriver driver = new DetectorDriver(settings);
        driver.completeBaseline();
        for (int i = 0; i < 100; i++) {
            driver.feedZ(10.0);
        }
        for (int i = 0; i < 300; i++) {
            driver.feedZ(4.0);
        }
        assertThat(driver.state.alertOpen).isTrue();
        assertThat(driver.emitted).extracting(DetectorDriver.Emitted::status).doesNotContain(RESOLVED);
    }

    @Test
    void recoveryWaitsForTheLevelsTimeConstantAndIgnoresAFaultThatKeepsItsLevel() {
        AlertSettings settings = AlertSettings.builder().k(3).clip(10).h(5).maxCusum(20)
                .recoveryFraction(0.7).recoveryEwmaAlpha(0.05).minReopenGapMs(0).build();
        assertThat(settings.recoveryMinEvents()).isEqualTo(20);
        DetectorDriver driver = new DetectorDriver(settings);
        driver.completeBaseline();
        for (int i = 0; i < 500; i++) {
            driver.feedZ(i % 2 == 0 ? 12.0 : 8.0); // a noisy but steady fault
        }
        assertThat(driver.state.alertOpen).isTrue();
        assertThat(openedAndResolved(driver)).containsExactly(OPEN);
    }

    @Test
    void aDeviceBackAtItsOldBaselineKeepsThatBaselineWhenItsAlertResolvesByRecovery() {
        AlertSettings settings = AlertSettings.builder().k(3).clip(10).h(5).maxCusum(20).resolveAfterEvents(1000)
                .recoveryFraction(0.7).recoveryEwmaAlpha(0.05).minReopenGapMs(0).build();
        DetectorDriver driver = new DetectorDriver(settings);
        driver.completeBaseline();
        double baselineBefore = driver.state.baselineMean;
        for (int i = 0; i < 100; i++) {
            driver.feedZ(10.0);
        }
        driver.feedZUntil(0.0, s -> !s.alertOpen, 200); // the fault ends, readings return to normal
        assertThat(driver.state.resolvedByRecovery).isTrue();
        // the slow level still says 7 here (it triggered recovery by falling below 0.7 × 10); the
        // recent level has fallen to about 2 and is what the baseline moves by
        assertThat((driver.state.baselineMean - baselineBefore) / driver.state.baselineStd).isBetween(1.0, 3.0);
    }

    /**
     * Issue 13 item 4: a step fault ten times longer than the recovery horizon (1/α events), with
     * the trained bundles' settings and the process bundle's recoveryMaxLevel 1. Its score jumps
     * while the window features see the step, then stays on a plateau above the baseline: its
     * level falls below 0.7 × its peak, but the device is still faulty (above recoveryMaxLevel), so
     * recovery must not close the alert. Without the limit (the default) recovery closes it early.
     */
    @Test
    void aStepFaultTenTimesLongerThanTheRecoveryHorizonKeepsItsAlertOpen() {
        AlertSettings trained = io.fleetanomaly.training.TrainingSettings.recommendedAlertSettings();
        assertThat(flaggedShareOfAStepFault(trained.toBuilder().recoveryMaxLevel(1.0).build(), 1))
                .isGreaterThanOrEqualTo(0.9);
        assertThat(flaggedShareOfAStepFault(trained, 2)).isLessThan(0.5);
    }

    /** Share of a 10-horizon step fault's events under an open alert; asserts the OPEN/RESOLVED sequence. */
    private static double flaggedShareOfAStepFault(AlertSettings settings, int expectedOpenAndResolved) {
        int faultEvents = 10 * settings.recoveryMinEvents();
        java.util.Random random = new java.util.Random(13);
        DetectorDriver driver = new DetectorDriver(settings);
        driver.completeBaseline();
        double mean = driver.state.baselineMean;
        double std = driver.state.baselineStd;
        int flagged = 0;
        for (int i = 0; i < faultEvents; i++) {
            driver.feed(mean + ((i < 32 ? 30.0 : 9.0) + 2.0 * random.nextGaussian()) * std);
            flagged += driver.state.alertOpen ? 1 : 0;
        }
        assertThat(openedAndResolved(driver)).hasSize(expectedOpenAndResolved).startsWith(OPEN);
        return (double) flagged / faultEvents;
    }

    @Test
    void recoveryMaxLevelIsTheHighestLevelAcceptedAsANewNormal() {
        AlertSettings.Builder base = AlertSettings.builder().k(3).clip(20).h(5).maxCusum(20)
                .recoveryFraction(0.7).recoveryEwmaAlpha(0.05).minReopenGapMs(0);
        for (double maxLevel : new double[] {5.0, 7.0}) {
            DetectorDriver driver = new DetectorDriver(base.recoveryMaxLevel(maxLevel).build());
            driver.completeBaseline();
            for (int i = 0; i < 100; i++) {
                driver.feedZ(15.0);
            }
            double settled = driver.state.baselineMean + 6.0 * driver.state.baselineStd;
            for (int i = 0; i < 400; i++) {
                driver.feed(settled); // settles at z = 6 of the old baseline: below 0.7 × 15, above k
            }
            assertThat(driver.state.alertOpen).as("settled at 6, max level %s", maxLevel).isEqualTo(maxLevel < 6.0);
            assertThat(driver.state.resolvedByRecovery).isEqualTo(maxLevel >= 6.0);
        }
    }

    /**
     * Issue 13 item 4, the faults of the process profile: after its onset the fault's events score
     * z 4 ± 3, mostly below the allowance k 6, so the CUSUM drains within the fault and the alert
     * resolves and reopens again and again. With resolveMaxLevel 1 it stays open while the device's
     * level is above 1 σ (the whole fault) and resolves once the device is back at its baseline.
     */
    @Test
    void resolveMaxLevelKeepsTheAlertOpenWhileTheLevelStaysAboveIt() {
        AlertSettings process = io.fleetanomaly.training.TrainingSettings.recommendedAlertSettings().toBuilder()
                .recoveryMaxLevel(1.0).build();
        PersistentFault without = persistentFault(process);
        assertThat(without.flaggedShare).isLessThan(0.6);
        assertThat(without.resolvedDuringTheFault).isTrue();

        PersistentFault with = persistentFault(process.toBuilder().resolveMaxLevel(1.0).build());
        assertThat(with.flaggedShare).isGreaterThanOrEqualTo(0.9);
        assertThat(with.openings).isEqualTo(1);
        assertThat(with.resolvedDuringTheFault).isFalse();
        assertThat(with.resolvedAfterTheFault).as("resolved once the level fell back").isTrue();
    }

    private record PersistentFault(double flaggedShare, long openings, boolean resolvedDuringTheFault,
            boolean resolvedAfterTheFault) {}

    private static PersistentFault persistentFault(AlertSettings settings) {
        int faultEvents = 10 * settings.recoveryMinEvents();
        java.util.Random random = new java.util.Random(17);
        DetectorDriver driver = new DetectorDriver(settings, 0, 1_000_000L, 10_000L); // the process profile's 10 s
        driver.completeBaseline();
        double mean = driver.state.baselineMean;
        double std = driver.state.baselineStd;
        int flagged = 0;
        for (int i = 0; i < faultEvents; i++) {
            driver.feed(mean + ((i < 5 ? 12.0 : 4.0) + 3.0 * random.nextGaussian()) * std);
            flagged += driver.state.alertOpen ? 1 : 0;
        }
        boolean resolvedDuringTheFault = openedAndResolved(driver).contains(RESOLVED);
        for (int i = 0; i < 300; i++) {
            driver.feed(mean + random.nextGaussian() * std); // back at the baseline
        }
        long openings = openedAndResolved(driver).stream().filter(s -> s == OPEN).count();
        return new PersistentFault((double) flagged / faultEvents, openings, resolvedDuringTheFault,
                !driver.state.alertOpen);
    }

    /** The service bundle's alerting (trained defaults with recovery fraction 0.7), five-minute events. */
    private static DetectorDriver serviceDevice(long returnHorizonMs) {
        AlertSettings service = io.fleetanomaly.training.TrainingSettings.recommendedAlertSettings().toBuilder()
                .recoveryFraction(0.7).returnHorizonMs(returnHorizonMs).build();
        DetectorDriver driver = new DetectorDriver(service, 2, 1_767_225_600_000L, 300_000L);
        driver.completeBaseline();
        for (int i = 0; i < 100; i++) {
            driver.feedZ(0.0, new double[] {0.5, 0.5}, 0L);
        }
        return driver;
    }

    private static final double[] SENSOR_0_LEADS = {0.9, 0.1};
    private static final double[] SENSOR_1_LEADS = {0.1, 0.9};
    private static final long SENSOR_0_BELOW = 1L;
    private static final long TWELVE_HOURS_MS = 12 * 3_600_000L;

    /**
     * A level shift up on sensor 0 opens an alert; the device's normal is drawn towards the shifted
     * level, the score falls and the alert resolves while the shift still lasts; then the shift ends
     * (sensor 0 back at its old level, below the drawn-in normal) and the score rises again. Without
     * the return rule that end opens a second alert, a false one; with it, nothing opens.
     */
    @Test
    void theEndOfAFaultWhoseAlertResolvedWithinItIsNotANewAlertWithTheReturnRule() {
        for (long horizon : new long[] {0L, TWELVE_HOURS_MS}) {
            DetectorDriver driver = serviceDevice(horizon);
            for (int i = 0; i < 40; i++) {
                driver.feedZ(12.0, SENSOR_0_LEADS, 0L); // the shift begins: sensor 0 above its normal
            }
            for (int i = 0; i < 60; i++) {
                driver.feedZ(0.5, SENSOR_0_LEADS, 0L); // the normal drawn in: the score falls within the shift
            }
            assertThat(openedAndResolved(driver)).as("horizon %d", horizon).containsExactly(OPEN, RESOLVED);
            for (int i = 0; i < 6; i++) {
                driver.feedZ(12.0, SENSOR_0_LEADS, SENSOR_0_BELOW); // the shift ends: back below the drawn-in normal
            }
            for (int i = 0; i < 60; i++) {
                driver.feedZ(0.0, SENSOR_0_LEADS, 0L);
            }
            if (horizon == 0L) {
                assertThat(openedAndResolved(driver)).containsExactly(OPEN, RESOLVED, OPEN, RESOLVED);
            } else {
                assertThat(openedAndResolved(driver)).containsExactly(OPEN, RESOLVED);
                assertThat(driver.state.cusum).isZero();
            }
        }
    }

    /**
     * What the return rule does not take for the end of the resolved incident: a fault led by another
     * sensor, the same sensor deviating to the same side again, and any opening after the horizon.
     */
    @Test
    void theReturnRuleStillOpensOnAnotherSensorTheSameSideOrAfterTheHorizon() {
        record Next(String what, int quietEvents, double[] contributions, long mask) {}
        for (Next next : List.of(
                new Next("another sensor leads", 60, SENSOR_1_LEADS, SENSOR_0_BELOW),
                new Next("same sensor, same side", 60, SENSOR_0_LEADS, 0L),
                new Next("opposite side after the horizon", 200, SENSOR_0_LEADS, SENSOR_0_BELOW))) {
            DetectorDriver driver = serviceDevice(TWELVE_HOURS_MS);
            for (int i = 0; i < 40; i++) {
                driver.feedZ(12.0, SENSOR_0_LEADS, 0L); // a shift up whose alert lasts beyond the recovery horizon
            }
            for (int i = 0; i < next.quietEvents(); i++) {
                driver.feedZ(0.5, SENSOR_0_LEADS, 0L);
            }
            for (int i = 0; i < 6; i++) {
                driver.feedZ(12.0, next.contributions(), next.mask());
            }
            assertThat(openedAndResolved(driver)).as(next.what()).containsExactly(OPEN, RESOLVED, OPEN);
        }
    }

    /**
     * A spike's alert is shorter than the recovery horizon: the device's normal was not drawn into it,
     * and a fault to the other side soon after it (a level shift down) is a new one.
     */
    @Test
    void afterAnAlertShorterThanTheRecoveryHorizonTheReturnRuleOpensAsUsual() {
        DetectorDriver driver = serviceDevice(TWELVE_HOURS_MS);
        for (int i = 0; i < 3; i++) {
            driver.feedZ(12.0, SENSOR_0_LEADS, 0L); // a spike up
        }
        for (int i = 0; i < 60; i++) {
            driver.feedZ(0.5, SENSOR_0_LEADS, 0L);
        }
        assertThat(openedAndResolved(driver)).containsExactly(OPEN, RESOLVED);
        assertThat(driver.state.episodeEvents).isLessThan(driver.detector.settings().recoveryMinEvents());
        for (int i = 0; i < 3; i++) {
            driver.feedZ(12.0, SENSOR_0_LEADS, SENSOR_0_BELOW); // a level shift down
        }
        assertThat(openedAndResolved(driver)).containsExactly(OPEN, RESOLVED, OPEN);
    }

    /**
     * A change of variance swings sensor 0 to both sides of its normal: its alert has no return, and a
     * spike to the other side of the alert's opening, soon after it resolved, is a new fault.
     */
    @Test
    void afterAnAlertOnBothSidesOfTheNormalTheReturnRuleOpensAsUsual() {
        DetectorDriver driver = serviceDevice(TWELVE_HOURS_MS);
        for (int i = 0; i < 40; i++) {
            driver.feedZ(12.0, SENSOR_0_LEADS, i % 2 == 0 ? 0L : SENSOR_0_BELOW); // the variance grows
        }
        for (int i = 0; i < 60; i++) {
            driver.feedZ(0.5, SENSOR_0_LEADS, 0L);
        }
        for (int i = 0; i < 3; i++) {
            driver.feedZ(12.0, SENSOR_0_LEADS, SENSOR_0_BELOW); // a spike below the normal
        }
        assertThat(openedAndResolved(driver)).containsExactly(OPEN, RESOLVED, OPEN);
    }

    private static List<AlertStatus> openedAndResolved(DetectorDriver driver) {
        return driver.emitted.stream().map(DetectorDriver.Emitted::status).filter(s -> s != UPDATE).toList();
    }

    private static void openWithSteadyPush(DetectorDriver driver) {
        for (int i = 0; i < 5; i++) {
            driver.feedZ(1.48);
        }
        assertThat(driver.feedZ(0.7)).isEqualTo(OPEN);
    }
}

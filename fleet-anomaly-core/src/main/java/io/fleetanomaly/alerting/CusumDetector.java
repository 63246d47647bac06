package io.fleetanomaly.alerting;

import io.fleetanomaly.state.CusumState;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.Severity;
import java.util.function.Function;

/**
 * Page's one-sided upper CUSUM on one device's fused anomaly score, with the alert lifecycle
 * (OPEN, rate-limited UPDATE, RESOLVED). Pure logic on a {@link CusumState}; no Flink.
 *
 * <p>Per scored event: the first {@code baselineEvents} events only build the baseline mean μ and
 * standard deviation σ (floored at {@code minBaselineStd}). After that, with z = (score − μ) / σ,
 * S = min(max(0, S + min(z, clip) − k), maxCusum).
 * <ul>
 *   <li>OPEN when S &gt; h, no alert is open and the reopen gap since the last RESOLVED has passed.
 *   <li>UPDATE while open, only when the severity level or the top sensor differs from the last
 *       emitted record (OPEN or UPDATE) and at least {@code updateIntervalMs} of event time has
 *       passed since it. A change that is not emitted at once is emitted by the first later event
 *       that satisfies both conditions.
 *   <li>RESOLVED once S stays below {@code resetLevel} for {@code resolveAfterEvents} consecutive
 *       events; the device may not open again before {@code minReopenGapMs} of event time.
 *   <li>With recovery on ({@code recoveryFraction} &gt; 0), also RESOLVED once the episode has
 *       lasted 1/α events and the device's level ℓ, an EWMA (α = {@code recoveryEwmaAlpha}) of z
 *       over all scored events, has fallen below {@code recoveryFraction} × its peak during the
 *       episode, and the level it settled at, min(ℓ, e), is at most {@code recoveryMaxLevel} (the
 *       highest level the operator accepts as a new normal; a device settled higher is still faulty
 *       and keeps its alert open, however long). The device settled somewhere short of its old
 *       baseline (a slow sensor left where the fault took it): that level becomes its baseline, μ += max(0, min(ℓ, e))·σ with e the
 *       severity EWMA (the recent level: ℓ lags), and S and ℓ restart at 0,
 *       so only a further change opens a new alert. Without it such a device keeps its alert open
 *       for as long as it stays at the new level.
 *   <li>Either way an alert resolves only while ℓ is at most {@code resolveMaxLevel} (default: no
 *       limit): a device whose scores stay above its baseline on average is still faulty, even while
 *       its single events fall back below the allowance k and the CUSUM drains.
 *   <li>The return rule ({@code returnHorizonMs} &gt; 0): within that much event time after a
 *       RESOLVED of an alert that lasted at least the recovery horizon (1/α events: a spike's alert is
 *       shorter, and the device's normal is not drawn into a fault that short) and whose lead sensor
 *       (the largest contribution to its opening event) stayed on one side of the device's normal
 *       ({@link #RETURN_MIN_ONE_SIDED}), an event that would open
 *       an alert, in which that sensor has at least {@link #RETURN_MIN_SHARE} of the contributions and
 *       deviates to the other side, opens nothing and S restarts at 0. It is the end of the resolved incident
 *       (a fault that outlasted its alert, the device's normal drawn towards it, then its return to
 *       the old level), not a new one. An opening led by another sensor, or by the same sensor on
 *       the same side, opens as usual.
 * </ul>
 * While open, the severity score is 1 − exp(−max(e, 0) / severityScale), e an EWMA (α = 0.2,
 * started at the opening z) of the unclipped z; each event adds max(z, 0) × its sensor
 * contributions to the episode's totals, from which the top sensors are ranked.
 *
 * <p>Events are taken in arrival order; event time is used only for the rate limit, the reopen gap
 * and timestamps. Non-finite scores are ignored.
 */
public final class CusumDetector {
    /**
     * A score above this (calibrated: a normal event exceeds it with probability e^-20, about 2e-9)
     * does not enter a device's CUSUM baseline. Such a score is an absurd reading still in the
     * device's window after its warm-up, or a fault already under way; in the baseline it would widen
     * the spread so far that a later fault could no longer open an alert.
     */
    public static final double BASELINE_MAX_SCORE = 20.0;


    /**
     * Return rule: the least share of an opening event's contributions the sensor that led the resolved
     * alert must have for the opening to count as that alert's end. Not the largest share: when a
     * fault ends, the device's other sensors, whose normal moved with it (load coherence), come back
     * too and may lead by a little.
     */
    static final double RETURN_MIN_SHARE = 0.25;

    /**
     * Return rule: only an alert whose lead sensor stayed on one side of the device's normal (its
     * contributions on the opening's side, less those on the other, at least this fraction of them
     * all) can have a return. A level shift or a missing peak is one-sided; a change of variance swings
     * both ways, and an opening after it on the other side is a new fault (a spike), not its end.
     */
    static final double RETURN_MIN_ONE_SIDED = 0.8;

    /** Smoothing factor of the severity EWMA. */
    static final double SEVERITY_EWMA_ALPHA = 0.2;

    private final AlertSettings settings;
    private final int sensorCount;

    public CusumDetector(AlertSettings settings, int sensorCount) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        if (sensorCount < 0) {
            throw new IllegalArgumentException("sensorCount must be >= 0, was " + sensorCount);
        }
        this.sensorCount = sensorCount;
    }

    /** Deterministic alert id, so consumers can detect duplicates. */
    public static String alertId(String deviceId, long openedAt) {
        return deviceId + "/" + openedAt;
    }

    public CusumState newState() {
        CusumState state = new CusumState();
        state.sensorContributionTotals = new double[sensorCount];
        return state;
    }

    /**
     * Feeds one scored (not warming-up) event.
     *
     * @param sensorContributions the event's per-sensor shares in feature order, or null
     * @return the alert record this event emits, or null when it emits none
     */
    public AlertStatus observe(CusumState state, long ts, double fusedScore, double[] sensorContributions) {
        return observe(state, ts, fusedScore, 0L, sensorContributions);
    }

    /**
     * As {@link #observe(CusumState, long, double, double[])} with the side of each sensor's deviation.
     *
     * @param belowNormalMask bit i set when sensor i read below the device's normal
     *     ({@link io.fleetanomaly.events.ScoredEvent#belowNormalMask}); only the return rule reads it
     */
    public AlertStatus observe(CusumState state, long ts, double fusedScore, long belowNormalMask,
            double[] sensorContributions) {
        if (!Double.isFinite(fusedScore)) {
            return null;
        }
        requireOnePerSensor(sensorContributions);
        return observeDeferred(state, ts, fusedScore, belowNormalMask, sensorContributions, Function.identity());
    }

    /**
     * As {@link #observe(CusumState, long, double, double[])}, asking for the event's contributions
     * only when they count: when the event opens or continues an alert with a positive z (see
     * {@link io.fleetanomaly.events.ScoredEvent#contributions()}). The same state and alerts.
     *
     * <p>The contributions are {@code contributionsOf.apply(source)}: with a function that captures
     * nothing (a method reference such as {@code ScoredEvent::contributions}) no object is allocated
     * per event, which matters on the job's and the tuning replay's per-event paths.
     *
     * @param source what the contributions are read from (e.g. the scored event)
     * @param contributionsOf gives the event's per-sensor shares in feature order, or null
     */
    public <S> AlertStatus observeDeferred(CusumState state, long ts, double fusedScore, S source,
            Function<? super S, double[]> contributionsOf) {
        return observeDeferred(state, ts, fusedScore, 0L, source, contributionsOf);
    }

    /**
     * As {@link #observeDeferred(CusumState, long, double, Object, Function)} with the side of each
     * sensor's deviation ({@code belowNormalMask}, see {@link #observe(CusumState, long, double, long, double[])}).
     */
    public <S> AlertStatus observeDeferred(CusumState state, long ts, double fusedScore, long belowNormalMask, S source,
            Function<? super S, double[]> contributionsOf) {
        if (!Double.isFinite(fusedScore)) {
            return null;
        }
        if (!baselineComplete(state)) {
            if (fusedScore <= BASELINE_MAX_SCORE) {
                addToBaseline(state, fusedScore);
            }
            return null;
        }
        double z = (fusedScore - state.baselineMean) / state.baselineStd;
        double step = Math.min(z, settings.clip()) - settings.k();
        state.cusum = Math.min(Math.max(0.0, state.cusum + step), settings.maxCusum());
        double alpha = settings.recoveryEwmaAlpha();
        state.levelEwma = alpha * z + (1.0 - alpha) * state.levelEwma;

        if (state.alertOpen) {
            return continueAlert(state, ts, fusedScore, z, belowNormalMask, source, contributionsOf);
        }
        if (state.cusum > settings.h() && ts >= state.reopenAllowedAt) {
            if (isReturn(state, ts, belowNormalMask, source, contributionsOf)) {
                state.cusum = 0.0;
                return null;
            }
            openAlert(state, ts, fusedScore, z, belowNormalMask, source, contributionsOf);
            return AlertStatus.OPEN;
        }
        return null;
    }

    /**
     * Closes the open alert of a device that fell silent (no event since long before {@code ts}):
     * the CUSUM restarts at 0, so a device that comes back still off opens a new alert only once its
     * scores accumulate again (and after the reopen gap).
     */
    public void resolveSilent(CusumState state, long ts) {
        if (!state.alertOpen) {
            throw new IllegalStateException("no alert is open");
        }
        state.cusum = 0.0;
        state.eventsBelowResetLevel = 0;
        resolve(state, ts, false);
    }

    public boolean baselineComplete(CusumState state) {
        return state.baselineCount >= settings.baselineEvents();
    }

    /** Severity score in [0, 1] of the open (or last) alert: 1 − exp(−max(e, 0) / severityScale). */
    public double severityScore(CusumState state) {
        return 1.0 - Math.exp(-Math.max(state.severityEwma, 0.0) / settings.severityScale());
    }

    public Severity severity(CusumState state) {
        return Severity.ofScore(severityScore(state));
    }

    public Severity peakSeverity(CusumState state) {
        return Severity.ofScore(state.peakSeverityScore);
    }

    /** Top sensors of the open (or last) alert. */
    public TopSensors topSensors(CusumState state) {
        return TopSensors.rank(state.sensorContributionTotals, settings.topSensors());
    }

    public AlertSettings settings() {
        return settings;
    }

    private void addToBaseline(CusumState state, double score) {
        state.baselineCount++;
        double delta = score - state.baselineMean;
        state.baselineMean += delta / state.baselineCount;
        state.baselineSumSquaredDeviations += delta * (score - state.baselineMean);
        if (baselineComplete(state)) {
            double sampleStd = Math.sqrt(state.baselineSumSquaredDeviations / (state.baselineCount - 1));
            state.baselineStd = Math.max(sampleStd, settings.minBaselineStd());
        }
    }

    /**
     * The return rule: within {@code returnHorizonMs} after the last RESOLVED, an opening in which the
     * sensor that led that alert's opening has a large share and deviates to the other side of the
     * device's normal.
     */
    private <S> boolean isReturn(CusumState state, long ts, long belowNormalMask, S source,
            Function<? super S, double[]> contributionsOf) {
        if (settings.returnHorizonMs() == 0L || state.openedLeadSensor < 0 || state.resolvedAt == Long.MIN_VALUE
                || ts - state.resolvedAt > settings.returnHorizonMs()
                || state.episodeEvents < settings.recoveryMinEvents()) {
            return false;
        }
        double[] contributions = contributionsOf.apply(source);
        if (contributions == null) {
            return false;
        }
        requireOnePerSensor(contributions);
        int lead = state.openedLeadSensor;
        boolean oneSided = state.openedLeadSideTotal >= RETURN_MIN_ONE_SIDED * state.sensorContributionTotals[lead];
        return oneSided && contributions[lead] >= RETURN_MIN_SHARE
                && isBelow(belowNormalMask, lead) != state.openedLeadBelow;
    }

    private static boolean isBelow(long belowNormalMask, int sensor) {
        return sensor < Long.SIZE && (belowNormalMask & (1L << sensor)) != 0L;
    }

    private <S> void openAlert(CusumState state, long ts, double fusedScore, double z, long belowNormalMask, S source,
            Function<? super S, double[]> contributionsOf) {
        state.alertOpen = true;
        state.openedAt = ts;
        state.severityEwma = z;
        state.peakScore = fusedScore;
        state.peakSeverityScore = severityScore(state);
        state.sensorContributionTotals = new double[sensorCount];
        state.openedLeadSideTotal = 0.0;
        accumulateContributions(state, z, source, contributionsOf);
        state.openedLeadSensor = TopSensors.topIndexOf(state.sensorContributionTotals);
        state.openedLeadBelow = state.openedLeadSensor >= 0 && isBelow(belowNormalMask, state.openedLeadSensor);
        if (state.openedLeadSensor >= 0) {
            state.openedLeadSideTotal = state.sensorContributionTotals[state.openedLeadSensor];
        }
        state.eventsBelowResetLevel = 0;
        state.episodeEvents = 1;
        state.episodePeakLevel = state.levelEwma;
        state.resolvedByRecovery = false;
        markEmitted(state, ts);
    }

    private <S> AlertStatus continueAlert(CusumState state, long ts, double fusedScore, double z, long belowNormalMask,
            S source, Function<? super S, double[]> contributionsOf) {
        state.severityEwma = SEVERITY_EWMA_ALPHA * z + (1.0 - SEVERITY_EWMA_ALPHA) * state.severityEwma;
        state.peakScore = Math.max(state.peakScore, fusedScore);
        state.peakSeverityScore = Math.max(state.peakSeverityScore, severityScore(state));
        int lead = state.openedLeadSensor;
        double leadBefore = lead >= 0 ? state.sensorContributionTotals[lead] : 0.0;
        accumulateContributions(state, z, source, contributionsOf);
        if (lead >= 0) {
            double added = state.sensorContributionTotals[lead] - leadBefore;
            state.openedLeadSideTotal += isBelow(belowNormalMask, lead) == state.openedLeadBelow ? added : -added;
        }

        state.episodeEvents++;
        state.episodePeakLevel = Math.max(state.episodePeakLevel, state.levelEwma);
        state.eventsBelowResetLevel = state.cusum < settings.resetLevel() ? state.eventsBelowResetLevel + 1 : 0;
        boolean levelBackInRange = state.levelEwma <= settings.resolveMaxLevel();
        if (levelBackInRange && state.eventsBelowResetLevel >= settings.resolveAfterEvents()) {
            resolve(state, ts, false);
            return AlertStatus.RESOLVED;
        }
        if (levelBackInRange && recovered(state)) {
            // The slow level lags: a device already back at its old baseline has a recent level
            // (the severity EWMA) near 0, and must not have its baseline raised.
            state.baselineMean += settledLevel(state) * state.baselineStd;
            state.cusum = 0.0;
            state.levelEwma = 0.0;
            resolve(state, ts, true);
            return AlertStatus.RESOLVED;
        }
        boolean intervalPassed = ts - state.lastEmittedAt >= settings.updateIntervalMs();
        if (intervalPassed && (severity(state).ordinal() != state.lastEmittedSeverityLevel
                || TopSensors.topIndexOf(state.sensorContributionTotals) != state.lastEmittedTopSensor)) {
            markEmitted(state, ts);
            return AlertStatus.UPDATE;
        }
        return null;
    }

    /**
     * The device settled: its level fell below recoveryFraction × its episode peak, and the level
     * it settled at is one the operator accepts as its new normal (at most recoveryMaxLevel).
     */
    private boolean recovered(CusumState state) {
        return settings.recoveryFraction() > 0
                && state.episodeEvents >= settings.recoveryMinEvents()
                && state.episodePeakLevel > 0
                && state.levelEwma < settings.recoveryFraction() * state.episodePeakLevel
                && settledLevel(state) <= settings.recoveryMaxLevel();
    }

    /** The level a device settled at: the slow level ℓ, or the recent level e when lower (ℓ lags). */
    private static double settledLevel(CusumState state) {
        return Math.max(0.0, Math.min(state.levelEwma, state.severityEwma));
    }

    private void resolve(CusumState state, long ts, boolean byRecovery) {
        state.alertOpen = false;
        state.resolvedByRecovery = byRecovery;
        state.resolvedAt = ts;
        state.reopenAllowedAt = saturatedAdd(ts, settings.minReopenGapMs());
    }

    private <S> void accumulateContributions(CusumState state, double z, S source, Function<? super S, double[]> contributionsOf) {
        if (z <= 0.0) {
            return;
        }
        double[] contributions = contributionsOf.apply(source);
        if (contributions == null) {
            return;
        }
        requireOnePerSensor(contributions);
        for (int i = 0; i < sensorCount; i++) {
            state.sensorContributionTotals[i] += z * contributions[i];
        }
    }

    private void requireOnePerSensor(double[] contributions) {
        if (contributions != null && contributions.length != sensorCount) {
            throw new IllegalArgumentException("event has " + contributions.length
                    + " sensor contributions, the alerting expects " + sensorCount + " (one per feature)");
        }
    }

    private void markEmitted(CusumState state, long ts) {
        state.lastEmittedAt = ts;
        state.lastEmittedSeverityLevel = severity(state).ordinal();
        state.lastEmittedTopSensor = TopSensors.topIndexOf(state.sensorContributionTotals);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}

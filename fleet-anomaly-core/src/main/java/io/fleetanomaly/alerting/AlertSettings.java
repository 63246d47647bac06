package io.fleetanomaly.alerting;

import java.io.Serializable;

/**
 * Parameters of the per-device CUSUM and the alert lifecycle, validated once, when constructed
 * (a bad value throws {@link IllegalArgumentException} naming the field). Build with
 * {@link #builder()}; the manifest and config keys are the snake_case names of the components
 * ({@code io.fleetanomaly.bundle.AlertingParameters}).
 *
 * <p>{@code k}, {@code h}, {@code clip}, {@code maxCusum} and {@code resetLevel} are in units of
 * the device's baseline standard deviation σ (the CUSUM runs on z = (score − μ) / σ).
 *
 * @param k allowance subtracted from each standardised score
 * @param h decision interval: an alert opens when the CUSUM exceeds it
 * @param clip cap on one event's standardised score before it enters the CUSUM
 * @param maxCusum cap on the CUSUM, so it falls back below the reset level soon after the anomaly
 *     ends (default 3·h)
 * @param maxCusumFollowsH true when maxCusum was not set and is 3·h: a builder from these settings
 *     keeps deriving it from its h; not a parameter (ignored by equals)
 * @param resetLevel an open alert resolves once the CUSUM stays below this level long enough
 * @param resolveAfterEvents consecutive events below resetLevel needed to resolve
 * @param baselineEvents scored events per device used for its baseline mean and standard deviation
 * @param minBaselineStd floor on the baseline standard deviation
 * @param updateIntervalMs minimum event time between two emitted records of one open alert
 * @param minReopenGapMs minimum event time after a RESOLVED before the same device can open again
 * @param topSensors how many sensors an alert names
 * @param severityScale severity score = 1 − exp(−e / severityScale), e the smoothed standardised score
 * @param recoveryFraction recovery: an open alert also resolves once the device's level (an EWMA of
 *     z) has fallen below this fraction of its peak during the episode, and the level it settled at
 *     becomes its new baseline; 0 turns recovery off
 * @param recoveryEwmaAlpha smoothing factor α of the level EWMA used for recovery; the episode must
 *     last at least 1/α events first
 * @param recoveryMaxLevel the highest level, in baseline σ of the fused score, the operator accepts
 *     as a device's new normal: recovery closes an alert only when the device settled at or below
 *     it; a device settled higher is still faulty and its alert stays open. Infinity (the default):
 *     any settled level is accepted
 * @param resolveMaxLevel the highest level ℓ (the EWMA of z recovery uses, in baseline σ of the fused
 *     score) at which an open alert may resolve, by the CUSUM's hysteresis or by recovery: a device
 *     whose scores are still above its baseline on average is still faulty, even while single events
 *     fall back inside the normal range. Infinity (the default): no such condition
 * @param returnHorizonMs the return rule: for this much event time after a RESOLVED, an opening led by
 *     the sensor that led the resolved alert's opening and deviating the other way (back towards the
 *     level before that alert) is the end of the same incident, not a new one, and opens nothing;
 *     0 (the default) turns the rule off (docs/alerting.md, "The return after a fault")
 */
public record AlertSettings(
        double k,
        double h,
        double clip,
        double maxCusum,
        boolean maxCusumFollowsH,
        double resetLevel,
        int resolveAfterEvents,
        int baselineEvents,
        double minBaselineStd,
        long updateIntervalMs,
        long minReopenGapMs,
        int topSensors,
        double severityScale,
        double recoveryFraction,
        double recoveryEwmaAlpha,
        double recoveryMaxLevel,
        double resolveMaxLevel,
        long returnHorizonMs)
        implements Serializable {

    /** The one place the parameters are checked, each alone and against the others. */
    public AlertSettings {
        requireFinite("k", k);
        requireFinite("h", h);
        requireFinite("clip", clip);
        requireFinite("maxCusum", maxCusum);
        requireFinite("resetLevel", resetLevel);
        requireFinite("minBaselineStd", minBaselineStd);
        requireFinite("severityScale", severityScale);
        requireFinite("recoveryFraction", recoveryFraction);
        requireFinite("recoveryEwmaAlpha", recoveryEwmaAlpha);
        require(k >= 0, "k", k, "must be >= 0");
        require(h > 0, "h", h, "must be > 0");
        require(clip > k, "clip", clip, "must be > k (" + k + "), otherwise the CUSUM can never grow");
        require(maxCusum > h, "maxCusum", maxCusum, "must be > h (" + h + "), otherwise no alert can open");
        require(resetLevel > 0 && resetLevel < h, "resetLevel", resetLevel,
                "must be > 0 and < h (" + h + ") for hysteresis");
        require(resolveAfterEvents >= 1, "resolveAfterEvents", resolveAfterEvents, "must be >= 1");
        require(baselineEvents >= 2, "baselineEvents", baselineEvents, "must be >= 2 to estimate a standard deviation");
        require(minBaselineStd > 0, "minBaselineStd", minBaselineStd, "must be > 0");
        require(updateIntervalMs >= 0, "updateIntervalMs", updateIntervalMs, "must be >= 0");
        require(minReopenGapMs >= 0, "minReopenGapMs", minReopenGapMs, "must be >= 0");
        require(topSensors >= 1, "topSensors", topSensors, "must be >= 1");
        require(severityScale > 0, "severityScale", severityScale, "must be > 0");
        require(recoveryFraction >= 0 && recoveryFraction < 1, "recoveryFraction", recoveryFraction,
                "must be >= 0 (0 = off) and < 1");
        require(recoveryEwmaAlpha > 0 && recoveryEwmaAlpha <= 1, "recoveryEwmaAlpha", recoveryEwmaAlpha,
                "must be > 0 and <= 1");
        require(recoveryMaxLevel >= 0, "recoveryMaxLevel", recoveryMaxLevel,
                "must be >= 0 (infinity, the default: any settled level is accepted)");
        require(resolveMaxLevel >= 0, "resolveMaxLevel", resolveMaxLevel,
                "must be >= 0 (infinity, the default: alerts resolve whatever the level)");
        require(returnHorizonMs >= 0, "returnHorizonMs", returnHorizonMs, "must be >= 0 (0, the default: no return rule)");
    }

    /**
     * Default of {@link #recoveryMaxLevel}: no limit, any settled level is accepted (the best event
     * precision on the simulated industrial and telemetry fleets; docs/alerting.md#recovery).
     */
    public static final double DEFAULT_RECOVERY_MAX_LEVEL = Double.POSITIVE_INFINITY;

    /**
     * Default of {@link #resolveMaxLevel}: no condition on the level, alerts resolve as before (set per
     * bundle: the process bundle's value is in its manifest, docs/alerting.md#resolving).
     */
    public static final double DEFAULT_RESOLVE_MAX_LEVEL = Double.POSITIVE_INFINITY;

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults. */
    public static AlertSettings defaults() {
        return builder().build();
    }

    /** A builder starting from these settings; a maxCusum derived from h stays derived from the new h. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.k = k;
        b.h = h;
        b.clip = clip;
        b.maxCusum = maxCusumFollowsH ? Double.NaN : maxCusum;
        b.resetLevel = resetLevel;
        b.resolveAfterEvents = resolveAfterEvents;
        b.baselineEvents = baselineEvents;
        b.minBaselineStd = minBaselineStd;
        b.updateIntervalMs = updateIntervalMs;
        b.minReopenGapMs = minReopenGapMs;
        b.topSensors = topSensors;
        b.severityScale = severityScale;
        b.recoveryFraction = recoveryFraction;
        b.recoveryEwmaAlpha = recoveryEwmaAlpha;
        b.recoveryMaxLevel = recoveryMaxLevel;
        b.resolveMaxLevel = resolveMaxLevel;
        b.returnHorizonMs = returnHorizonMs;
        return b;
    }

    /** Events an episode must last before it can resolve by recovery: the level EWMA's time constant, 1/α. */
    public int recoveryMinEvents() {
        return (int) Math.ceil(1.0 / recoveryEwmaAlpha);
    }

    /**
     * Equal when every parameter in effect is equal: a maxCusum derived from h equals the same
     * value set explicitly (e.g. after a round trip through a bundle manifest).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof AlertSettings other && parameters().equals(other.parameters());
    }

    @Override
    public int hashCode() {
        return parameters().hashCode();
    }

    private java.util.List<Number> parameters() {
        return java.util.List.of(k, h, clip, maxCusum, resetLevel, resolveAfterEvents, baselineEvents, minBaselineStd,
                updateIntervalMs, minReopenGapMs, topSensors, severityScale, recoveryFraction, recoveryEwmaAlpha, recoveryMaxLevel,
                resolveMaxLevel, returnHorizonMs);
    }

    private static void requireFinite(String field, double value) {
        require(Double.isFinite(value), field, value, "must be a finite number");
    }

    private static void require(boolean valid, String field, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException("AlertSettings." + field + " = " + value + ": " + rule);
        }
    }

    /** Builder with the documented defaults; {@link #build()} validates. */
    public static final class Builder {
        private double k = 0.5;
        private double h = 5.0;
        private double clip = 4.0;
        /** NaN: not set, becomes 3·h. */
        private double maxCusum = Double.NaN;
        private double resetLevel = 1.0;
        private int resolveAfterEvents = 10;
        private int baselineEvents = 50;
        private double minBaselineStd = 0.3;
        private long updateIntervalMs = 60_000L;
        private long minReopenGapMs = 300_000L;
        private int topSensors = 3;
        private double severityScale = 4.0;
        /** 0 (the default) turns recovery off. */
        private double recoveryFraction = 0.0;
        private double recoveryEwmaAlpha = 0.03;
        private double recoveryMaxLevel = DEFAULT_RECOVERY_MAX_LEVEL;
        private double resolveMaxLevel = DEFAULT_RESOLVE_MAX_LEVEL;
        /** 0 (the default) turns the return rule off. */
        private long returnHorizonMs = 0L;

        private Builder() {}

        public Builder k(double value) { k = value; return this; }

        public Builder h(double value) { h = value; return this; }

        public Builder clip(double value) { clip = value; return this; }

        /** Default: 3·h. NaN restores the default. */
        public Builder maxCusum(double value) { maxCusum = value; return this; }

        public Builder resetLevel(double value) { resetLevel = value; return this; }

        public Builder resolveAfterEvents(int value) { resolveAfterEvents = value; return this; }

        public Builder baselineEvents(int value) { baselineEvents = value; return this; }

        public Builder minBaselineStd(double value) { minBaselineStd = value; return this; }

        public Builder updateIntervalMs(long value) { updateIntervalMs = value; return this; }

        public Builder minReopenGapMs(long value) { minReopenGapMs = value; return this; }

        public Builder topSensors(int value) { topSensors = value; return this; }

        public Builder severityScale(double value) { severityScale = value; return this; }

        public Builder recoveryFraction(double value) { recoveryFraction = value; return this; }

        public Builder recoveryEwmaAlpha(double value) { recoveryEwmaAlpha = value; return this; }

        public Builder recoveryMaxLevel(double value) { recoveryMaxLevel = value; return this; }

        public Builder resolveMaxLevel(double value) { resolveMaxLevel = value; return this; }

        public Builder returnHorizonMs(long value) { returnHorizonMs = value; return this; }

        /** @throws IllegalArgumentException naming the first bad field */
        public AlertSettings build() {
            boolean followsH = Double.isNaN(maxCusum);
            return new AlertSettings(k, h, clip, followsH ? 3.0 * h : maxCusum, followsH, resetLevel,
                    resolveAfterEvents, baselineEvents, minBaselineStd, updateIntervalMs, minReopenGapMs, topSensors,
                    severityScale, recoveryFraction, recoveryEwmaAlpha, recoveryMaxLevel, resolveMaxLevel,
                    returnHorizonMs);
        }
    }
}

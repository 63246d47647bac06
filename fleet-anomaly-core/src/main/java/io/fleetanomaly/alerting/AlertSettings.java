package io.fleetanomaly.alerting;

import java.io.Serializable;

/**
 * Parameters of the per-device CUSUM and the alert lifecycle. Immutable; build with {@link #builder()}.
 *
 * <p>{@code k}, {@code h}, {@code clip}, {@code maxCusum} and {@code resetLevel} are in units of
 * the device's baseline standard deviation σ (the CUSUM runs on z = (score − μ) / σ).
 */
public final class AlertSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double k;
    private final double h;
    private final double clip;
    private final double maxCusum;
    /** False when maxCusum was derived from h, so a builder from these settings keeps deriving it. */
    private final boolean maxCusumExplicit;
    private final double resetLevel;
    private final int resolveAfterEvents;
    private final int baselineEvents;
    private final double minBaselineStd;
    private final long updateIntervalMs;
    private final long minReopenGapMs;
    private final int topSensors;
    private final double severityScale;
    private final double recoveryFraction;
    private final double recoveryEwmaAlpha;

    private AlertSettings(Builder b) {
        this.k = b.k;
        this.h = b.h;
        this.clip = b.clip;
        this.maxCusumExplicit = !Double.isNaN(b.maxCusum);
        this.maxCusum = maxCusumExplicit ? b.maxCusum : 3.0 * b.h;
        this.resetLevel = b.resetLevel;
        this.resolveAfterEvents = b.resolveAfterEvents;
        this.baselineEvents = b.baselineEvents;
        this.minBaselineStd = b.minBaselineStd;
        this.updateIntervalMs = b.updateIntervalMs;
        this.minReopenGapMs = b.minReopenGapMs;
        this.topSensors = b.topSensors;
        this.severityScale = b.severityScale;
        this.recoveryFraction = b.recoveryFraction;
        this.recoveryEwmaAlpha = b.recoveryEwmaAlpha;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults. */
    public static AlertSettings defaults() {
        return builder().build();
    }

    /** A builder starting from these settings; a maxCusum derived from h stays derived from the new h. */
    public Builder toBuilder() {
        return new Builder()
                .k(k)
                .h(h)
                .clip(clip)
                .maxCusum(maxCusumExplicit ? maxCusum : Double.NaN)
                .resetLevel(resetLevel)
                .resolveAfterEvents(resolveAfterEvents)
                .baselineEvents(baselineEvents)
                .minBaselineStd(minBaselineStd)
                .updateIntervalMs(updateIntervalMs)
                .minReopenGapMs(minReopenGapMs)
                .topSensors(topSensors)
                .severityScale(severityScale)
                .recoveryFraction(recoveryFraction)
                .recoveryEwmaAlpha(recoveryEwmaAlpha);
    }

    /**
     * Checks every parameter and its relation to the others.
     *
     * @throws IllegalArgumentException naming the first bad field
     */
    public void validate() {
        requireFinite("k", k);
        requireFinite("h", h);
        requireFinite("clip", clip);
        requireFinite("maxCusum", maxCusum);
        requireFinite("resetLevel", resetLevel);
        requireFinite("minBaselineStd", minBaselineStd);
        requireFinite("severityScale", severityScale);
        requireFinite("recoveryFraction", recoveryFraction);
        requireFinite("recoveryEwmaAlpha", recoveryEwmaAlpha);
        if (k < 0) {
            throw invalid("k", k, "must be >= 0");
        }
        if (h <= 0) {
            throw invalid("h", h, "must be > 0");
        }
        if (clip <= k) {
            throw invalid("clip", clip, "must be > k (" + k + "), otherwise the CUSUM can never grow");
        }
        if (maxCusum <= h) {
            throw invalid("maxCusum", maxCusum, "must be > h (" + h + "), otherwise no alert can open");
        }
        if (resetLevel <= 0 || resetLevel >= h) {
            throw invalid("resetLevel", resetLevel, "must be > 0 and < h (" + h + ") for hysteresis");
        }
        if (resolveAfterEvents < 1) {
            throw invalid("resolveAfterEvents", resolveAfterEvents, "must be >= 1");
        }
        if (baselineEvents < 2) {
            throw invalid("baselineEvents", baselineEvents, "must be >= 2 to estimate a standard deviation");
        }
        if (minBaselineStd <= 0) {
            throw invalid("minBaselineStd", minBaselineStd, "must be > 0");
        }
        if (updateIntervalMs < 0) {
            throw invalid("updateIntervalMs", updateIntervalMs, "must be >= 0");
        }
        if (minReopenGapMs < 0) {
            throw invalid("minReopenGapMs", minReopenGapMs, "must be >= 0");
        }
        if (topSensors < 1) {
            throw invalid("topSensors", topSensors, "must be >= 1");
        }
        if (severityScale <= 0) {
            throw invalid("severityScale", severityScale, "must be > 0");
        }
        if (recoveryFraction < 0 || recoveryFraction >= 1) {
            throw invalid("recoveryFraction", recoveryFraction, "must be >= 0 (0 = off) and < 1");
        }
        if (recoveryEwmaAlpha <= 0 || recoveryEwmaAlpha > 1) {
            throw invalid("recoveryEwmaAlpha", recoveryEwmaAlpha, "must be > 0 and <= 1");
        }
    }

    private static void requireFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw invalid(field, value, "must be a finite number");
        }
    }

    private static IllegalArgumentException invalid(String field, Object value, String rule) {
        return new IllegalArgumentException("AlertSettings." + field + " = " + value + ": " + rule);
    }

    /** Allowance subtracted from each standardised score. */
    public double k() {
        return k;
    }

    /** Decision interval: an alert opens when the CUSUM exceeds it. */
    public double h() {
        return h;
    }

    /** Cap on one event's standardised score before it enters the CUSUM. */
    public double clip() {
        return clip;
    }

    /** Cap on the CUSUM, so it falls back below the reset level soon after the anomaly ends. */
    public double maxCusum() {
        return maxCusum;
    }

    /** An open alert resolves once the CUSUM stays below this level long enough. */
    public double resetLevel() {
        return resetLevel;
    }

    /** Consecutive events below {@link #resetLevel()} needed to resolve. */
    public int resolveAfterEvents() {
        return resolveAfterEvents;
    }

    /** Scored events per device used for its baseline mean and standard deviation. */
    public int baselineEvents() {
        return baselineEvents;
    }

    /** Floor on the baseline standard deviation. */
    public double minBaselineStd() {
        return minBaselineStd;
    }

    /** Minimum event time between two emitted records of one open alert (OPEN/UPDATE). */
    public long updateIntervalMs() {
        return updateIntervalMs;
    }

    /** Minimum event time after a RESOLVED before the same device can open again. */
    public long minReopenGapMs() {
        return minReopenGapMs;
    }

    /** How many sensors an alert names. */
    public int topSensors() {
        return topSensors;
    }

    /** Severity score = 1 − exp(−e / severityScale), e the smoothed standardised score. */
    public double severityScale() {
        return severityScale;
    }

    /**
     * Recovery: an open alert also resolves once the device's level (an EWMA of z) has fallen
     * below this fraction of its peak during the episode, and the level it settled at becomes its
     * new baseline. 0 turns recovery off: an alert then resolves only when the CUSUM falls back.
     */
    public double recoveryFraction() {
        return recoveryFraction;
    }

    /** Smoothing factor α of the level EWMA used for recovery; the episode must last at least 1/α events first. */
    public double recoveryEwmaAlpha() {
        return recoveryEwmaAlpha;
    }

    /** Events an episode must last before it can resolve by recovery: the level EWMA's time constant, 1/α. */
    public int recoveryMinEvents() {
        return (int) Math.ceil(1.0 / recoveryEwmaAlpha);
    }

    /**
     * Equal when every parameter in effect is equal (a maxCusum derived from h equals the same
     * value set explicitly, e.g. after a round trip through a bundle manifest).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AlertSettings other)) {
            return false;
        }
        return Double.compare(k, other.k) == 0
                && Double.compare(h, other.h) == 0
                && Double.compare(clip, other.clip) == 0
                && Double.compare(maxCusum, other.maxCusum) == 0
                && Double.compare(resetLevel, other.resetLevel) == 0
                && resolveAfterEvents == other.resolveAfterEvents
                && baselineEvents == other.baselineEvents
                && Double.compare(minBaselineStd, other.minBaselineStd) == 0
                && updateIntervalMs == other.updateIntervalMs
                && minReopenGapMs == other.minReopenGapMs
                && topSensors == other.topSensors
                && Double.compare(severityScale, other.severityScale) == 0
                && Double.compare(recoveryFraction, other.recoveryFraction) == 0
                && Double.compare(recoveryEwmaAlpha, other.recoveryEwmaAlpha) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(k, h, clip, maxCusum, resetLevel, resolveAfterEvents, baselineEvents,
                minBaselineStd, updateIntervalMs, minReopenGapMs, topSensors, severityScale, recoveryFraction,
                recoveryEwmaAlpha);
    }

    @Override
    public String toString() {
        return "AlertSettings{k=" + k + ", h=" + h + ", clip=" + clip + ", maxCusum=" + maxCusum
                + ", resetLevel=" + resetLevel + ", resolveAfterEvents=" + resolveAfterEvents
                + ", baselineEvents=" + baselineEvents + ", minBaselineStd=" + minBaselineStd
                + ", updateIntervalMs=" + updateIntervalMs + ", minReopenGapMs=" + minReopenGapMs
                + ", topSensors=" + topSensors + ", severityScale=" + severityScale
                + ", recoveryFraction=" + recoveryFraction + ", recoveryEwmaAlpha=" + recoveryEwmaAlpha + "}";
    }

    /** Builder with the documented defaults. */
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
        private double recoveryFraction = 0.0;
        private double recoveryEwmaAlpha = 0.03;

        private Builder() {}

        /** 0 (the default) turns recovery off. */
        public Builder recoveryFraction(double value) {
            this.recoveryFraction = value;
            return this;
        }

        public Builder recoveryEwmaAlpha(double value) {
            this.recoveryEwmaAlpha = value;
            return this;
        }

        public Builder k(double value) {
            this.k = value;
            return this;
        }

        public Builder h(double value) {
            this.h = value;
            return this;
        }

        public Builder clip(double value) {
            this.clip = value;
            return this;
        }

        /** Default: 3·h. NaN restores the default. */
        public Builder maxCusum(double value) {
            this.maxCusum = value;
            return this;
        }

        public Builder resetLevel(double value) {
            this.resetLevel = value;
            return this;
        }

        public Builder resolveAfterEvents(int value) {
            this.resolveAfterEvents = value;
            return this;
        }

        public Builder baselineEvents(int value) {
            this.baselineEvents = value;
            return this;
        }

        public Builder minBaselineStd(double value) {
            this.minBaselineStd = value;
            return this;
        }

        public Builder updateIntervalMs(long value) {
            this.updateIntervalMs = value;
            return this;
        }

        public Builder minReopenGapMs(long value) {
            this.minReopenGapMs = value;
            return this;
        }

        public Builder topSensors(int value) {
            this.topSensors = value;
            return this;
        }

        public Builder severityScale(double value) {
            this.severityScale = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad field */
        public AlertSettings build() {
            AlertSettings settings = new AlertSettings(this);
            settings.validate();
            return settings;
        }
    }
}

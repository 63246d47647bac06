package io.fleetanomaly.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetanomaly.alerting.AlertSettings;
import java.io.Serializable;

/**
 * CUSUM and alert lifecycle parameters as they appear in a bundle manifest ({@code alerting}), in
 * the job configuration and in control messages (overrides). A null field keeps the value
 * underneath it. Also a Flink POJO (control state).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertingParameters implements Serializable {
    private static final long serialVersionUID = 1L;

    public Double k;
    public Double h;
    public Double clip;
    public Double maxCusum;
    public Double resetLevel;
    public Integer resolveAfterEvents;
    public Integer baselineEvents;
    public Double minBaselineStd;
    public Long updateIntervalMs;
    public Long minReopenGapMs;
    public Integer topSensors;
    public Double severityScale;
    public Double recoveryFraction;
    public Double recoveryEwmaAlpha;
    public Double recoveryMaxLevel;
    public Double resolveMaxLevel;
    public Long returnHorizonMs;

    /** {@code base} with the parameters set here replacing its values; validated. */
    public AlertSettings applyTo(AlertSettings base) {
        AlertSettings.Builder b = base.toBuilder();
        if (k != null) b.k(k);
        if (h != null) b.h(h);
        if (clip != null) b.clip(clip);
        if (maxCusum != null) b.maxCusum(maxCusum);
        if (resetLevel != null) b.resetLevel(resetLevel);
        if (resolveAfterEvents != null) b.resolveAfterEvents(resolveAfterEvents);
        if (baselineEvents != null) b.baselineEvents(baselineEvents);
        if (minBaselineStd != null) b.minBaselineStd(minBaselineStd);
        if (updateIntervalMs != null) b.updateIntervalMs(updateIntervalMs);
        if (minReopenGapMs != null) b.minReopenGapMs(minReopenGapMs);
        if (topSensors != null) b.topSensors(topSensors);
        if (severityScale != null) b.severityScale(severityScale);
        if (recoveryFraction != null) b.recoveryFraction(recoveryFraction);
        if (recoveryEwmaAlpha != null) b.recoveryEwmaAlpha(recoveryEwmaAlpha);
        if (recoveryMaxLevel != null) b.recoveryMaxLevel(recoveryMaxLevel);
        if (resolveMaxLevel != null) b.resolveMaxLevel(resolveMaxLevel);
        if (returnHorizonMs != null) b.returnHorizonMs(returnHorizonMs);
        return b.build();
    }

    /** Whether no parameter is set (the values underneath all stay). */
    @JsonIgnore
    public boolean isEmpty() {
        return k == null && h == null && clip == null && maxCusum == null && resetLevel == null
                && resolveAfterEvents == null && baselineEvents == null && minBaselineStd == null
                && updateIntervalMs == null && minReopenGapMs == null && topSensors == null && severityScale == null
                && recoveryFraction == null && recoveryEwmaAlpha == null && recoveryMaxLevel == null
                && resolveMaxLevel == null && returnHorizonMs == null;
    }

    /** A copy with the parameters {@code other} sets replacing these (others keep their values here). */
    public AlertingParameters overriddenBy(AlertingParameters other) {
        AlertingParameters p = new AlertingParameters();
        p.k = other.k != null ? other.k : k;
        p.h = other.h != null ? other.h : h;
        p.clip = other.clip != null ? other.clip : clip;
        p.maxCusum = other.maxCusum != null ? other.maxCusum : maxCusum;
        p.resetLevel = other.resetLevel != null ? other.resetLevel : resetLevel;
        p.resolveAfterEvents = other.resolveAfterEvents != null ? other.resolveAfterEvents : resolveAfterEvents;
        p.baselineEvents = other.baselineEvents != null ? other.baselineEvents : baselineEvents;
        p.minBaselineStd = other.minBaselineStd != null ? other.minBaselineStd : minBaselineStd;
        p.updateIntervalMs = other.updateIntervalMs != null ? other.updateIntervalMs : updateIntervalMs;
        p.minReopenGapMs = other.minReopenGapMs != null ? other.minReopenGapMs : minReopenGapMs;
        p.topSensors = other.topSensors != null ? other.topSensors : topSensors;
        p.severityScale = other.severityScale != null ? other.severityScale : severityScale;
        p.recoveryFraction = other.recoveryFraction != null ? other.recoveryFraction : recoveryFraction;
        p.recoveryEwmaAlpha = other.recoveryEwmaAlpha != null ? other.recoveryEwmaAlpha : recoveryEwmaAlpha;
        p.recoveryMaxLevel = other.recoveryMaxLevel != null ? other.recoveryMaxLevel : recoveryMaxLevel;
        p.resolveMaxLevel = other.resolveMaxLevel != null ? other.resolveMaxLevel : resolveMaxLevel;
        p.returnHorizonMs = other.returnHorizonMs != null ? other.returnHorizonMs : returnHorizonMs;
        return p;
    }

    /**
     * All parameters of {@code settings} except a max_cusum it derives from h, which stays unset:
     * {@code asBase(s).applyTo(defaults)} equals {@code s}, and still derives max_cusum from an h
     * laid over it.
     */
    public static AlertingParameters asBase(AlertSettings settings) {
        AlertingParameters p = of(settings);
        if (settings.maxCusumFollowsH()) {
            p.maxCusum = null;
        }
        return p;
    }

    /** All parameters of {@code settings}, for writing a manifest. */
    public static AlertingParameters of(AlertSettings settings) {
        AlertingParameters p = new AlertingParameters();
        p.k = settings.k();
        p.h = settings.h();
        p.clip = settings.clip();
        p.maxCusum = settings.maxCusum();
        p.resetLevel = settings.resetLevel();
        p.resolveAfterEvents = settings.resolveAfterEvents();
        p.baselineEvents = settings.baselineEvents();
        p.minBaselineStd = settings.minBaselineStd();
        p.updateIntervalMs = settings.updateIntervalMs();
        p.minReopenGapMs = settings.minReopenGapMs();
        p.topSensors = settings.topSensors();
        p.severityScale = settings.severityScale();
        p.recoveryFraction = settings.recoveryFraction();
        p.recoveryEwmaAlpha = settings.recoveryEwmaAlpha();
        // no limit (the default) is left out: JSON has no infinity
        p.recoveryMaxLevel = Double.isInfinite(settings.recoveryMaxLevel()) ? null : settings.recoveryMaxLevel();
        p.resolveMaxLevel = Double.isInfinite(settings.resolveMaxLevel()) ? null : settings.resolveMaxLevel();
        // off (the default) is left out: manifests of bundles without the rule stay as they were
        p.returnHorizonMs = settings.returnHorizonMs() == 0L ? null : settings.returnHorizonMs();
        return p;
    }
}

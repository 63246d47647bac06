package io.fleetanomaly.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetanomaly.alerting.AlertSettings;

/**
 * CUSUM and alert lifecycle parameters as they appear in a bundle manifest ({@code alerting}) and
 * in the job configuration (overrides). A null field keeps the value underneath it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertingParameters {
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
        return b.build();
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
        return p;
    }
}

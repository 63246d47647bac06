package io.fleetanomaly.control;

import io.fleetanomaly.bundle.AlertingParameters;

/**
 * The alerting overrides in force for one device-id prefix ("" = the whole fleet), as control state
 * keeps them (a Flink POJO). See {@link AlertingOverrides}.
 */
public class AlertingOverride {
    public String devicePrefix;
    public AlertingParameters alerting;

    public AlertingOverride() {}

    public AlertingOverride(String devicePrefix, AlertingParameters alerting) {
        this.devicePrefix = devicePrefix;
        this.alerting = alerting;
    }
}

package io.fleetanomaly.control;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.bundle.AlertingParameters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerting overrides set through the control stream, each for a device-id prefix ("" = the
 * whole fleet). A device's settings are the bundle's (with the job configuration's {@code alerting}
 * overrides), then every override whose prefix begins its id, from the shortest prefix to the
 * longest: for each parameter, the longest matching prefix that sets it wins. A control message
 * replaces the overrides of its prefix; one that sets no parameter removes them. Immutable.
 */
public final class AlertingOverrides {
    /** More prefixes than this is a mistake (one per device belongs in a bundle, not here). */
    public static final int MAX_PREFIXES = 256;
    private static final AlertingOverrides NONE = new AlertingOverrides(new TreeMap<>());

    /** Prefix → its parameters; never holds an empty set of parameters. */
    private final TreeMap<String, AlertingParameters> byPrefix;
    /** The prefixes, longest first, for the lookup of a device's most specific prefix. */
    private final List<String> longestFirst;

    private AlertingOverrides(TreeMap<String, AlertingParameters> byPrefix) {
        this.byPrefix = byPrefix;
        this.longestFirst = new ArrayList<>(byPrefix.keySet());
        longestFirst.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    }

    public static AlertingOverrides none() {
        return NONE;
    }

    /** The overrides as control state keeps them (null or empty: none). */
    public static AlertingOverrides fromState(AlertingOverride[] state) {
        if (state == null || state.length == 0) {
            return NONE;
        }
        TreeMap<String, AlertingParameters> byPrefix = new TreeMap<>();
        for (AlertingOverride o : state) {
            if (o.alerting != null && !o.alerting.isEmpty()) {
                byPrefix.put(o.devicePrefix == null ? "" : o.devicePrefix, o.alerting);
            }
        }
        return new AlertingOverrides(byPrefix);
    }

    /** The overrides as control state keeps them, prefixes in order. */
    public AlertingOverride[] toState() {
        return byPrefix.entrySet().stream()
                .map(e -> new AlertingOverride(e.getKey(), e.getValue()))
                .toArray(AlertingOverride[]::new);
    }

    /**
     * These overrides with the prefix's replaced by {@code alerting} (removed when it sets nothing).
     *
     * @throws ControlRefusedException INVALID_OVERRIDE beyond {@link #MAX_PREFIXES} prefixes
     */
    public AlertingOverrides with(String devicePrefix, AlertingParameters alerting) {
        TreeMap<String, AlertingParameters> next = new TreeMap<>(byPrefix);
        if (alerting == null || alerting.isEmpty()) {
            next.remove(devicePrefix);
        } else {
            next.put(devicePrefix, alerting);
        }
        if (next.size() > MAX_PREFIXES) {
            throw new ControlRefusedException(ControlRefusal.INVALID_OVERRIDE, "at most " + MAX_PREFIXES
                    + " device prefixes may have overrides; clear some first");
        }
        return new AlertingOverrides(next);
    }

    public boolean isEmpty() {
        return byPrefix.isEmpty();
    }

    /**
     * The longest prefix with overrides that begins {@code deviceId}, or null when none does (the
     * device runs with the bundle's settings). Devices with the same most specific prefix have the
     * same settings: {@link #settingsByPrefix} holds them.
     */
    public String mostSpecificPrefix(String deviceId) {
        for (String prefix : longestFirst) {
            if (deviceId.startsWith(prefix)) {
                return prefix;
            }
        }
        return null;
    }

    /**
     * The settings of the devices under each prefix with overrides: {@code base} with the
     * overrides of every prefix of that prefix applied, shortest first.
     *
     * @throws ControlRefusedException INVALID_OVERRIDE naming the prefix whose settings are not valid
     */
    public Map<String, AlertSettings> settingsByPrefix(AlertSettings base) {
        Map<String, AlertSettings> settings = new TreeMap<>();
        for (String prefix : byPrefix.keySet()) {
            AlertingParameters layered = new AlertingParameters();
            for (Map.Entry<String, AlertingParameters> e : byPrefix.entrySet()) {
                if (prefix.startsWith(e.getKey())) { // ascending order: shorter prefixes come first
                    layered = layered.overriddenBy(e.getValue());
                }
            }
            try {
                settings.put(prefix, layered.applyTo(base));
            } catch (IllegalArgumentException e) {
                throw new ControlRefusedException(ControlRefusal.INVALID_OVERRIDE, "alerting overrides for "
                        + describe(prefix) + " give invalid settings: " + e.getMessage());
            }
        }
        return settings;
    }

    /** The settings of one device: {@code base} with its overrides (see the class comment). */
    public AlertSettings settingsFor(String deviceId, AlertSettings base) {
        String prefix = mostSpecificPrefix(deviceId);
        return prefix == null ? base : settingsByPrefix(base).get(prefix);
    }

    /** "the whole fleet" or "device prefix 'pump-00'", for messages. */
    public static String describe(String devicePrefix) {
        return devicePrefix.isEmpty() ? "the whole fleet" : "device prefix '" + devicePrefix + "'";
    }

    @Override
    public String toString() {
        return "AlertingOverrides" + byPrefix.keySet();
    }
}

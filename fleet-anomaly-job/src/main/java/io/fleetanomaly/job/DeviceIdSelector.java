package io.fleetanomaly.job;

import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import org.apache.flink.api.java.functions.KeySelector;

/** Key selectors on {@code device_id}, the job's only key. */
public final class DeviceIdSelector {
    private DeviceIdSelector() {}

    public static final class OfEvent implements KeySelector<SensorEvent, String> {
        @Override
        public String getKey(SensorEvent event) {
            return event.deviceId;
        }
    }

    public static final class OfScore implements KeySelector<ScoredEvent, String> {
        @Override
        public String getKey(ScoredEvent event) {
            return event.deviceId;
        }
    }
}

package io.fleetanomaly.job;

import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * The window operator: Flink's keyed process operator around {@link DeviceScoringFunction}, which
 * after a restore counts the devices the restored keyed state holds, so the {@code devices_in_state}
 * gauge is right from the first event (a function cannot enumerate its keys; the operator can).
 */
public class DeviceScoringOperator extends KeyedProcessOperator<String, SensorEvent, ScoredEvent> {
    private static final long serialVersionUID = 1L;

    public DeviceScoringOperator(DeviceScoringFunction function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        super.open(); // the function registers its states
        ((DeviceScoringFunction) userFunction).restoredDevices(devicesInBackend());
    }

    /** Devices whose window state the keyed state backend holds: one pass over its keys. */
    long devicesInBackend() {
        return KeyedDeviceState.devicesIn(getKeyedStateBackend());
    }
}

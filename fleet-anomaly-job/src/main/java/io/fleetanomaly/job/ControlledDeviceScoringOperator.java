package io.fleetanomaly.job;

import io.fleetanomaly.control.ControlState;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.job.control.ControlledDeviceScoring;
import java.util.List;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * The window operator of a job with a control stream: Flink's keyed broadcast operator around
 * {@link ControlledDeviceScoring}, which, like {@link DeviceScoringOperator}, counts the devices of a
 * restored keyed state on open for the {@code devices_in_state} gauge.
 */
public class ControlledDeviceScoringOperator extends CoBroadcastWithKeyedOperator<String, SensorEvent, ControlState, ScoredEvent> {
    private static final long serialVersionUID = 1L;

    public ControlledDeviceScoringOperator(ControlledDeviceScoring function) {
        super(function, List.of(ControlledDeviceScoring.CONTROL_STATE));
    }

    @Override
    public void open() throws Exception {
        super.open(); // the function registers its states
        ((ControlledDeviceScoring) userFunction).scoring().restoredDevices(KeyedDeviceState.devicesIn(getKeyedStateBackend()));
    }
}

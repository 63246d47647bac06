package io.fleetanomaly.job;

import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.format.EventJsonWriter;
import io.fleetanomaly.simulator.FleetSimulator;
import java.util.ArrayList;
import java.util.List;

/** A simulated fleet's events as the raw JSON records a Kafka topic would hand the job, in the simulator's order (a list the caller may add to). */
final class SimulatedRecords {
    private SimulatedRecords() {}

    static List<RawRecord> of(FleetSimulator fleet, List<String> features) {
        EventJsonWriter writer = new EventJsonWriter(features);
        List<RawRecord> records = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            records.add(RawRecord.of(writer.write(fleet.eventAt(i).toSensorEvent()), "test"));
        }
        return records;
    }
}

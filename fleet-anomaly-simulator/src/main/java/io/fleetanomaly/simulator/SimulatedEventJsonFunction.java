package io.fleetanomaly.simulator;

import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.format.EventJsonWriter;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Turns a stream index into the fleet's event at that index, encoded exactly as a Kafka value
 * (the sensor-event JSON contract), so the simulator and Kafka feed the job through one path.
 */
final class SimulatedEventJsonFunction implements GeneratorFunction<Long, RawRecord> {
    private static final long serialVersionUID = 1L;

    private final FleetSimulator fleet;
    private transient EventJsonWriter writer;

    SimulatedEventJsonFunction(FleetSimulator fleet) {
        this.fleet = fleet;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        writer = new EventJsonWriter(fleet.featureNames());
    }

    @Override
    public RawRecord map(Long index) {
        if (writer == null) {
            writer = new EventJsonWriter(fleet.featureNames());
        }
        byte[] json = writer.write(fleet.eventAt(index).toSensorEvent());
        return RawRecord.of(json, SimulatorSource.SOURCE_NAME);
    }
}

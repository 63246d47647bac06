package io.fleetanomaly.simulator;


import io.fleetanomaly.training.TrainingData;
/** Training data from the simulator (normally with {@code normalOnly}); labeled anomalies are skipped. */
public final class SimulatorTrainingData {
    private SimulatorTrainingData() {}

    public static TrainingData of(SimulatorSettings settings) {
        FleetSimulator fleet = new FleetSimulator(settings);
        TrainingData data = new TrainingData(fleet.featureNames());
        for (long index = 0; index < fleet.totalEvents(); index++) {
            SimulatedEvent event = fleet.eventAt(index);
            if (event.label() == 0) {
                data.add(event.deviceId(), event.ts(), event.values());
            }
        }
        return data;
    }
}

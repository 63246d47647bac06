package io.fleetanomaly.simulator;

/** The physics of one simulated device: its normal behaviour and how each of its faults shows. */
interface DeviceModel {
    /**
     * Readings of the given step, complete (missing values are applied afterwards). Steps are asked
     * for in order 0, 1, 2, … Every call draws the same normal-process noise whether or not a fault
     * is active, so a faulty device and its fault-free twin share their normal noise.
     *
     * @param fault the episode active at this step, or null
     */
    double[] readings(int step, FaultEpisode fault);

    /** Decimal places each sensor reports, feature order (a sensor's resolution). */
    int[] readingDecimals();
}

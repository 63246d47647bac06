package io.fleetanomaly.fusion;

/**
 * Computes a detector's sensor shares from the input it scored, when a deferred event's
 * contributions are asked for ({@link ScoreFusion#addDeferred}). One long-lived instance per
 * detector (not one per event): the input is the one the event's {@link PendingContributions}
 * keeps.
 */
@FunctionalInterface
public interface DeferredShares {
    /**
     * @param input the detector's input for the event (read only: the implementation may neither
     *     keep nor write it; it may be the scorer's own array, see {@link PendingContributions})
     * @param sharesOut one share per sensor, all zero on entry; written here
     */
    void compute(double[] input, double[] sharesOut);
}

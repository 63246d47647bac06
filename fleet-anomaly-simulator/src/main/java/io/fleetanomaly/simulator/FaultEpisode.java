package io.fleetanomaly.simulator;

import java.io.Serializable;
import java.util.List;

/**
 * Ground truth of one fault on one device: every step in [startStep, endStep) is labeled 1 with
 * {@code type}. The fault's magnitude grows from near 0 to full over the first {@code rampSteps}
 * steps and stays full until the end.
 *
 * @param deviceIndex zero-based device index
 * @param deviceId the device's id
 * @param type an anomaly type of the profile, see {@link AnomalyTypes}
 * @param startStep first anomalous step (inclusive)
 * @param endStep first normal step after the episode (exclusive)
 * @param rampSteps steps until full magnitude (1 = full from the first step)
 * @param affectedSensors feature names the fault changes
 */
public record FaultEpisode(
        int deviceIndex,
        String deviceId,
        String type,
        int startStep,
        int endStep,
        int rampSteps,
        List<String> affectedSensors)
        implements Serializable {

    public FaultEpisode {
        if (startStep < 0 || endStep <= startStep) {
            throw new IllegalArgumentException("invalid episode steps [" + startStep + ", " + endStep + ")");
        }
        if (rampSteps < 1 || rampSteps > endStep - startStep) {
            throw new IllegalArgumentException("rampSteps must be in [1, length], got " + rampSteps);
        }
        affectedSensors = List.copyOf(affectedSensors);
    }

    public boolean contains(int step) {
        return step >= startStep && step < endStep;
    }

    /** Number of anomalous steps. */
    public int length() {
        return endStep - startStep;
    }

    /** First step at full magnitude. */
    public int plateauStartStep() {
        return startStep + rampSteps - 1;
    }

    /** Fault magnitude at a step of this episode, in (0, 1]: a linear ramp, then 1. */
    public double magnitudeAt(int step) {
        if (!contains(step)) {
            throw new IllegalArgumentException("step " + step + " is outside " + this);
        }
        return Math.min(1.0, (step - startStep + 1) / (double) rampSteps);
    }
}

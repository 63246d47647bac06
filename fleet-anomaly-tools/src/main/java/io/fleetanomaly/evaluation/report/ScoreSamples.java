package io.fleetanomaly.evaluation.report;

import java.util.Objects;

/**
 * Score values for the distribution charts (a sample is enough; a few thousand of each is plenty).
 *
 * @param normal    scores of events labeled normal
 * @param anomalous scores of events labeled anomalous
 */
public record ScoreSamples(double[] normal, double[] anomalous) {
    public ScoreSamples {
        Objects.requireNonNull(normal, "normal");
        Objects.requireNonNull(anomalous, "anomalous");
    }
}

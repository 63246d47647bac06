package io.fleetanomaly.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MissingReadingsTest {

    @ParameterizedTest
    @CsvSource({"industrial, 0.01", "telemetry, 0.01", "industrial, 0.25", "telemetry, 0.0"})
    void missingReadingsFollowTheConfiguredRate(String profile, double rate) {
        SimulatorSettings settings = SimulatorSettings.builder()
                .profile(SimulatorProfile.parse(profile))
                .missingRate(rate)
                .build();
        FleetSimulator fleet = new FleetSimulator(settings);
        long readings = 0;
        long missing = 0;
        long missingInsideEpisodes = 0;
        long readingsInsideEpisodes = 0;
        for (long index = 0; index < fleet.totalEvents(); index++) {
            SimulatedEvent event = fleet.eventAt(index);
            for (int i = 0; i < event.featureCount(); i++) {
                readings++;
                boolean isMissing = Double.isNaN(event.value(i));
                missing += isMissing ? 1 : 0;
                if (event.isAnomalous()) {
                    readingsInsideEpisodes++;
                    missingInsideEpisodes += isMissing ? 1 : 0;
                }
            }
        }
        assertWithinBinomialBounds(missing, readings, rate);
        assertWithinBinomialBounds(missingInsideEpisodes, readingsInsideEpisodes, rate);
    }

    /** Within five standard deviations of the binomial mean (a false failure about once in 3.5 million). */
    private static void assertWithinBinomialBounds(long count, long trials, double p) {
        double mean = trials * p;
        double sd = Math.sqrt(trials * p * (1 - p));
        assertThat((double) count).isBetween(mean - 5 * sd, mean + 5 * sd);
    }
}

package io.fleetanomaly.evaluation.report;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata of one evaluation run.
 *
 * @param dataset         name of the labeled data set (file name or simulator profile)
 * @param bundleVersion   model bundle version, e.g. {@code industrial-5@2026-11-23}
 * @param commandLine     the command that produced the report
 * @param generatedAt     when the report was produced
 * @param devices         devices in the data set
 * @param events          events replayed
 * @param anomalousEvents events labeled anomalous
 * @param warmupEvents    events seen while their device was still warming up (not scored)
 */
public record RunInfo(
        String dataset,
        String bundleVersion,
        String commandLine,
        Instant generatedAt,
        long devices,
        long events,
        long anomalousEvents,
        long warmupEvents) {

    public RunInfo {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(bundleVersion, "bundleVersion");
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(generatedAt, "generatedAt");
    }
}

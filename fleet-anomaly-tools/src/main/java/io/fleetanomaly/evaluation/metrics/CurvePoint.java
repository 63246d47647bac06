package io.fleetanomaly.evaluation.metrics;

/** A point of a curve as plotted: {@link #x()} horizontally, {@link #y()} vertically. */
public interface CurvePoint {
    double x();

    double y();
}

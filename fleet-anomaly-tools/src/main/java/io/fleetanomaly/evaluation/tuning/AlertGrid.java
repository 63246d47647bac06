package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.alerting.AlertSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The alert settings a sweep tries: a base {@link AlertSettings} with its decision interval {@code h}
 * replaced by each value of a grid and, optionally, its allowance {@code k}, reset level, resolve
 * hysteresis ({@code resolveAfterEvents}) and recovery fraction by each value of theirs (the full
 * cross product).
 * Everything else, the baseline included, stays as in the base. A maxCusum derived from h (the
 * default, 3·h) follows each h; an explicit one stays.
 *
 * <p>Every combination is built and validated up front, so a grid with, say, an h at or below a
 * reset level fails at once with the combination named.
 */
public final class AlertGrid {
    private final AlertSettings base;
    private final double[] h;
    private final double[] k;
    private final double[] resetLevels;
    private final int[] resolveAfterEvents;
    private final double[] recoveryFractions;
    /** Outer: one per (k, resetLevel, resolveAfterEvents, recoveryFraction); inner: one per h, ascending. */
    private final List<List<AlertSettings>> variants;

    private AlertGrid(AlertSettings base, double[] h, double[] k, double[] resetLevels, int[] resolveAfterEvents,
            double[] recoveryFractions) {
        this.base = Objects.requireNonNull(base, "base");
        this.h = sortedDistinct("h", h);
        this.k = k == null ? new double[] {base.k()} : sortedDistinct("k", k);
        this.resetLevels = resetLevels == null ? new double[] {base.resetLevel()} : sortedDistinct("resetLevel", resetLevels);
        this.resolveAfterEvents = resolveAfterEvents == null
                ? new int[] {base.resolveAfterEvents()}
                : Arrays.stream(resolveAfterEvents).sorted().distinct().toArray();
        if (this.resolveAfterEvents.length == 0) {
            throw new IllegalArgumentException("alert grid: no resolveAfterEvents values");
        }
        this.recoveryFractions = recoveryFractions == null
                ? new double[] {base.recoveryFraction()}
                : sortedDistinct("recoveryFraction", recoveryFractions);
        List<List<AlertSettings>> all = new ArrayList<>();
        for (double kValue : this.k) {
            for (double reset : this.resetLevels) {
                for (int resolve : this.resolveAfterEvents) {
                    for (double recovery : this.recoveryFractions) {
                        List<AlertSettings> overH = new ArrayList<>(this.h.length);
                        for (double hValue : this.h) {
                            try {
                                overH.add(base.toBuilder().k(kValue).resetLevel(reset).resolveAfterEvents(resolve)
                                        .recoveryFraction(recovery).h(hValue).build());
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException("alert grid: h=" + hValue + ", k=" + kValue
                                        + ", resetLevel=" + reset + ", resolveAfterEvents=" + resolve
                                        + ", recoveryFraction=" + recovery + " is not valid: " + e.getMessage(), e);
                            }
                        }
                        all.add(Collections.unmodifiableList(overH));
                    }
                }
            }
        }
        this.variants = Collections.unmodifiableList(all);
    }

    /** {@code base} with each of these decision intervals (sorted, duplicates dropped). */
    public static AlertGrid overH(AlertSettings base, double... h) {
        return new AlertGrid(base, h, null, null, null, null);
    }

    /** {@code count} evenly spaced values from {@code from} to {@code to}, both included. */
    public static double[] range(double from, double to, int count) {
        if (count < 2 || !(to > from) || !Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("a range needs finite from < to and count >= 2, got from=" + from
                    + " to=" + to + " count=" + count);
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i == count - 1 ? to : from + (to - from) * i / (count - 1);
        }
        return values;
    }

    /** This grid, also trying each allowance k. */
    public AlertGrid withK(double... values) {
        return new AlertGrid(base, h, values, resetLevels, resolveAfterEvents, recoveryFractions);
    }

    /** This grid, also trying each reset level (hysteresis: resolving needs the CUSUM below it). */
    public AlertGrid withResetLevels(double... values) {
        return new AlertGrid(base, h, k, values, resolveAfterEvents, recoveryFractions);
    }

    /** This grid, also trying each number of events below the reset level needed to resolve. */
    public AlertGrid withResolveAfterEvents(int... values) {
        return new AlertGrid(base, h, k, resetLevels, values, recoveryFractions);
    }

    /** This grid, also trying each recovery fraction (0 = recovery off). */
    public AlertGrid withRecoveryFractions(double... values) {
        return new AlertGrid(base, h, k, resetLevels, resolveAfterEvents, values);
    }

    public AlertSettings base() {
        return base;
    }

    /** The decision intervals, ascending. */
    public double[] h() {
        return h.clone();
    }

    /**
     * The settings to try, grouped: one list per combination of the non-h parameters (k, reset level,
     * resolveAfterEvents, recovery fraction, in that nesting order), each over the h values ascending.
     */
    public List<List<AlertSettings>> variants() {
        return variants;
    }

    /** How many settings the grid holds. */
    public int size() {
        return variants.size() * h.length;
    }

    private static double[] sortedDistinct(String name, double[] values) {
        Objects.requireNonNull(values, name);
        if (values.length == 0) {
            throw new IllegalArgumentException("alert grid: no " + name + " values");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("alert grid: " + name + " value " + v + " is not finite");
            }
        }
        return Arrays.stream(values).sorted().distinct().toArray();
    }

    @Override
    public String toString() {
        return "AlertGrid{h=" + Arrays.toString(h) + ", k=" + Arrays.toString(k) + ", resetLevel="
                + Arrays.toString(resetLevels) + ", resolveAfterEvents=" + Arrays.toString(resolveAfterEvents)
                + ", recoveryFraction=" + Arrays.toString(recoveryFractions) + "}";
    }
}

package io.fleetanomaly.control;

import java.util.ArrayList;
import java.util.List;

/** Lists of {@link ModelLineage}: which earlier models a model in force continues. */
public final class ModelLineages {
    /** A device silent through more compatible swaps than this warms up again on its return. */
    public static final int MAX_CONTINUED = 16;

    private ModelLineages() {}

    /** The entry with this fingerprint, or null. */
    public static ModelLineage find(ModelLineage[] lineages, long fingerprint) {
        if (lineages != null) {
            for (ModelLineage lineage : lineages) {
                if (lineage.fingerprint == fingerprint) {
                    return lineage;
                }
            }
        }
        return null;
    }

    /**
     * What a model continues after a compatible swap from {@code replaced}: the replaced model and
     * what it continued, newest first, at most {@link #MAX_CONTINUED}, without {@code newFingerprint}
     * itself (a swap back to an earlier model).
     */
    public static ModelLineage[] afterSwap(ModelLineage replaced, ModelLineage[] replacedContinues, long newFingerprint) {
        List<ModelLineage> next = new ArrayList<>();
        if (replaced.fingerprint != newFingerprint) {
            next.add(replaced);
        }
        if (replacedContinues != null) {
            for (ModelLineage earlier : replacedContinues) {
                if (next.size() < MAX_CONTINUED && earlier.fingerprint != newFingerprint
                        && find(next.toArray(new ModelLineage[0]), earlier.fingerprint) == null) {
                    next.add(earlier);
                }
            }
        }
        return next.toArray(new ModelLineage[0]);
    }
}

package io.fleetanomaly.evaluation.report;

/** Checks shared by the records that hold parallel arrays. */
final class ArrayChecks {
    private ArrayChecks() {
    }

    static void sameLength(String what, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(
                    what + " has " + actual + " values, expected " + expected);
        }
    }
}

package io.fleetanomaly.evaluation.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Number formats of the page. Rates round the exact binary value half up, as JavaScript's
 * {@code toFixed} does, so the values written here match those the page's script computes.
 */
final class Formats {
    static final String MISSING = "\u2014";
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** A rate or score with a fixed number of decimals; a dash when not a finite number. */
    static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    static String rate(double value) {
        return fixed(value, 3);
    }

    /** A threshold with up to four significant digits, no trailing zeros. */
    static String threshold(double value) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(4, RoundingMode.HALF_UP))
                .stripTrailingZeros().toPlainString();
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String seconds(double millis) {
        return Double.isFinite(millis) ? fixed(millis / 1000.0, 1) + " s" : MISSING;
    }

    static String instant(Instant instant) {
        return UTC.format(instant);
    }
}

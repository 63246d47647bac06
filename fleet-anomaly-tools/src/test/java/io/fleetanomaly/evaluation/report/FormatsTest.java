package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void ratesRoundTheExactBinaryValueHalfUpAsJavaScriptToFixedDoes() {
        assertThat(Formats.rate(0.0625)).isEqualTo("0.063"); // exact tie: up
        assertThat(Formats.rate(0.1235)).isEqualTo("0.123"); // 0.12349999... in binary
        assertThat(Formats.rate(1060.0 / 1543)).isEqualTo("0.687");
        assertThat(Formats.rate(1)).isEqualTo("1.000");
        assertThat(Formats.rate(Double.NaN)).isEqualTo("\u2014");
        assertThat(Formats.fixed(63.25, 1)).isEqualTo("63.3");
    }

    @Test
    void thresholdsKeepFourSignificantDigits() {
        assertThat(Formats.threshold(6)).isEqualTo("6");
        assertThat(Formats.threshold(4.6)).isEqualTo("4.6");
        assertThat(Formats.threshold(0.000123456)).isEqualTo("0.0001235");
        assertThat(Formats.threshold(12345.6)).isEqualTo("12350");
        assertThat(Formats.threshold(0)).isEqualTo("0");
    }

    @Test
    void countsAndTimes() {
        assertThat(Formats.count(8838)).isEqualTo("8,838");
        assertThat(Formats.seconds(16_600)).isEqualTo("16.6 s");
        assertThat(Formats.seconds(Double.NaN)).isEqualTo("\u2014");
        assertThat(Formats.instant(Instant.parse("2026-11-23T10:15:30.250Z"))).isEqualTo("2026-11-23 10:15:30 UTC");
    }
}

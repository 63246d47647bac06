package io.fleetanomaly.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AlertSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        AlertSettings s = AlertSettings.defaults();
        assertThat(s.k()).isEqualTo(0.5);
        assertThat(s.h()).isEqualTo(5.0);
        assertThat(s.clip()).isEqualTo(4.0);
        assertThat(s.maxCusum()).isEqualTo(15.0);
        assertThat(s.resetLevel()).isEqualTo(1.0);
        assertThat(s.resolveAfterEvents()).isEqualTo(10);
        assertThat(s.baselineEvents()).isEqualTo(50);
        assertThat(s.minBaselineStd()).isEqualTo(0.3);
        assertThat(s.updateIntervalMs()).isEqualTo(60_000L);
        assertThat(s.minReopenGapMs()).isEqualTo(300_000L);
        assertThat(s.topSensors()).isEqualTo(3);
        assertThat(s.severityScale()).isEqualTo(4.0);
        assertThat(s.recoveryFraction()).isZero(); // recovery off
        assertThat(s.recoveryEwmaAlpha()).isEqualTo(0.03);
        assertThat(s.recoveryMinEvents()).isEqualTo(34);
        assertThat(s.recoveryMaxLevel()).isEqualTo(Double.POSITIVE_INFINITY); // any settled level accepted
        assertThat(s.resolveMaxLevel()).isEqualTo(Double.POSITIVE_INFINITY); // resolving ignores the level
        assertThat(s.returnHorizonMs()).isZero(); // no return rule
    }

    @Test
    void maxCusumFollowsHUnlessSetExplicitly() {
        assertThat(AlertSettings.builder().h(8.0).build().maxCusum()).isEqualTo(24.0);
        assertThat(AlertSettings.builder().h(8.0).maxCusum(10.0).build().maxCusum()).isEqualTo(10.0);
    }

    @Test
    void equalWhenEveryParameterInEffectIsEqual() {
        AlertSettings derived = AlertSettings.builder().h(8.0).build();
        AlertSettings explicit = AlertSettings.builder().h(8.0).maxCusum(24.0).build();
        assertThat(explicit).isEqualTo(derived).hasSameHashCodeAs(derived);
        assertThat(AlertSettings.defaults()).isEqualTo(AlertSettings.defaults());
        assertThat(AlertSettings.builder().h(8.0).minReopenGapMs(0).build()).isNotEqualTo(derived);
        assertThat(AlertSettings.builder().h(8.0).severityScale(5.0).build()).isNotEqualTo(derived);
        assertThat(AlertSettings.builder().h(8.0).recoveryFraction(0.7).build()).isNotEqualTo(derived);
        assertThat(AlertSettings.builder().h(8.0).recoveryEwmaAlpha(0.1).build()).isNotEqualTo(derived);
        assertThat(AlertSettings.builder().h(8.0).recoveryMaxLevel(2).build()).isNotEqualTo(derived);
        assertThat(AlertSettings.builder().h(8.0).resolveMaxLevel(2).build()).isNotEqualTo(derived);
        assertThat(AlertSettings.builder().h(8.0).returnHorizonMs(1).build()).isNotEqualTo(derived);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        AlertSettings custom = AlertSettings.builder().k(0.7).h(6).clip(2.5).resetLevel(1.5)
                .resolveAfterEvents(4).baselineEvents(200).minBaselineStd(0.2).updateIntervalMs(5)
                .minReopenGapMs(7).topSensors(2).severityScale(3).recoveryFraction(0.6).recoveryEwmaAlpha(0.1).recoveryMaxLevel(3)
                .resolveMaxLevel(1.5).returnHorizonMs(3_600_000L).build();
        assertThat(custom.toBuilder().build().toString()).isEqualTo(custom.toString());
        assertThat(custom.toBuilder().h(9).build().maxCusum()).isEqualTo(27.0);
        assertThat(custom.toBuilder().maxCusum(10).build().toBuilder().h(9).build().maxCusum()).isEqualTo(10.0);
    }

    @Test
    void theRecordConstructorValidatesAsTheBuilderDoes() {
        AlertSettings d = AlertSettings.defaults();
        assertThatThrownBy(() -> new AlertSettings(d.k(), d.h(), d.clip(), d.h(), false, d.resetLevel(),
                        d.resolveAfterEvents(), d.baselineEvents(), d.minBaselineStd(), d.updateIntervalMs(),
                        d.minReopenGapMs(), d.topSensors(), d.severityScale(), d.recoveryFraction(), d.recoveryEwmaAlpha(),
                        d.recoveryMaxLevel(), d.resolveMaxLevel(), d.returnHorizonMs()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("AlertSettings.maxCusum = 5.0: must be > h");
    }

    @Test
    void javaSerializationKeepsEveryValueAndValidatesAgain() throws Exception {
        AlertSettings custom = AlertSettings.builder().h(7).recoveryFraction(0.6).build();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(custom);
        }
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            AlertSettings back = (AlertSettings) in.readObject();
            assertThat(back).isEqualTo(custom);
            assertThat(back.toBuilder().h(9).build().maxCusum()).isEqualTo(27.0);
        }
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                bad("k", b -> b.k(-0.1)),
                bad("k", b -> b.k(Double.NaN)),
                bad("h", b -> b.h(0)),
                bad("h", b -> b.h(Double.POSITIVE_INFINITY)),
                bad("clip", b -> b.clip(0.5)),
                bad("maxCusum", b -> b.maxCusum(5.0)),
                bad("maxCusum", b -> b.maxCusum(10.0).h(12.0)),
                bad("resetLevel", b -> b.resetLevel(5.0)),
                bad("resetLevel", b -> b.resetLevel(0.0)),
                bad("resolveAfterEvents", b -> b.resolveAfterEvents(0)),
                bad("baselineEvents", b -> b.baselineEvents(1)),
                bad("minBaselineStd", b -> b.minBaselineStd(0.0)),
                bad("updateIntervalMs", b -> b.updateIntervalMs(-1)),
                bad("minReopenGapMs", b -> b.minReopenGapMs(-1)),
                bad("topSensors", b -> b.topSensors(0)),
                bad("severityScale", b -> b.severityScale(-4.0)),
                bad("recoveryFraction", b -> b.recoveryFraction(1.0)),
                bad("recoveryFraction", b -> b.recoveryFraction(-0.1)),
                bad("recoveryEwmaAlpha", b -> b.recoveryEwmaAlpha(0.0)),
                bad("recoveryEwmaAlpha", b -> b.recoveryEwmaAlpha(1.5)),
                bad("recoveryMaxLevel", b -> b.recoveryMaxLevel(-1.0)),
                bad("recoveryMaxLevel", b -> b.recoveryMaxLevel(Double.NaN)),
                bad("resolveMaxLevel", b -> b.resolveMaxLevel(-0.5)),
                bad("resolveMaxLevel", b -> b.resolveMaxLevel(Double.NaN)),
                bad("returnHorizonMs", b -> b.returnHorizonMs(-1L)));
    }

    private static Arguments bad(String field, UnaryOperator<AlertSettings.Builder> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void invalidValueIsRejectedNamingTheField(String field, UnaryOperator<AlertSettings.Builder> change) {
        assertThatThrownBy(() -> change.apply(AlertSettings.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("AlertSettings." + field + " = ");
    }
}

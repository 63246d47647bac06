package io.fleetanomaly.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlMessageParserTest {
    private static final String SHA = "a".repeat(64);

    private static ControlMessage parse(String json) {
        return ControlMessageParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAModelSwap() {
        ControlMessage m = parse("{\"id\":\"swap-1\",\"bundle\":\"s3://models/industrial-6\",\"sha256\":\"" + SHA
                + "\",\"version\":\"industrial-6\",\"rewarm\":true}");
        assertThat(m.kind()).isEqualTo(ControlKind.MODEL);
        assertThat(m.id()).isEqualTo("swap-1");
        assertThat(m.bundle()).isEqualTo("s3://models/industrial-6");
        assertThat(m.sha256()).isEqualTo(SHA);
        assertThat(m.version()).isEqualTo("industrial-6");
        assertThat(m.rewarm()).isTrue();
        assertThat(m.alerting()).isNull();

        ControlMessage minimal = parse("{\"bundle\":\"/models/b\",\"sha256\":\"" + SHA + "\"}");
        assertThat(minimal.id()).isNull();
        assertThat(minimal.version()).isNull();
        assertThat(minimal.rewarm()).isFalse();
    }

    @Test
    void readsAlertingOverridesFleetWideOrForAPrefix() {
        ControlMessage fleet = parse("{\"alerting\":{\"h\":6.5,\"k\":0.4,\"severity_scale\":5}}");
        assertThat(fleet.kind()).isEqualTo(ControlKind.ALERTING);
        assertThat(fleet.devicePrefix()).isEmpty();
        assertThat(fleet.alerting().h).isEqualTo(6.5);
        assertThat(fleet.alerting().k).isEqualTo(0.4);
        assertThat(fleet.alerting().severityScale).isEqualTo(5.0);
        assertThat(fleet.alerting().clip).isNull();

        ControlMessage prefix = parse("{\"id\":\"o\",\"device_prefix\":\"pump-00\",\"alerting\":{}}");
        assertThat(prefix.devicePrefix()).isEqualTo("pump-00");
        assertThat(prefix.alerting().isEmpty()).as("an empty object clears the prefix").isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                   | NOT_JSON         | not JSON
            []                                                         | NOT_JSON         | not a JSON object
            null                                                       | NOT_JSON         | JSON null
            {"alerting":{"h":6}} trailing                              | NOT_JSON         | not JSON
            {"alerting":{"h":6},"alerting":{"h":7}}                    | NOT_JSON         | Duplicate field 'alerting'
            {"bundel":"/b"}                                            | UNKNOWN_KEY      | unknown key 'bundel'
            {"alerting":{"hh":6}}                                      | UNKNOWN_KEY      | unknown key 'alerting.hh'
            {"alerting":{"h":"6"}}                                     | INVALID_MESSAGE  | bad value for 'alerting.h'
            {"bundle":"/b","sha256":"SHA","rewarm":"yes"}              | INVALID_MESSAGE  | bad value for 'rewarm'
            {}                                                         | INVALID_MESSAGE  | neither a bundle nor alerting
            {"bundle":"/b"}                                            | INVALID_MESSAGE  | needs sha256
            {"bundle":"/b","sha256":"ABC"}                             | INVALID_MESSAGE  | 64 lowercase hex
            {"bundle":"","sha256":"SHA"}                               | INVALID_MESSAGE  | bundle must be a path or URI
            {"bundle":"/b","sha256":"SHA","alerting":{"h":6}}          | INVALID_MESSAGE  | not both
            {"bundle":"/b","sha256":"SHA","device_prefix":"p"}         | INVALID_MESSAGE  | a bundle is fleet-wide
            {"alerting":{"h":6},"rewarm":true}                         | INVALID_MESSAGE  | belong to a bundle
            {"id":"","alerting":{"h":6}}                               | INVALID_MESSAGE  | id must be
            {"alerting":{"baseline_events":80}}                        | INVALID_OVERRIDE | baseline_events cannot change
            {"alerting":{"min_baseline_std":1}}                        | INVALID_OVERRIDE | min_baseline_std cannot change
            """)
    void refusesWithAReasonAndADetailNamingTheProblem(String json, ControlRefusal reason, String detail) {
        assertThatThrownBy(() -> parse(json.replace("SHA", SHA)))
                .isInstanceOfSatisfying(ControlRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.detail()).contains(detail);
                });
    }

    @Test
    void refusesEmptyNonUtf8AndOversizedRecords() {
        assertRefused(new byte[0], ControlRefusal.NOT_JSON, "empty");
        assertRefused(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, ControlRefusal.NOT_JSON, "not UTF-8");
        byte[] large = ("{\"id\":\"" + "x".repeat(ControlMessageParser.MAX_MESSAGE_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertRefused(large, ControlRefusal.TOO_LARGE, "at most " + ControlMessageParser.MAX_MESSAGE_BYTES);
    }

    private static void assertRefused(byte[] value, ControlRefusal reason, String detail) {
        assertThatThrownBy(() -> ControlMessageParser.parse(value))
                .isInstanceOfSatisfying(ControlRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.detail()).contains(detail);
                });
    }
}

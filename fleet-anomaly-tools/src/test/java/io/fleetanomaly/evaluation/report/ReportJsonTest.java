package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
    @Test
    void stringsCannotEndAScriptElementOrBreakAJavaScriptLine() throws Exception {
        String hostile = "</script><!-- a & b > c \u2028\u2029 \"q\" \u00e9";
        String json = ReportJson.toJson(Map.of("id", hostile));
        assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\u2029")
                .contains("\\u003C/script\\u003E", "\\u2028", "\u00e9");
        assertThat(new ObjectMapper().readTree(json).get("id").asText()).isEqualTo(hostile);
    }

    @Test
    void nonFiniteNumbersAreNullAndInstantsIso() {
        record Sample(double a, Double b, double[] c, Instant at) {
        }
        String json = ReportJson.toJson(List.of(new Sample(Double.NaN, Double.POSITIVE_INFINITY,
                new double[] {1.5, Double.NaN}, Instant.parse("2026-11-23T10:15:30Z"))));
        assertThat(json).isEqualTo("[{\"a\":null,\"b\":null,\"c\":[1.5,null],\"at\":\"2026-11-23T10:15:30Z\"}]");
    }
}

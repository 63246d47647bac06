package io.fleetanomaly.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static DeadLetter rejected(byte[] record, int maxRecordBytes) {
        ParseOutcome outcome = new EventJsonParser(List.of("temperature_c"), TimestampRange.defaults(), maxRecordBytes)
                .parse(record);
        assertThat(outcome.isAccepted()).isFalse();
        return new DeadLetter(new RawRecord(record, "events", 2, 41L), outcome.reason(), outcome.detail(), 5L);
    }

    /** Issue 12: a 460 KB record gave a 1.38 MB dead letter (the detail repeated the value), above Kafka's 1 MB default. */
    @Test
    void aLargeRecordGivesASmallerDeadLetter() throws Exception {
        byte[] record = ("{\"device_id\":\"d\",\"ts\":1763800000000,\"readings\":{\"temperature_c\":\""
                + "\\\"".repeat(230_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
        assertThat(record.length).isGreaterThan(460_000);
        for (int limit : new int[] {EventJsonParser.DEFAULT_MAX_RECORD_BYTES, 1 << 20}) {
            DeadLetter letter = rejected(record, limit);
            byte[] json = DeadLetterJson.toJson(letter).getBytes(StandardCharsets.UTF_8);
            assertThat(json.length).as("dead letter at limit %d", limit).isLessThan(record.length / 3);
            JsonNode node = MAPPER.readTree(json);
            assertThat(node.path("raw_truncated").asBoolean()).isTrue();
            assertThat(node.path("raw_size").asInt()).isEqualTo(record.length);
            assertThat(node.path("source_offset").asLong()).isEqualTo(41L);
            assertThat(node.path("detail").asText().length()).isLessThanOrEqualTo(DeadLetter.MAX_DETAIL_CHARS + 3);
        }
        assertThat(rejected(record, EventJsonParser.DEFAULT_MAX_RECORD_BYTES).reason).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(rejected(record, 1 << 20).reason).isEqualTo(DeadLetterReason.NON_NUMERIC_READING);
    }

    @Test
    void aTruncatedTextRecordIsCutAtACharacterBoundaryAndStaysText() throws Exception {
        byte[] record = ("{\"device_id\":\"" + "é".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = rejected(record, 1 << 20);
        assertThat(letter.raw.length).isBetween(DeadLetter.MAX_RAW_BYTES - 3, DeadLetter.MAX_RAW_BYTES);
        JsonNode node = MAPPER.readTree(DeadLetterJson.toJson(letter));
        assertThat(node.has("raw")).isTrue();
        assertThat(new String(record, StandardCharsets.UTF_8)).startsWith(node.path("raw").asText());
    }

    @Test
    void smallRecordsAreKeptWholeAsTextAndEscapeHeavyOnesAsBase64() throws Exception {
        byte[] small = "{\"device_id\":\"d\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode node = MAPPER.readTree(DeadLetterJson.toJson(rejected(small, 1000)));
        assertThat(node.path("raw").asText()).isEqualTo("{\"device_id\":\"d\"}");
        assertThat(node.has("raw_truncated")).isFalse();

        byte[] controls = new byte[3000];
        java.util.Arrays.fill(controls, (byte) 1); // each would be written as \u0001: six bytes for one
        DeadLetter letter = new DeadLetter(RawRecord.of(controls, "test"), DeadLetterReason.NOT_JSON, "x", 1L);
        JsonNode b = MAPPER.readTree(DeadLetterJson.toJson(letter));
        assertThat(Base64.getDecoder().decode(b.path("raw_base64").asText())).isEqualTo(controls);
    }
}

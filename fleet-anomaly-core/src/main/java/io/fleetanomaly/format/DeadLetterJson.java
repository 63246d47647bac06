package io.fleetanomaly.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetanomaly.events.DeadLetter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes a dead letter as JSON. The raw record is kept whole: as text when it is valid UTF-8
 * ({@code raw}), otherwise base64 ({@code raw_base64}).
 */
public final class DeadLetterJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadLetterJson() {}

    public static String toJson(DeadLetter letter) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("reason", letter.reason.name());
        root.put("detail", letter.detail);
        String text = decodeUtf8(letter.raw);
        if (text != null) {
            root.put("raw", text);
        } else {
            root.put("raw_base64", Base64.getEncoder().encodeToString(letter.raw == null ? new byte[0] : letter.raw));
        }
        if (letter.sourceTopic != null) {
            root.put("source_topic", letter.sourceTopic);
        }
        if (letter.sourcePartition >= 0) {
            root.put("source_partition", letter.sourcePartition);
            root.put("source_offset", letter.sourceOffset);
        }
        root.put("rejected_at", letter.rejectedAt);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decodeUtf8(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

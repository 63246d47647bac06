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
 * Writes a dead letter as JSON. The raw record (up to {@link DeadLetter#MAX_RAW_BYTES}) is kept as
 * text when it is valid UTF-8 and JSON escaping does not double it ({@code raw}), otherwise as
 * base64 ({@code raw_base64}); a cut record adds {@code raw_truncated: true} and {@code raw_size}.
 * So the copy takes at most twice the bytes kept, whatever they are.
 */
public final class DeadLetterJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadLetterJson() {}

    public static String toJson(DeadLetter letter) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("reason", letter.reason.name());
        root.put("detail", letter.detail);
        byte[] raw = letter.raw == null ? new byte[0] : letter.raw;
        String text = decodeUtf8(raw);
        if (text != null && escapedLength(text, raw.length) <= 2L * raw.length) {
            root.put("raw", text);
        } else {
            root.put("raw_base64", Base64.getEncoder().encodeToString(raw));
        }
        if (letter.rawTruncated()) {
            root.put("raw_truncated", true);
            root.put("raw_size", letter.rawSize);
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

    /** UTF-8 bytes of the text as a JSON string body: quotes, backslashes and control characters are escaped. */
    private static long escapedLength(String text, int utf8Bytes) {
        long length = utf8Bytes;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f') {
                length += 1;
            } else if (c < 0x20) {
                length += 5;
            }
        }
        return length;
    }

    private static String decodeUtf8(byte[] bytes) {
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

package io.fleetanomaly.control;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fleetanomaly.bundle.AlertingParameters;
import io.fleetanomaly.format.JsonKeyPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Reads a control message (UTF-8 JSON) strictly: unknown keys, duplicate keys, trailing content,
 * strings where numbers belong and fields that do not go together are refused with a
 * {@link ControlRefusedException} naming the problem. What a message may say is in
 * {@code docs/contracts.md}.
 */
public final class ControlMessageParser {
    /** Control messages are small; anything larger is a mistake (a bundle sent instead of its path). */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    public static final int MAX_ID_LENGTH = 200;
    public static final int MAX_PREFIX_LENGTH = 256;
    public static final int MAX_LOCATION_LENGTH = 4096;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ControlMessageParser() {}

    /** The message in {@code value}, or a {@link ControlRefusedException} saying what is wrong with it. */
    public static ControlMessage parse(byte[] value) {
        if (value == null || value.length == 0) {
            throw new ControlRefusedException(ControlRefusal.NOT_JSON, "the record is empty");
        }
        if (value.length > MAX_MESSAGE_BYTES) {
            throw new ControlRefusedException(ControlRefusal.TOO_LARGE, "the record has " + value.length
                    + " bytes, a control message at most " + MAX_MESSAGE_BYTES);
        }
        Fields fields = read(utf8(value));
        boolean model = fields.bundle != null;
        boolean alerting = fields.alerting != null;
        require(model || alerting, "the message names neither a bundle nor alerting overrides");
        require(!(model && alerting), "a message either swaps the bundle or sets alerting overrides, not both"
                + " (send two messages)");
        String id = fields.id;
        require(id == null || (!id.isBlank() && id.length() <= MAX_ID_LENGTH && printable(id)),
                "id must be 1 to " + MAX_ID_LENGTH + " printable characters");
        if (model) {
            require(!fields.bundle.isBlank() && fields.bundle.length() <= MAX_LOCATION_LENGTH && printable(fields.bundle),
                    "bundle must be a path or URI of at most " + MAX_LOCATION_LENGTH + " printable characters");
            require(fields.sha256 != null, "a bundle needs sha256: the SHA-256 of its manifest.json (sha256sum manifest.json)");
            require(SHA256.matcher(fields.sha256).matches(), "sha256 must be 64 lowercase hex digits, got '"
                    + abbreviate(fields.sha256) + "'");
            require(fields.version == null || (!fields.version.isBlank() && fields.version.length() <= MAX_ID_LENGTH),
                    "version must be 1 to " + MAX_ID_LENGTH + " characters");
            require(fields.devicePrefix == null, "device_prefix applies to alerting overrides; a bundle is fleet-wide");
            return ControlMessage.model(id, fields.bundle, fields.sha256, fields.version, Boolean.TRUE.equals(fields.rewarm));
        }
        require(fields.sha256 == null && fields.version == null && fields.rewarm == null,
                "sha256, version and rewarm belong to a bundle, not to alerting overrides");
        String prefix = fields.devicePrefix == null ? "" : fields.devicePrefix;
        require(prefix.length() <= MAX_PREFIX_LENGTH && printable(prefix),
                "device_prefix must be at most " + MAX_PREFIX_LENGTH + " printable characters");
        if (fields.alerting.baselineEvents != null || fields.alerting.minBaselineStd != null) {
            throw new ControlRefusedException(ControlRefusal.INVALID_OVERRIDE, "alerting."
                    + (fields.alerting.baselineEvents != null ? "baseline_events" : "min_baseline_std")
                    + " cannot change while the job runs: it shapes the baseline each device has already built"
                    + " (change it in a bundle)");
        }
        return ControlMessage.alerting(id, prefix, fields.alerting);
    }

    private static Fields read(String text) {
        try {
            Fields fields = MAPPER.readValue(text, Fields.class);
            if (fields == null) {
                throw new ControlRefusedException(ControlRefusal.NOT_JSON, "the record is JSON null, not an object");
            }
            return fields;
        } catch (UnrecognizedPropertyException e) {
            throw new ControlRefusedException(ControlRefusal.UNKNOWN_KEY, "unknown key '" + JsonKeyPath.of(e) + "' (known here: "
                    + e.getKnownPropertyIds() + ")");
        } catch (JsonMappingException e) {
            if (e.getPath().isEmpty()) {
                throw new ControlRefusedException(ControlRefusal.NOT_JSON, "not a JSON object: " + firstLine(e));
            }
            throw new ControlRefusedException(ControlRefusal.INVALID_MESSAGE, "bad value for '" + JsonKeyPath.of(e) + "': "
                    + firstLine(e));
        } catch (JsonProcessingException e) {
            throw new ControlRefusedException(ControlRefusal.NOT_JSON, "not JSON: " + firstLine(e));
        } catch (IOException e) {
            throw new ControlRefusedException(ControlRefusal.NOT_JSON, "cannot read the record: " + e.getMessage());
        }
    }

    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ControlRefusedException(ControlRefusal.NOT_JSON, "the record is not UTF-8 text");
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new ControlRefusedException(ControlRefusal.INVALID_MESSAGE, problem);
        }
    }

    private static boolean printable(String text) {
        return text.codePoints().noneMatch(Character::isISOControl);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static String firstLine(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        return abbreviate(message.lines().findFirst().orElse(""));
    }

    /** The message as written. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    static final class Fields {
        public String id;
        public String bundle;
        public String sha256;
        public String version;
        public Boolean rewarm;
        public String devicePrefix;
        public AlertingParameters alerting;
    }
}

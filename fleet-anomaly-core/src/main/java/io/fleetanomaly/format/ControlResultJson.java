package io.fleetanomaly.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetanomaly.control.ControlResult;
import java.io.UncheckedIOException;

/** Writes a control result as JSON (contract in {@code docs/contracts.md}); absent fields are left out. */
public final class ControlResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ControlResultJson() {}

    public static String toJson(ControlResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("control_id", result.controlId);
        root.put("status", result.status.name());
        if (result.kind != null) {
            root.put("kind", result.kind.jsonName());
        }
        if (result.reason != null) {
            root.put("reason", result.reason.name());
        }
        root.put("detail", result.detail);
        root.put("model_version", result.modelVersion);
        if (result.previousModelVersion != null) {
            root.put("previous_model_version", result.previousModelVersion);
        }
        if (result.bundle != null) {
            root.put("bundle", result.bundle);
            root.put("rewarm", result.rewarm);
        }
        if (result.devicePrefix != null) {
            root.put("device_prefix", result.devicePrefix);
        }
        if (result.sourceTopic != null) {
            root.put("source_topic", result.sourceTopic);
        }
        if (result.sourcePartition >= 0) {
            root.put("source_partition", result.sourcePartition);
            root.put("source_offset", result.sourceOffset);
        }
        root.put("decided_at", result.decidedAt);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

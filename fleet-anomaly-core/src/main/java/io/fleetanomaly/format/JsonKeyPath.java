package io.fleetanomaly.format;

import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Where Jackson was in a document when it refused it, as the keys are written there:
 * {@code alerting.h}, {@code list.[2]} ("" at the top). For messages that name the key.
 */
public final class JsonKeyPath {
    private JsonKeyPath() {}

    public static String of(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return path.toString();
    }
}

package io.fleetanomaly.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fleetanomaly.format.JsonKeyPath;
import java.io.IOException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * One line for what is wrong with a YAML configuration file, with the line and column: a syntax
 * error (usually indentation) is reported where the YAML parser found it, not against the section
 * Jackson happened to be reading, and a bad value names its key.
 */
final class YamlProblem {
    private YamlProblem() {}

    static String describe(String file, IOException e) {
        MarkedYAMLException syntax = syntaxError(e);
        if (syntax != null) {
            String section = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? " (inside '" + JsonKeyPath.of(mapping) + "')" : "";
            return "configuration " + file + " is not valid YAML" + at(syntax.getProblemMark()) + section + ": "
                    + syntax.getProblem() + context(syntax) + indentationHint(syntax);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "configuration " + file + at(unknown.getLocation()) + ": unknown key '" + JsonKeyPath.of(unknown) + "'"
                    + " (known here: " + unknown.getKnownPropertyIds() + ")";
        }
        if (e instanceof JsonMappingException mapping) {
            return "configuration " + file + at(mapping.getLocation()) + ": bad value for '" + JsonKeyPath.of(mapping) + "': "
                    + firstLine(mapping.getOriginalMessage()).replace(" (but could if coercion was enabled using `CoercionConfig`)", "")
                    + continuationHint(mapping);
        }
        String location = e instanceof JsonProcessingException p ? at(p.getLocation()) : "";
        return "configuration " + file + " is not valid YAML" + location + ": " + firstLine(
                e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage());
    }

    private static MarkedYAMLException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return marked;
            }
        }
        return null;
    }

    /** The parser's words for a key indented deeper or shallower than the keys beside it. */
    private static String indentationHint(MarkedYAMLException e) {
        String problem = String.valueOf(e.getProblem()) + " " + e.getContext();
        return problem.contains("mapping values are not allowed") || problem.contains("block end")
                || problem.contains("block mapping")
                ? " (check the indentation: the keys of one section line up)" : "";
    }

    private static String context(MarkedYAMLException e) {
        if (e.getContext() == null) {
            return "";
        }
        Mark mark = e.getContextMark();
        return " (" + e.getContext() + (mark == null ? "" : " that starts at line " + (mark.getLine() + 1)) + ")";
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** A number read as "2 out_of_orderness_ms": a more indented next line continued the value. */
    private static String continuationHint(JsonMappingException e) {
        if (e instanceof InvalidFormatException format && format.getValue() instanceof String text && text.contains(" ")) {
            return " (a line indented deeper than a key continues the value above it: check the indentation)";
        }
        return "";
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

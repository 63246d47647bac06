package io.fleetanomaly.evaluation.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * JSON for the report: non-finite numbers become {@code null} (JSON has no NaN), instants are
 * ISO-8601 strings, and {@code <}, {@code >}, {@code &}, U+2028 and U+2029 are written as
 * {@code \\uXXXX} escapes, so the text can sit inside an HTML {@code <script>} element whatever
 * the strings hold (a device id {@code </script>} cannot end the element).
 */
final class ReportJson {
    private static final ObjectWriter WRITER = new ObjectMapper()
            .registerModule(module())
            .writer()
            .with(new ScriptSafeEscapes());

    private ReportJson() {
    }

    static String toJson(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report as JSON", e);
        }
    }

    static String toPrettyJson(Object value) {
        try {
            // Objects indented, arrays on one line: curves and timelines stay readable and small.
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);
            return WRITER.with(printer).writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report as JSON", e);
        }
    }

    private static SimpleModule module() {
        SimpleModule module = new SimpleModule("evaluation-report");
        module.addSerializer(Instant.class, ToStringSerializer.instance);
        module.addSerializer(Double.class, new FiniteDoubleSerializer());
        module.addSerializer(Double.TYPE, new FiniteDoubleSerializer());
        module.addSerializer(double[].class, new FiniteDoubleArraySerializer());
        return module;
    }

    private static void writeNumber(JsonGenerator gen, double value) throws IOException {
        if (Double.isFinite(value)) {
            gen.writeNumber(value);
        } else {
            gen.writeNull();
        }
    }

    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            writeNumber(gen, value);
        }
    }

    private static final class FiniteDoubleArraySerializer extends StdSerializer<double[]> {
        FiniteDoubleArraySerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray(values, values.length);
            for (double v : values) {
                writeNumber(gen, v);
            }
            gen.writeEndArray();
        }
    }

    /** Jackson's standard escapes plus the characters that matter inside an HTML script element. */
    static final class ScriptSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] asciiEscapes;

        ScriptSafeEscapes() {
            asciiEscapes = standardAsciiEscapesForJSON();
            asciiEscapes['<'] = ESCAPE_STANDARD;
            asciiEscapes['>'] = ESCAPE_STANDARD;
            asciiEscapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028) {
                return new SerializedString("\\u2028");
            }
            if (ch == 0x2029) {
                return new SerializedString("\\u2029");
            }
            return null;
        }
    }
}

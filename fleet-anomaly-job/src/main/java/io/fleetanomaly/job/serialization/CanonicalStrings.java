package io.fleetanomaly.job.serialization;

import java.io.DataInput;
import java.io.IOException;
import org.apache.flink.types.StringValue;

/**
 * Reads strings written by {@link StringValue#writeString} (the same format, the same strings as
 * {@link StringValue#readString}) and hands out one {@code String} instance per content while it
 * stays in a bounded table, instead of a new one per record.
 *
 * <p>For the device id of every record on the keyBy exchange: the keyed state maps of the window
 * and CUSUM operators compare the record's key with the key they stored ({@code String.equals}),
 * which for a fresh string loads the stored key's bytes, a cache miss per state read on a large
 * fleet; with the instance they stored, {@code equals} stops at the reference. The table is
 * direct-mapped ({@value #SLOTS} slots, by the string's hash): a string whose slot another holds
 * replaces it, so a fleet larger than the table still reads correctly, each record then gets a new
 * string as before. Strings longer than {@value #LONGEST} chars are not kept.
 *
 * <p>Not thread-safe: one per serializer instance (see {@link SensorEventSerializer#duplicate()}).
 */
final class CanonicalStrings {
    static final int SLOTS = 1 << 14;
    static final int LONGEST = 64;
    private static final int HIGH_BIT = 0x80;

    private final String[] strings = new String[SLOTS];
    private final int[] hashes = new int[SLOTS];
    private char[] chars = new char[LONGEST];

    /** The next string of {@code in}, or null (as {@link StringValue#readString} reads it). */
    String read(DataInput in) throws IOException {
        // the length is written plus one, so that 0 is null; 7 bits a byte, the high bit = more
        int length = readVarInt(in, in.readUnsignedByte());
        if (length == 0) {
            return null;
        }
        length -= 1;
        if (length > LONGEST) {
            char[] longer = new char[length];
            readChars(in, longer, length);
            return new String(longer, 0, length);
        }
        int hash = readChars(in, chars, length);
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String known = strings[slot];
        if (known != null && hashes[slot] == hash && sameChars(known, chars, length)) {
            return known;
        }
        String read = new String(chars, 0, length);
        strings[slot] = read;
        hashes[slot] = hash;
        return read;
    }

    /** Reads {@code length} chars into {@code into}; returns their {@link String#hashCode()}. */
    private static int readChars(DataInput in, char[] into, int length) throws IOException {
        int hash = 0;
        for (int i = 0; i < length; i++) {
            char c = (char) readVarInt(in, in.readUnsignedByte());
            into[i] = c;
            hash = 31 * hash + c;
        }
        return hash;
    }

    private static int readVarInt(DataInput in, int first) throws IOException {
        if (first < HIGH_BIT) {
            return first;
        }
        int value = first & 0x7f;
        int shift = 7;
        int next;
        while ((next = in.readUnsignedByte()) >= HIGH_BIT) {
            value |= (next & 0x7f) << shift;
            shift += 7;
        }
        return value | (next << shift);
    }

    private static boolean sameChars(String known, char[] chars, int length) {
        if (known.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (known.charAt(i) != chars[i]) {
                return false;
            }
        }
        return true;
    }
}

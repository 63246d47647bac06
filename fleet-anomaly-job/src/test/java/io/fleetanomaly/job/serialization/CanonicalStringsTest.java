package io.fleetanomaly.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.events.SensorEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

class CanonicalStringsTest {

    /** Strings of every encoded shape: null, empty, one to three bytes a char, surrogates, lengths around the table's limit and the length's byte boundaries. */
    private static List<String> shapes() {
        List<String> strings = new ArrayList<>();
        strings.add(null);
        strings.add("");
        strings.add("telemetry-0001");
        strings.add("pump-ü-温度-\uD83D\uDE00");
        strings.add("\u007f\u0080\u3fff\u4000\uffff");
        strings.add("x".repeat(CanonicalStrings.LONGEST));
        strings.add("x".repeat(CanonicalStrings.LONGEST + 1));
        strings.add("y".repeat(126));
        strings.add("y".repeat(127));
        strings.add("z".repeat(16_383));
        strings.add("z".repeat(20_000));
        return strings;
    }

    @Test
    void readsWhatStringValueReadsAndTheSameInstanceForTheSameContent() throws IOException {
        List<String> strings = shapes();
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int pass = 0; pass < 2; pass++) {
            for (String s : strings) {
                StringValue.writeString(s, out);
            }
        }
        byte[] bytes = out.getCopyOfBuffer();
        DataInputDeserializer flink = new DataInputDeserializer(bytes);
        DataInputDeserializer ours = new DataInputDeserializer(bytes);
        CanonicalStrings canonical = new CanonicalStrings();
        List<String> first = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < strings.size(); i++) {
                String read = canonical.read(ours);
                assertThat(read).isEqualTo(StringValue.readString(flink)).isEqualTo(strings.get(i));
                if (pass == 0) {
                    first.add(read);
                } else if (read != null && read.length() <= CanonicalStrings.LONGEST) {
                    assertThat(read).as("string %d read again", i).isSameAs(first.get(i));
                }
            }
        }
        assertThat(ours.available()).isZero();
    }

    @Test
    void stringsSharingASlotAndMoreStringsThanSlotsStillReadRight() throws IOException {
        // two ids in one slot, alternating: each read must give its own content
        String a = "device-0";
        String b = null;
        for (int i = 1; b == null; i++) {
            String candidate = "device-" + i;
            if (slotOf(candidate) == slotOf(a)) {
                b = candidate;
            }
        }
        Random random = new Random(5);
        List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 4 * CanonicalStrings.SLOTS; i++) {
            sequence.add(i % 4 == 0 ? a : i % 4 == 2 ? b : "fleet-" + random.nextInt(3 * CanonicalStrings.SLOTS));
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (String s : sequence) {
            StringValue.writeString(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        CanonicalStrings canonical = new CanonicalStrings();
        for (String s : sequence) {
            assertThat(canonical.read(in)).isEqualTo(s);
        }
    }

    @Test
    void theSerializerGivesRecordsOfOneDeviceOneIdInstanceAndEachDuplicateItsOwnTable() throws IOException {
        SensorEventSerializer serializer = new SensorEventSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int i = 0; i < 3; i++) {
            serializer.serialize(new SensorEvent(new String("telemetry-0042"), i, new double[] {i}, 0,
                    new String("spike")), out);
        }
        byte[] bytes = out.getCopyOfBuffer();
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        SensorEvent first = serializer.deserialize(in);
        SensorEvent second = serializer.deserialize(in);
        assertThat(second.deviceId).isEqualTo("telemetry-0042").isSameAs(first.deviceId);
        assertThat(second.anomalyType).isEqualTo("spike").isSameAs(first.anomalyType);
        SensorEventSerializer duplicate = serializer.duplicate();
        assertThat(duplicate).isNotSameAs(serializer).isEqualTo(serializer);
        SensorEvent fromDuplicate = duplicate.deserialize(new DataInputDeserializer(bytes));
        assertThat(fromDuplicate.deviceId).isEqualTo("telemetry-0042").isNotSameAs(first.deviceId);
    }

    private static int slotOf(String s) {
        int hash = s.hashCode();
        return (hash ^ (hash >>> 16)) & (CanonicalStrings.SLOTS - 1);
    }
}

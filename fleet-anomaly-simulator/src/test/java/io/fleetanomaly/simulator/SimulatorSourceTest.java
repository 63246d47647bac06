package io.fleetanomaly.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.events.RawRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SimulatorSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** Small, but long enough for fault episodes, with missing readings. */
    private static final SimulatorSettings SMALL_FLEET = SimulatorSettings.builder()
            .devices(4)
            .eventsPerDevice(300)
            .faultyDeviceFraction(0.5)
            .faultFreeWarmupEvents(20)
            .missingRate(0.05)
            .build();

    @Test
    void theFlinkSourceEmitsEveryEventAsContractJsonInStreamOrder() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStreamSource<RawRecord> source = SimulatorSource.addTo(env, SMALL_FLEET, 0);
        assertThat(source.getParallelism()).isEqualTo(1);

        FleetSimulator fleet = new FleetSimulator(SMALL_FLEET);
        // One more than expected as the limit, so a surplus record would show.
        List<RawRecord> records = source.executeAndCollect("simulator-source-test", (int) fleet.totalEvents() + 1);

        assertThat(records).hasSize((int) fleet.totalEvents());
        int anomalous = 0;
        int missing = 0;
        for (int i = 0; i < records.size(); i++) {
            RawRecord record = records.get(i);
            assertThat(record.sourceTopic).isEqualTo("simulator");
            SimulatedEvent decoded = decode(record.value, fleet.featureNames());
            SimulatedEvent expected = fleet.eventAt(i);
            assertThat(decoded).as("record %d", i).isEqualTo(expected);
            anomalous += expected.label();
            for (int f = 0; f < expected.featureCount(); f++) {
                missing += Double.isNaN(expected.value(f)) ? 1 : 0;
            }
        }
        assertThat(anomalous).isPositive();
        assertThat(missing).isPositive();
    }

    @Test
    void aThrottledSourceEmitsTheSameEvents() throws Exception {
        SimulatorSettings tiny = SMALL_FLEET.toBuilder().eventsPerDevice(10).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        List<RawRecord> records = SimulatorSource.addTo(env, tiny, 2_000).executeAndCollect("throttled", 41);
        FleetSimulator fleet = new FleetSimulator(tiny);
        assertThat(records).hasSize(40);
        for (int i = 0; i < records.size(); i++) {
            assertThat(decode(records.get(i).value, fleet.featureNames())).isEqualTo(fleet.eventAt(i));
        }
    }

    @Test
    void theSourceIsBoundedAndRejectsNegativeRates() {
        assertThat(SimulatorSource.create(SMALL_FLEET, 0).getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThatThrownBy(() -> SimulatorSource.create(SMALL_FLEET, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventsPerSecond");
        assertThatThrownBy(() -> SimulatorSource.create(SMALL_FLEET, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writeCsvRoundTrips(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fleet.csv");
        SimulatorSource.writeCsv(SMALL_FLEET, file);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0))
                .isEqualTo("device_id,ts,temperature_c,pressure_bar,vibration_mm_s,flow_l_min,power_kw,label,anomaly_type");
        FleetSimulator fleet = new FleetSimulator(SMALL_FLEET);
        assertThat(lines).hasSize(1 + (int) fleet.totalEvents());
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            assertThat(cells).hasSize(9);
            double[] values = new double[5];
            for (int f = 0; f < 5; f++) {
                values[f] = cells[2 + f].isEmpty() ? Double.NaN : Double.parseDouble(cells[2 + f]);
            }
            String anomalyType = cells[8].isEmpty() ? null : cells[8];
            SimulatedEvent parsed = new SimulatedEvent(
                    cells[0], Long.parseLong(cells[1]), values, Integer.parseInt(cells[7]), anomalyType);
            assertThat(parsed).as("line %d", i).isEqualTo(fleet.eventAt(i - 1));
        }
    }

    private static SimulatedEvent decode(byte[] json, List<String> featureNames) throws IOException {
        JsonNode node = JSON.readTree(json);
        JsonNode readings = node.get("readings");
        List<String> names = new ArrayList<>();
        Iterator<String> fields = readings.fieldNames();
        fields.forEachRemaining(names::add);
        assertThat(names).isEqualTo(featureNames);
        double[] values = new double[featureNames.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode reading = readings.get(featureNames.get(i));
            values[i] = reading.isNull() ? Double.NaN : reading.doubleValue();
        }
        JsonNode anomalyType = node.get("anomaly_type");
        return new SimulatedEvent(
                node.get("device_id").asText(),
                node.get("ts").longValue(),
                values,
                node.get("label").intValue(),
                anomalyType.isNull() ? null : anomalyType.asText());
    }
}

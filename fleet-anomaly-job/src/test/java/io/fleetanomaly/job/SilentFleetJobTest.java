package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertResolution;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.EventJsonWriter;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * Part of the fleet goes silent, each with an alert open, while the rest keeps sending: through the
 * whole job on a MiniCluster, the silent devices' alerts resolve as {@code device_silent} the idle
 * timeout (event time) after their last event; the devices that keep sending get no such record.
 */
class SilentFleetJobTest {
    static final Duration IDLE = Duration.ofMinutes(10);

    @Test
    void theSilentPartOfTheFleetHasItsAlertsResolvedAsDeviceSilent() throws Exception {
        ModelBundle bundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .devices(4).eventsPerDevice(2400).seed(21).faultyDeviceFraction(0).missingRate(0).build());
        List<String> silent = List.of(fleet.eventAt(0).toSensorEvent().deviceId, fleet.eventAt(1).toSensorEvent().deviceId);
        EventJsonWriter writer = new EventJsonWriter(bundle.features());
        List<RawRecord> records = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Long> lastTs = new HashMap<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            SensorEvent e = fleet.eventAt(i).toSensorEvent();
            int index = seen.merge(e.deviceId, 1, Integer::sum) - 1;
            if (silent.contains(e.deviceId)) {
                if (index >= 400) {
                    continue; // silent from its 400th event on
                }
                if (index >= 300) {
                    e.values[0] *= 1.5; // a gross fault, so an alert is open when it falls silent
                }
            }
            lastTs.put(e.deviceId, e.ts);
            records.add(RawRecord.of(writer.write(e), "test"));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        JobSettings settings = JobSettings.builder().parallelism(1).deviceIdleTimeout(IDLE)
                .deviceStateTtl(Duration.ofMinutes(30)).build();
        JobStreams streams = FleetAnomalyJob.buildGraph(
                env.fromData(records, TypeInformation.of(RawRecord.class)), bundle, settings);
        List<Alert> alerts = new ArrayList<>();
        try (CloseableIterator<Alert> it = streams.alerts().executeAndCollect("silent-fleet")) {
            it.forEachRemaining(alerts::add);
        }

        for (String device : silent) {
            List<Alert> ofDevice = alerts.stream().filter(a -> a.deviceId.equals(device)).toList();
            assertThat(ofDevice).as(device).isNotEmpty();
            Alert last = ofDevice.get(ofDevice.size() - 1);
            assertThat(last.status).as(device).isEqualTo(AlertStatus.RESOLVED);
            assertThat(last.resolution).as(device).isEqualTo(AlertResolution.DEVICE_SILENT);
            assertThat(last.ts).as(device).isEqualTo(lastTs.get(device) + IDLE.toMillis());
        }
        assertThat(alerts.stream().filter(a -> !silent.contains(a.deviceId)))
                .noneMatch(a -> a.resolution == AlertResolution.DEVICE_SILENT);
    }
}

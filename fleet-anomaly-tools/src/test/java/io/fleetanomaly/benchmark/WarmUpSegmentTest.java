package io.fleetanomaly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.simulator.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The latency pass's warm-up segment: other devices' whole series before the fleet's first step; when it is done. */
class WarmUpSegmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BenchmarkEvents EVENTS = BenchmarkEvents.generate(
            SimulatorSettings.builder().devices(10).eventsPerDevice(200).seed(5).build());

    @Test
    void sendsWholeSeriesOfOtherDeviceIdsBeforeTheFleetsFirstStep() throws Exception {
        WarmUpSegment segment = WarmUpSegment.of(EVENTS, 1000, 1.2); // 1,200 events = 6 whole series

        assertThat(segment.devices()).isEqualTo(6);
        assertThat(segment.size()).isEqualTo(6 * 200);
        Set<String> fleetIds = new HashSet<>();
        for (int d = 0; d < EVENTS.devices(); d++) {
            fleetIds.add(EVENTS.events()[d].deviceId);
        }
        long fleetStart = EVENTS.settings().startTs();
        long interval = EVENTS.settings().intervalMs();
        for (int i = 0; i < segment.size(); i++) {
            JsonNode event = JSON.readTree(segment.value(i));
            String id = event.get("device_id").asText();
            int device = i % 6;
            int step = i / 6;
            SensorEvent original = EVENTS.events()[step * EVENTS.devices() + device];
            assertThat(id).isEqualTo(WarmUpSegment.PREFIX + original.deviceId).isNotIn(fleetIds);
            assertThat(WarmUpSegment.isWarmUp(id)).isTrue();
            assertThat(new String(segment.key(i), StandardCharsets.UTF_8)).isEqualTo(id);
            // the same series, moved back by its own length: every warm-up event precedes the fleet's first
            assertThat(event.get("ts").asLong()).isEqualTo(original.ts - 200 * interval).isLessThan(fleetStart);
        }
        assertThat(WarmUpSegment.isWarmUp(EVENTS.events()[0].deviceId)).isFalse();
    }

    @Test
    void holdsAtLeastTwoAndAtMostTheFleetsDevices() {
        assertThat(WarmUpSegment.of(EVENTS, 10, 1).devices()).isEqualTo(2);
        assertThat(WarmUpSegment.of(EVENTS, 1_000_000, 10).devices()).isEqualTo(10);
    }

    @Test
    void isReadyTwoCheckpointsAfterTheFirstWarmUpAlert() {
        WarmUpSegment.Readiness readiness = new WarmUpSegment.Readiness();
        readiness.observe(0, 3); // checkpoints before any alert do not count
        readiness.observe(0, 4);
        assertThat(readiness.alertSeen()).isFalse();
        assertThat(readiness.ready()).isFalse();

        readiness.observe(2, 4);
        readiness.observe(5, 5);
        assertThat(readiness.alertSeen()).isTrue();
        assertThat(readiness.checkpointsAfterFirstAlert()).isEqualTo(1);
        assertThat(readiness.ready()).isFalse();

        readiness.observe(9, 6);
        assertThat(readiness.checkpointsAfterFirstAlert()).isEqualTo(2);
        assertThat(readiness.ready()).isTrue();
    }
}

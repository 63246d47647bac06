package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.testing.TestBundles;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A flood of distinct device ids (a broken client making one up per record, a scan): 200,000 ids
 * with one event each go through the window operator without failing it, each is held as a device
 * (warming up), and once event time passes the state TTL none of them keeps any state or timer —
 * with the heap (HashMap) backend and with RocksDB.
 */
class DeviceIdFloodTest {
    static final int IDS = 200_000;
    static final Duration TTL = Duration.ofHours(1);
    static final long T0 = 1_767_225_600_000L;

    @Test
    void aFloodOfDeviceIdsLeavesNoStateAfterTheTtlOnTheHeap() throws Exception {
        flood(false);
    }

    @Test
    void aFloodOfDeviceIdsLeavesNoStateAfterTheTtlOnRocksDb() throws Exception {
        flood(true);
    }

    private static void flood(boolean rocksDb) throws Exception {
        ModelBundle bundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        JobSettings settings = JobSettings.builder().deviceStateTtl(TTL).deviceIdleTimeout(Duration.ofMinutes(10)).build();
        DeviceScoringFunction function = new DeviceScoringFunction(bundle, settings);
        DeviceScoringOperator operator = new DeviceScoringOperator(function);
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<String, SensorEvent, ScoredEvent>(
                operator, new DeviceIdSelector.OfEvent(), Types.STRING)) {
            if (rocksDb) {
                harness.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
            harness.open();
            double[] values = bundle.scaler().mean().clone();
            long scored = 0;
            for (int i = 0; i < IDS; i++) {
                long ts = T0 + i;
                harness.processElement(new SensorEvent("flood-" + i, ts, values.clone(), -1, null), ts);
                if (i % 10_000 == 9_999) {
                    scored += harness.getOutput().size();
                    harness.getOutput().clear(); // the test keeps no output it does not need
                }
            }
            scored += harness.getOutput().size();
            harness.getOutput().clear();
            assertThat(scored).as("every event came out (warming up)").isEqualTo(IDS);
            assertThat(function.devicesInState()).isEqualTo(IDS);
            assertThat(operator.devicesInBackend()).isEqualTo(IDS);
            assertThat(harness.numEventTimeTimers()).as("one expiry timer per device").isEqualTo(IDS);

            harness.processWatermark(new Watermark(T0 + IDS + TTL.toMillis()));
            assertThat(function.devicesInState()).isZero();
            assertThat(operator.devicesInBackend()).as("no device-window state left").isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
            if (!rocksDb) {
                assertThat(harness.numKeyedStateEntries()).as("no keyed state of any name").isZero();
            }
        }
    }
}

package io.fleetanomaly.job.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.bundle.BundleOverrides;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.AlertingOverrides;
import io.fleetanomaly.control.ControlKind;
import io.fleetanomaly.control.ControlRefusal;
import io.fleetanomaly.control.ControlResult;
import io.fleetanomaly.control.ControlState;
import io.fleetanomaly.control.ControlStatus;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.testing.TestBundles;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decisions on real loaded control records, in order, with the operator's state snapshotted and restored. */
class ControlDecisionFunctionTest {
    @TempDir
    static Path bundles;
    static ModelBundle startup;
    static Path compatible;
    static Path otherFeatures;
    static Path lowH;

    final ControlBundleLoader loader = new ControlBundleLoader(BundleOverrides.none(), ControlBundleLoader.DEFAULT_TIMEOUT);
    OneInputStreamOperatorTestHarness<LoadedControl, ControlState> harness;
    long offset;

    @BeforeAll
    static void writeBundles() {
        startup = TestBundles.shipped(SimulatorProfile.INDUSTRIAL);
        compatible = ControlBundles.write(startup.withVersion("industrial-v2"), bundles.resolve("v2"));
        otherFeatures = ControlBundles.write(TestBundles.shipped(SimulatorProfile.TELEMETRY), bundles.resolve("telemetry"));
        lowH = ControlBundles.write(startup.withVersion("industrial-low-h").withAlertSettings(
                startup.alertSettings().toBuilder().h(2.5).resetLevel(0.5).build()), bundles.resolve("low-h"));
    }

    @BeforeEach
    void open() throws Exception {
        harness = openHarness(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static OneInputStreamOperatorTestHarness<LoadedControl, ControlState> openHarness(OperatorSubtaskState restore)
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ControlDecisionFunction(startup)));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    /** Sends one control record through the real loader and this decision; returns its result. */
    private ControlResult send(String json) throws Exception {
        harness.processElement(new StreamRecord<>(loader.load(ControlBundles.record(json, offset++))));
        List<ControlResult> results = List.copyOf(harness.getSideOutput(ControlDecisionFunction.RESULTS))
                .stream().map(StreamRecord::getValue).toList();
        return results.get(results.size() - 1);
    }

    private List<ControlState> accepted() {
        return harness.extractOutputValues();
    }

    @Test
    void aCompatibleBundleIsAcceptedOnceThenUnchanged() throws Exception {
        ControlResult result = send(ControlBundles.modelMessage("swap-1", compatible, false));
        assertThat(result.status).as(result.detail).isEqualTo(ControlStatus.ACCEPTED);
        assertThat(result.controlId).isEqualTo("swap-1");
        assertThat(result.kind).isEqualTo(ControlKind.MODEL);
        assertThat(result.modelVersion).isEqualTo("industrial-v2");
        assertThat(result.previousModelVersion).isEqualTo(startup.version());
        assertThat(result.detail).contains("devices keep their windows");
        assertThat(accepted()).hasSize(1);
        assertThat(accepted().get(0).sequence).isEqualTo(1);
        assertThat(accepted().get(0).model.version).isEqualTo("industrial-v2");

        ControlResult again = send(ControlBundles.modelMessage("swap-1-again", compatible, false));
        assertThat(again.status).isEqualTo(ControlStatus.UNCHANGED);
        assertThat(accepted()).as("nothing new to broadcast").hasSize(1);
    }

    @Test
    void otherFeaturesNeedARewarm() throws Exception {
        ControlResult refused = send(ControlBundles.modelMessage("t", otherFeatures, false));
        assertThat(refused.status).isEqualTo(ControlStatus.REFUSED);
        assertThat(refused.reason).isEqualTo(ControlRefusal.INCOMPATIBLE_BUNDLE);
        assertThat(refused.detail).contains("8 features").contains("5 features").contains("\"rewarm\": true");
        assertThat(refused.modelVersion).as("the running model stays").isEqualTo(startup.version());
        assertThat(accepted()).isEmpty();

        ControlResult rewarmed = send(ControlBundles.modelMessage("t-rewarm", otherFeatures, true));
        assertThat(rewarmed.status).isEqualTo(ControlStatus.ACCEPTED);
        assertThat(rewarmed.rewarm).isTrue();
        assertThat(rewarmed.detail).contains("every device warms up again");
        assertThat(accepted().get(0).model.rewarm).isTrue();
    }

    @Test
    void aBundleReadingDeviceScaledInputsNeedsARewarm(@TempDir Path dir) throws Exception {
        ModelBundle deviceScaled = startup.withVersion("industrial-device-scaled").withMahalanobisSettings(
                startup.mahalanobisSettings().withMode(MahalanobisMode.DEVICE).withDeviceScaling(0, 0, 0));
        Path written = ControlBundles.write(deviceScaled, dir);
        ControlResult refused = send(ControlBundles.modelMessage("ds", written, false));
        assertThat(refused.reason).as(refused.detail).isEqualTo(ControlRefusal.INCOMPATIBLE_BUNDLE);
        assertThat(refused.detail).contains("device-scaled inputs").contains("\"rewarm\": true");
        assertThat(send(ControlBundles.modelMessage("ds-rewarm", written, true)).status).isEqualTo(ControlStatus.ACCEPTED);
    }

    @Test
    void aRefusalFoundWhileLoadingKeepsTheRunningModel(@TempDir Path dir) throws Exception {
        Path corrupt = ControlBundles.corrupt(ControlBundles.write(startup.withVersion("corrupt"), dir), "mahalanobis.json");
        ControlResult result = send(ControlBundles.modelMessage("c", corrupt, false));
        assertThat(result.status).isEqualTo(ControlStatus.REFUSED);
        assertThat(result.reason).isEqualTo(ControlRefusal.BUNDLE_INVALID);
        assertThat(result.detail).contains("checksum mismatch for mahalanobis.json");
        assertThat(result.modelVersion).isEqualTo(startup.version());
        assertThat(result.sourceOffset).isEqualTo(0);
        assertThat(accepted()).isEmpty();

        ControlResult unreadable = send("{\"bundle\":");
        assertThat(unreadable.reason).isEqualTo(ControlRefusal.NOT_JSON);
        assertThat(unreadable.controlId).isEqualTo("model-control/0/1");
        assertThat(unreadable.kind).isNull();
    }

    @Test
    void alertingOverridesAreCheckedForEveryDeviceTheyReach() throws Exception {
        ControlResult set = send("{\"id\":\"h\",\"device_prefix\":\"pump-00\",\"alerting\":{\"h\":6.5}}");
        assertThat(set.status).as(set.detail).isEqualTo(ControlStatus.ACCEPTED);
        assertThat(set.devicePrefix).isEqualTo("pump-00");
        assertThat(set.detail).contains("h=6.5");
        AlertingOverrides inForce = accepted().get(0).alertingOverrides();
        assertThat(inForce.settingsFor("pump-0001", startup.alertSettings()).h()).isEqualTo(6.5);
        assertThat(inForce.settingsFor("pump-0101", startup.alertSettings())).isEqualTo(startup.alertSettings());

        assertThat(send("{\"device_prefix\":\"pump-00\",\"alerting\":{\"h\":6.5}}").status).isEqualTo(ControlStatus.UNCHANGED);

        // fleet-wide reset level 6 is above the bundle's h (5): not valid outside pump-00
        ControlResult invalid = send("{\"alerting\":{\"reset_level\":6}}");
        assertThat(invalid.status).isEqualTo(ControlStatus.REFUSED);
        assertThat(invalid.reason).isEqualTo(ControlRefusal.INVALID_OVERRIDE);
        assertThat(invalid.detail).contains("the whole fleet").contains("resetLevel");

        ControlResult cleared = send("{\"device_prefix\":\"pump-00\",\"alerting\":{}}");
        assertThat(cleared.status).isEqualTo(ControlStatus.ACCEPTED);
        assertThat(accepted().get(accepted().size() - 1).alertingOverrides().isEmpty()).isTrue();
    }

    @Test
    void aBundleMustFitTheOverridesInForce() throws Exception {
        assertThat(send("{\"alerting\":{\"reset_level\":3}}").status).isEqualTo(ControlStatus.ACCEPTED);
        ControlResult result = send(ControlBundles.modelMessage("low-h", lowH, false));
        assertThat(result.status).isEqualTo(ControlStatus.REFUSED);
        assertThat(result.reason).isEqualTo(ControlRefusal.INVALID_OVERRIDE);
        assertThat(result.detail).contains("do not fit bundle industrial-low-h").contains("resetLevel");
    }

    @Test
    void afterARestoreTheLastAcceptedModelAndOverridesAreInForce() throws Exception {
        send(ControlBundles.modelMessage("swap", compatible, false));
        send("{\"alerting\":{\"h\":7}}");
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = openHarness(snapshot);
        ControlDecisionFunction restored = (ControlDecisionFunction) ((ProcessOperator<?, ?>) harness.getOneInputOperator())
                .getUserFunction();
        ControlState state = restored.current();
        assertThat(state.sequence).isEqualTo(2);
        assertThat(state.model.version).isEqualTo("industrial-v2");
        assertThat(state.alertingOverrides().settingsFor("any", AlertSettings.defaults()).h()).isEqualTo(7.0);

        ControlResult again = send(ControlBundles.modelMessage("swap-again", compatible, false));
        assertThat(again.status).as("decided against the restored model").isEqualTo(ControlStatus.UNCHANGED);
    }
}

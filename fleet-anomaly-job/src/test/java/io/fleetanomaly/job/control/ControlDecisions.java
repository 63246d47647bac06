package io.fleetanomaly.job.control;

import io.fleetanomaly.bundle.BundleOverrides;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.ControlResult;
import io.fleetanomaly.control.ControlState;
import io.fleetanomaly.control.ControlStatus;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * Control messages through the real loader and decision, for tests of the operators that apply
 * their results: {@link #accept} returns the control state a message puts in force.
 */
final class ControlDecisions implements AutoCloseable {
    private final ControlBundleLoader loader;
    private final OneInputStreamOperatorTestHarness<LoadedControl, ControlState> decisions;
    private long offset;

    ControlDecisions(ModelBundle startup) throws Exception {
        this(startup, BundleOverrides.none());
    }

    ControlDecisions(ModelBundle startup, BundleOverrides overrides) throws Exception {
        loader = new ControlBundleLoader(overrides, ControlBundleLoader.DEFAULT_TIMEOUT);
        decisions = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ControlDecisionFunction(startup)));
        decisions.open();
    }

    /** The control state the message puts in force; fails the test when it is not accepted. */
    ControlState accept(String json) throws Exception {
        decisions.processElement(new StreamRecord<>(loader.load(ControlBundles.record(json, offset++))));
        List<StreamRecord<? extends ControlResult>> results = List.copyOf(decisions.getSideOutput(ControlDecisionFunction.RESULTS));
        ControlResult result = results.get(results.size() - 1).getValue();
        if (result.status != ControlStatus.ACCEPTED) {
            throw new AssertionError("control message " + json + " was not accepted: " + result.reason + " " + result.detail);
        }
        List<ControlState> accepted = decisions.extractOutputValues();
        return accepted.get(accepted.size() - 1);
    }

    @Override
    public void close() throws Exception {
        decisions.close();
    }
}

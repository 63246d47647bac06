package io.fleetanomaly.job.control;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.bundle.AlertingParameters;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.AlertingOverrides;
import io.fleetanomaly.control.ControlKind;
import io.fleetanomaly.control.ControlMessage;
import io.fleetanomaly.control.ControlMessageParser;
import io.fleetanomaly.control.ControlRefusal;
import io.fleetanomaly.control.ControlRefusedException;
import io.fleetanomaly.control.ControlResult;
import io.fleetanomaly.control.ControlState;
import io.fleetanomaly.control.ControlStatus;
import io.fleetanomaly.control.ModelLineage;
import io.fleetanomaly.control.ModelLineages;
import io.fleetanomaly.control.ModelRelease;
import io.fleetanomaly.events.RawRecord;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on each loaded control message, one at a time and in order (parallelism 1): whether a
 * bundle may replace the running one (same features and window, or {@code rewarm} asked for;
 * the alerting overrides in force must fit it), whether alerting overrides are valid for every
 * device they reach. Every message gets a {@link ControlResult} on {@link #RESULTS} and a log line;
 * an accepted one also a new {@link ControlState} downstream, to be broadcast to the scoring and
 * alert operators. A refused message changes nothing, and nothing here fails the job.
 *
 * <p>What is in force is operator state ({@value #STATE_NAME}), so a restore continues from the
 * last accepted message.
 */
public class ControlDecisionFunction extends ProcessFunction<LoadedControl, ControlState> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ControlDecisionFunction.class);

    public static final OutputTag<ControlResult> RESULTS =
            new OutputTag<>("control-results", TypeInformation.of(ControlResult.class));
    static final String STATE_NAME = "control-state";
    /** Features the job may parse: the start-up bundle's and those of every bundle swapped in since. */
    static final int MAX_PARSED_FEATURES = 256;

    /** The bundle the job starts with, without files: in force while the control state names no model. */
    private final ModelRelease startup;

    private transient ListState<ControlState> stored;
    private transient ControlState current;
    private transient Counter accepted;
    private transient Counter refused;

    /** @param startup the bundle the job starts with, with the configuration's overrides */
    public ControlDecisionFunction(ModelBundle startup) {
        this.startup = ModelRelease.describing(startup);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        stored = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>(STATE_NAME, TypeInformation.of(ControlState.class)));
        Iterator<ControlState> restored = stored.get().iterator();
        if (!restored.hasNext()) {
            current = ControlState.initial(startup.contentHash, Arrays.asList(startup.features));
            return;
        }
        ControlState last = restored.next();
        current = last.forStartup(startup.contentHash, Arrays.asList(startup.features));
        if (current != last) {
            LOG.warn("The job was started with bundle {}, not the bundle the restored control state was built on:"
                    + " the model {} and the alerting overrides the control stream had put in force are dropped",
                    startup.version, last.model == null ? "it started with" : last.model.describe());
        } else if (current.sequence > 0) {
            LOG.info("Control state restored: model {}, alerting overrides for {} prefixes ({} accepted changes)",
                    versionInForce(), current.alertingOverrides().toState().length, current.sequence);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        stored.update(List.of(current));
    }

    @Override
    public void open(OpenContext openContext) {
        var metrics = getRuntimeContext().getMetricGroup().addGroup("fleet_anomaly");
        accepted = metrics.counter("control_accepted");
        refused = metrics.counter("control_refused");
    }

    /** What is in force now (for tests and the scoring operators' start). */
    ControlState current() {
        return current;
    }

    @Override
    public void processElement(LoadedControl loaded, Context ctx, Collector<ControlState> out) {
        ControlResult result = newResult(loaded.record);
        try {
            // an unreadable message is refused here as the loader refused it; a readable one names itself
            ControlMessage message = ControlMessageParser.parse(loaded.record.value);
            result.kind = message.kind();
            if (message.id() != null) {
                result.controlId = message.id();
            }
            if (message.kind() == ControlKind.MODEL) {
                result.bundle = message.bundle();
            } else {
                result.devicePrefix = message.devicePrefix();
            }
            if (loaded.refusal != null) {
                throw new ControlRefusedException(loaded.refusal, loaded.refusalDetail);
            }
            ControlState next = message.kind() == ControlKind.MODEL
                    ? decideModel(message, loaded.model, result)
                    : decideAlerting(message, result);
            if (next != null) {
                current = next;
                out.collect(next);
            }
        } catch (ControlRefusedException e) {
            result.status = ControlStatus.REFUSED;
            result.reason = e.reason();
            result.detail = e.detail();
        } catch (RuntimeException e) {
            result.status = ControlStatus.REFUSED;
            result.reason = ControlRefusal.LOAD_FAILURE;
            result.detail = "the decision failed: " + e;
        }
        result.modelVersion = versionInForce();
        result.decidedAt = System.currentTimeMillis();
        log(result);
        ctx.output(RESULTS, result);
    }

    /** The next state when the bundle may replace the running one; null when it is the running one. */
    private ControlState decideModel(ControlMessage message, ModelRelease release, ControlResult result) {
        ModelRelease running = inForce();
        boolean same = current.model != null
                ? running.manifestSha256.equals(release.manifestSha256)
                : running.contentHash.equals(release.contentHash) && running.version.equals(release.version);
        if (same) {
            result.status = ControlStatus.UNCHANGED;
            result.detail = "bundle " + release.describe() + " is already in force";
            return null;
        }
        boolean sameShape = Arrays.equals(running.features, release.features) && running.window == release.window;
        if (!sameShape && !message.rewarm()) {
            throw new ControlRefusedException(ControlRefusal.INCOMPATIBLE_BUNDLE, "bundle " + release.version
                    + " reads " + describeShape(release.features, release.window) + ", the running bundle "
                    + running.version + " " + describeShape(running.features, running.window) + "; devices cannot keep their"
                    + " windows. Send \"rewarm\": true to swap anyway: every device then warms up again");
        }
        if ((running.deviceScaledInputs || release.deviceScaledInputs) && !message.rewarm()) {
            throw new ControlRefusedException(ControlRefusal.INCOMPATIBLE_BUNDLE, (running.deviceScaledInputs
                    ? "the running bundle " + running.version : "bundle " + release.version)
                    + " reads device-scaled inputs: each device's window and scale were fitted for that model."
                    + " Send \"rewarm\": true to swap anyway: every device then warms up again");
        }
        if (ControlState.withFeatures(current.features, release.features).length > MAX_PARSED_FEATURES) {
            throw new ControlRefusedException(ControlRefusal.INCOMPATIBLE_BUNDLE, "bundle " + release.version + " would take"
                    + " the features the job parses since it started beyond " + MAX_PARSED_FEATURES
                    + "; start the job again with it as its bundle");
        }
        AlertingOverrides overrides = current.alertingOverrides();
        try {
            overrides.settingsByPrefix(baseSettings(release.alerting));
        } catch (ControlRefusedException e) {
            throw new ControlRefusedException(ControlRefusal.INVALID_OVERRIDE, "the alerting overrides in force do not"
                    + " fit bundle " + release.version + ": " + e.detail() + "; change or clear them first");
        }
        result.status = ControlStatus.ACCEPTED;
        result.previousModelVersion = running.version;
        result.rewarm = message.rewarm();
        result.detail = "model " + release.describe() + " replaces " + running.version
                + (message.rewarm() ? "; every device warms up again" : "; devices keep their windows and baselines");
        ModelLineage[] continues = message.rewarm() ? new ModelLineage[0]
                : ModelLineages.afterSwap(running.lineage(), current.continues, release.lineage().fingerprint);
        return current.next(release, current.overrides, continues);
    }

    /** The next state with the message's overrides for its prefix; null when they are already in force. */
    private ControlState decideAlerting(ControlMessage message, ControlResult result) {
        String prefix = message.devicePrefix();
        AlertingOverrides before = current.alertingOverrides();
        AlertingOverrides after = before.with(prefix, message.alerting());
        AlertSettings base = baseSettings(inForce().alerting);
        var settings = after.settingsByPrefix(base);
        if (settings.equals(before.settingsByPrefix(base))) {
            result.status = ControlStatus.UNCHANGED;
            result.detail = "these alerting overrides for " + AlertingOverrides.describe(prefix) + " are already in force";
            return null;
        }
        result.status = ControlStatus.ACCEPTED;
        AlertSettings in = settings.get(prefix);
        result.detail = in == null
                ? "alerting overrides for " + AlertingOverrides.describe(prefix) + " cleared"
                : "alerting for " + AlertingOverrides.describe(prefix) + " now h=" + in.h() + ", k=" + in.k()
                        + ", severity_scale=" + in.severityScale() + " (longer prefixes with overrides of their own keep them)";
        return current.next(current.model, after.toState(), current.continues);
    }

    private static AlertSettings baseSettings(AlertingParameters alerting) {
        return alerting.applyTo(AlertSettings.defaults());
    }

    /** The model in force: the control state's, else the start-up bundle. */
    private ModelRelease inForce() {
        return current.model != null ? current.model : startup;
    }

    private String versionInForce() {
        return inForce().version;
    }

    private static String describeShape(String[] features, int window) {
        return features.length + " features " + Arrays.toString(features) + " over a window of " + window;
    }

    private static ControlResult newResult(RawRecord record) {
        ControlResult result = new ControlResult();
        result.sourceTopic = record.sourceTopic;
        result.sourcePartition = record.sourcePartition;
        result.sourceOffset = record.sourceOffset;
        result.controlId = record.sourcePartition >= 0
                ? record.sourceTopic + "/" + record.sourcePartition + "/" + record.sourceOffset
                : "control message " + (record.sourceTopic == null ? "" : "from " + record.sourceTopic + " ")
                        + "(no source position)";
        return result;
    }

    private void log(ControlResult result) {
        if (result.status == ControlStatus.REFUSED) {
            refused.inc();
            LOG.warn("Control message {} refused ({}): {}. Model {} stays in force.", result.controlId, result.reason,
                    result.detail, result.modelVersion);
        } else {
            if (result.status == ControlStatus.ACCEPTED) {
                accepted.inc();
            }
            LOG.info("Control message {} {}: {}", result.controlId, result.status.name().toLowerCase(java.util.Locale.ROOT),
                    result.detail);
        }
    }
}

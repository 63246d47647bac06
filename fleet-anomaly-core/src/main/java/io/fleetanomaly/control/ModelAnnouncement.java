package io.fleetanomaly.control;

import io.fleetanomaly.bundle.ModelBundle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;

/**
 * What the scoring operator tells the operators after it (LSTM scoring, CUSUM alerts) in-band,
 * on the same channel as the events, before the first event it scores with another model or
 * other alerting overrides: so every event is preceded by the model that scored it, whatever the
 * timing of the control stream, and the downstream operators look nothing up by time. Carried by a
 * {@code ScoredEvent} whose {@code announcement} is set (not an event: never scored, never output).
 *
 * <p>The model travels as Java serialization of the {@link ModelBundle}, as the job graph ships the
 * start-up bundle: announcements live only between operators of one running job, never in state
 * (control state keeps the bundle's files, see {@link ModelRelease}). A Flink POJO.
 */
public class ModelAnnouncement {
    /** The control state's sequence number: accepted changes so far. */
    public long sequence;
    /** The model in force, Java-serialized (with the job configuration's overrides applied). */
    public byte[] bundle;
    /** The alerting overrides in force. */
    public AlertingOverride[] overrides;
    /** Earlier models whose device state this one continues. */
    public ModelLineage[] continues;

    private transient ModelBundle deserialized;

    public ModelAnnouncement() {}

    public static ModelAnnouncement of(long sequence, ModelBundle bundle, AlertingOverrides overrides,
            ModelLineage[] continues) {
        ModelAnnouncement announcement = new ModelAnnouncement();
        announcement.sequence = sequence;
        announcement.bundle = serialize(bundle);
        announcement.overrides = overrides.toState();
        announcement.continues = continues == null ? new ModelLineage[0] : continues;
        announcement.deserialized = bundle;
        return announcement;
    }

    /** The model announced (deserialized once per announcement object). */
    public ModelBundle model() {
        if (deserialized == null) {
            deserialized = deserialize(bundle);
        }
        return deserialized;
    }

    public AlertingOverrides alertingOverrides() {
        return AlertingOverrides.fromState(overrides);
    }

    private static byte[] serialize(ModelBundle bundle) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize model bundle " + bundle.version(), e);
        }
        return bytes.toByteArray();
    }

    private static ModelBundle deserialize(byte[] bytes) {
        try (ObjectInputStream in = new OwnClassLoaderInput(new ByteArrayInputStream(bytes))) {
            return (ModelBundle) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the announced model bundle: " + e, e);
        }
    }

    /** Resolves classes with the loader of this class (Flink's user-code class loader in a cluster). */
    private static final class OwnClassLoaderInput extends ObjectInputStream {
        OwnClassLoaderInput(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, ModelAnnouncement.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(description);
            }
        }
    }
}

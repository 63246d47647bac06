package io.fleetanomaly.detectors.lstm;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.HashMap;
import java.util.Map;

/**
 * One ORT session per model and settings in this JVM (in Flink: per TaskManager, per job class
 * loader), shared by every operator instance that scores with it.
 *
 * <p>{@link #acquire} opens the session on first use and hands out a {@link Lease}; the session is
 * closed when the last lease is closed. Sessions are keyed by the model's SHA-256 and the
 * {@link OnnxSessionSettings}; every acquire checks the session against the caller's manifest
 * (names, W, F), so two bundles with the same bytes but different manifests are each checked.
 *
 * <p>Thread-safe: opening, leasing and closing hold one lock; {@link OrtSession#run} is
 * thread-safe in ONNX Runtime, so leases are used concurrently without it.
 */
public final class SharedOrtSessions {
    private static final Object LOCK = new Object();
    private static final Map<Key, SharedSession> SESSIONS = new HashMap<>();

    private SharedOrtSessions() {}

    /**
     * A lease on the shared session for this model and settings, opening the session if none is
     * open. Close the lease when done (an operator's {@code close()}).
     *
     * @throws IllegalArgumentException if the model cannot be loaded or does not match its manifest
     */
    public static Lease acquire(LstmAutoencoderModel model, OnnxSessionSettings settings) {
        Key key = new Key(model.sha256(), settings);
        synchronized (LOCK) {
            SharedSession shared = SESSIONS.get(key);
            if (shared == null) {
                shared = new SharedSession(OrtSessionOpener.open(model, settings));
                SESSIONS.put(key, shared);
            } else {
                OrtSessionOpener.checkSignature(shared.session, model);
            }
            shared.leases++;
            return new Lease(key, shared.session, model, settings);
        }
    }

    /** How many sessions are open in this JVM (for tests and metrics). */
    public static int openSessions() {
        synchronized (LOCK) {
            return SESSIONS.size();
        }
    }

    private static void release(Key key) {
        SharedSession toClose = null;
        synchronized (LOCK) {
            SharedSession shared = SESSIONS.get(key);
            if (shared == null) {
                throw new IllegalStateException("no shared ORT session for " + key);
            }
            shared.leases--;
            if (shared.leases == 0) {
                SESSIONS.remove(key);
                toClose = shared;
            }
        }
        if (toClose != null) {
            // No lease is left, so no thread can be running the session.
            try {
                toClose.session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("could not close the ONNX Runtime session of "
                        + LstmAutoencoderModel.FILE_NAME + " " + key.sha256, e);
            }
        }
    }

    /** A holder's right to use a shared session until it closes the lease. Closing twice is harmless. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final OrtSession session;
        private final LstmAutoencoderModel model;
        private final OnnxSessionSettings settings;
        private boolean closed;

        private Lease(Key key, OrtSession session, LstmAutoencoderModel model, OnnxSessionSettings settings) {
            this.key = key;
            this.session = session;
            this.model = model;
            this.settings = settings;
        }

        /** The shared session; do not close it (close the lease). */
        public OrtSession session() {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the lease on the " + LstmAutoencoderModel.FILE_NAME
                            + " session is closed");
                }
            }
            return session;
        }

        public LstmAutoencoderModel model() {
            return model;
        }

        public OnnxSessionSettings settings() {
            return settings;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(key);
        }
    }

    private record Key(String sha256, OnnxSessionSettings settings) {}

    private static final class SharedSession {
        final OrtSession session;
        int leases;

        SharedSession(OrtSession session) {
            this.session = session;
        }
    }
}

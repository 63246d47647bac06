package io.fleetanomaly.job.control;

import io.fleetanomaly.bundle.BundleException;
import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleOverrides;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.ControlKind;
import io.fleetanomaly.control.ControlMessage;
import io.fleetanomaly.control.ControlMessageParser;
import io.fleetanomaly.control.ControlRefusal;
import io.fleetanomaly.control.ControlRefusedException;
import io.fleetanomaly.control.ModelRelease;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.format.Sha256;
import io.fleetanomaly.kafka.BundleLocation;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Reads control records and loads the bundle a model message names, off the hot path: in Flink's
 * async I/O operator, on a thread of its own, so neither the scoring operators nor checkpoint
 * barriers wait for a slow file system. A bundle passes every start-up check of
 * {@link BundleLoader} (files, checksums, manifest, shapes against the features and window, ONNX
 * inputs and outputs) on exactly the bytes that are kept, plus the SHA-256 of its manifest and
 * the version the message gives, and the job's configuration overrides must fit it. Whether it
 * may replace the running bundle is decided next, by {@link ControlDecisionFunction}.
 *
 * <p>Never fails: a problem is a {@link LoadedControl#refusal} naming it. Run it with
 * {@code AsyncDataStream.orderedWait} and a capacity of 1 (messages take effect in their order).
 */
public class ControlBundleLoader extends RichAsyncFunction<RawRecord, LoadedControl> {
    private static final long serialVersionUID = 1L;
    /** How long one bundle may take to load before its message is refused (LOAD_TIMEOUT). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final BundleOverrides overrides;
    private final Duration timeout;

    private transient ExecutorService executor;
    private transient volatile Future<?> inFlight;

    /** @param overrides the job configuration's overrides, applied to every bundle it runs */
    public ControlBundleLoader(BundleOverrides overrides, Duration timeout) {
        this.overrides = overrides;
        this.timeout = timeout;
    }

    @Override
    public void open(OpenContext openContext) {
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "control-bundle-loader");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public void asyncInvoke(RawRecord record, ResultFuture<LoadedControl> result) {
        inFlight = executor.submit(() -> result.complete(List.of(load(record))));
    }

    @Override
    public void timeout(RawRecord record, ResultFuture<LoadedControl> result) {
        Future<?> stuck = inFlight;
        if (stuck != null) {
            stuck.cancel(true);
        }
        result.complete(List.of(LoadedControl.refused(record, ControlRefusal.LOAD_TIMEOUT,
                "the bundle did not load within " + timeout.toSeconds() + " s")));
    }

    /** Reads the message and loads its bundle; never throws. */
    LoadedControl load(RawRecord record) {
        try {
            ControlMessage message = ControlMessageParser.parse(record.value);
            return LoadedControl.of(record, message.kind() == ControlKind.MODEL ? release(message) : null);
        } catch (ControlRefusedException e) {
            return LoadedControl.refused(record, e.reason(), e.detail());
        } catch (BundleException | UncheckedIOException | IllegalArgumentException e) {
            return LoadedControl.refused(record, ControlRefusal.BUNDLE_INVALID, e.getMessage());
        } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
            return LoadedControl.refused(record, ControlRefusal.LOAD_FAILURE, "loading failed: " + e);
        }
    }

    /** The bundle of a model message, checked; a {@link ControlRefusedException} or {@link BundleException} when it fails. */
    ModelRelease release(ControlMessage message) {
        Map<String, byte[]> files = BundleLocation.readFiles(message.bundle());
        String manifestSha256 = Sha256.hex(files.get(BundleLoader.MANIFEST));
        if (!manifestSha256.equals(message.sha256())) {
            throw new ControlRefusedException(ControlRefusal.SHA256_MISMATCH, BundleLoader.MANIFEST + " of "
                    + message.bundle() + " has SHA-256 " + manifestSha256 + ", the message says " + message.sha256());
        }
        ModelBundle bundle = BundleLoader.load(message.bundle(), files);
        if (message.version() != null && !message.version().equals(bundle.version())) {
            throw new ControlRefusedException(ControlRefusal.VERSION_MISMATCH, "the message says version '"
                    + message.version() + "', the manifest of " + message.bundle() + " says '" + bundle.version() + "'");
        }
        ModelBundle effective;
        try {
            effective = overrides.applyTo(bundle);
        } catch (IllegalArgumentException e) {
            throw new ControlRefusedException(ControlRefusal.BUNDLE_INVALID, "the job's configuration does not fit bundle "
                    + bundle.version() + ": " + e.getMessage());
        }
        ModelRelease release = ModelRelease.describing(effective);
        release.manifestSha256 = manifestSha256;
        release.location = message.bundle();
        release.rewarm = message.rewarm();
        release.setFiles(files);
        return release;
    }
}

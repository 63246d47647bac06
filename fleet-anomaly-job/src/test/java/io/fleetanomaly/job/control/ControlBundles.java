package io.fleetanomaly.job.control;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.format.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Bundle directories and control records for the control-stream tests. */
final class ControlBundles {
    private ControlBundles() {}

    /** Writes the bundle to {@code dir} as {@code jobs/train} would. */
    static Path write(ModelBundle bundle, Path dir) {
        BundleWriter.write(bundle, Map.of("source", "test"), "2026-01-01T00:00:00Z", dir);
        return dir;
    }

    /** SHA-256 of the bundle's manifest.json, as a control message gives it. */
    static String manifestSha256(Path dir) {
        try {
            return Sha256.hex(Files.readAllBytes(dir.resolve(BundleLoader.MANIFEST)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flips one bit in the middle of one of the bundle's files (the manifest still names its old checksum). */
    static Path corrupt(Path dir, String file) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(file));
        bytes[bytes.length / 2] ^= 1;
        Files.write(dir.resolve(file), bytes);
        return dir;
    }

    /** Replaces the bundle's ONNX model with a test resource and makes the manifest name its checksum. */
    static Path replaceOnnx(Path dir, String resource) throws IOException {
        byte[] old = Files.readAllBytes(dir.resolve(BundleWriter.LSTM_FILE));
        byte[] replacement;
        try (InputStream in = ControlBundles.class.getClassLoader().getResourceAsStream(resource)) {
            replacement = in.readAllBytes();
        }
        Files.write(dir.resolve(BundleWriter.LSTM_FILE), replacement);
        Path manifest = dir.resolve(BundleLoader.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace(Sha256.hex(old), Sha256.hex(replacement)));
        return dir;
    }

    static String modelMessage(String id, Path dir, boolean rewarm) {
        return "{\"id\":\"" + id + "\",\"bundle\":\"" + dir.toUri() + "\",\"sha256\":\"" + manifestSha256(dir)
                + "\",\"rewarm\":" + rewarm + "}";
    }

    static RawRecord record(String json, long offset) {
        return new RawRecord(json.getBytes(StandardCharsets.UTF_8), "model-control", 0, offset);
    }
}

package io.fleetanomaly.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import io.fleetanomaly.bundle.BundleLoader;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Where a model bundle comes from: a local directory, {@code classpath:bundles/NAME}, or a URI of
 * any file system Flink has (file:, s3:, hdfs: ... through Flink's file system plugins), copied
 * once into a local temporary directory. The start-up bundle is loaded where the job is built
 * (client or JobManager) and travels with the job graph; a bundle named on the control stream is
 * read by the TaskManager that runs the control loader, with {@link #readFiles}.
 */
public final class BundleLocation {
    private BundleLocation() {}

    public static String toLoadable(String location) {
        URI remote = remoteUri(location);
        if (remote != null) {
            return copyToLocal(remote).toString();
        }
        return location.startsWith("file:") ? Path.of(URI.create(location)).toString() : location;
    }

    /**
     * The files of the bundle at any location {@link #toLoadable} takes ({@link BundleLoader#readFiles}:
     * the manifest and the detector files it names); a remote bundle's local copy is deleted afterwards.
     */
    public static Map<String, byte[]> readFiles(String location) {
        String local = toLoadable(location);
        try {
            return BundleLoader.readFiles(local);
        } finally {
            if (remoteUri(location) != null) {
                deleteCopy(Path.of(local));
            }
        }
    }

    /** The URI of a bundle on a file system other than the local one (s3:, hdfs: ...), else null. */
    private static URI remoteUri(String location) {
        if (location.startsWith("classpath:")) {
            return null;
        }
        URI uri = URI.create(location.replace('\\', '/'));
        if (uri.getScheme() == null || uri.getScheme().length() == 1 || "file".equals(uri.getScheme())) {
            return null;
        }
        return uri;
    }

    private static void deleteCopy(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary copy left behind is no reason to fail; the OS clears its temp directory
        }
    }

    private static Path copyToLocal(URI uri) {
        try {
            FileSystem fs = FileSystem.get(uri);
            org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(uri);
            FileStatus[] files = fs.listStatus(dir);
            if (files == null || files.length == 0) {
                throw new IllegalArgumentException("model bundle " + uri + " is not a directory with files");
            }
            Path local = Files.createTempDirectory("fleet-anomaly-bundle-");
            for (FileStatus file : files) {
                if (file.isDir()) {
                    continue;
                }
                try (InputStream in = fs.open(file.getPath())) {
                    Files.copy(in, local.resolve(file.getPath().getName()));
                }
            }
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model bundle " + uri + ": " + e.getMessage(), e);
        }
    }
}

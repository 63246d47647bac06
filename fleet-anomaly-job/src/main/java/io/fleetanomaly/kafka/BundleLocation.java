package io.fleetanomaly.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Where a model bundle comes from: a local directory, {@code classpath:bundles/NAME}, or a URI of
 * any file system Flink has (file:, s3:, hdfs: ... through Flink's file system plugins), copied
 * once into a local temporary directory. The bundle is loaded where the job is built (client or
 * JobManager) and travels with the job graph.
 */
final class BundleLocation {
    private BundleLocation() {}

    static String toLoadable(String location) {
        if (location.startsWith("classpath:")) {
            return location;
        }
        URI uri = URI.create(location.replace('\\', '/'));
        if (uri.getScheme() == null || uri.getScheme().length() == 1) {
            return location;
        }
        if ("file".equals(uri.getScheme())) {
            return Path.of(uri).toString();
        }
        return copyToLocal(uri).toString();
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

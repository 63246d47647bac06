package io.fleetanomaly.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/** The job jar built by 'package', and copies of it rebuilt with a job configuration packed inside. */
final class JobJars {
    /** Where a packed configuration lives in the jar: --config classpath:fleet-anomaly-job.yaml. */
    static final String PACKED_CONFIG = "fleet-anomaly-job.yaml";

    private JobJars() {}

    static Path built() {
        Path jar = Path.of(System.getProperty("fleetAnomaly.jobJar", "../fleet-anomaly-job/target/fleet-anomaly-job.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run with 'mvn verify' (the job jar is built by 'package')");
        }
        return jar;
    }

    /** The job jar with {@code yaml} as {@value #PACKED_CONFIG}: a release of the job with its configuration built in. */
    static Path withPackedConfig(Path jobJar, String yaml, Path out) throws IOException {
        try (JarFile in = new JarFile(jobJar.toFile());
                JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out), in.getManifest())) {
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().equals("META-INF/MANIFEST.MF") || entry.getName().equals(PACKED_CONFIG)) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(jar);
                }
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry(PACKED_CONFIG));
            jar.write(yaml.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return out;
    }
}

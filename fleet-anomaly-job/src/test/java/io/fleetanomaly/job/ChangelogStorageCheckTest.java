package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class ChangelogStorageCheckTest {
    static final String DIRECTORY = "file:///var/lib/fleet-anomaly/changelog";

    static Configuration job(String changelogStorage) {
        Configuration conf = new Configuration();
        CheckpointSettings.builder().interval(Duration.ofSeconds(10)).stateBackend(CheckpointSettings.StateBackend.ROCKSDB)
                .changelogStorage(changelogStorage).build().applyTo(conf);
        return conf;
    }

    static Configuration taskManager(String storage, String basePath) {
        Configuration conf = new Configuration();
        if (storage != null) {
            conf.setString("state.changelog.storage", storage);
        }
        if (basePath != null) {
            conf.setString("state.changelog.dstl.dfs.base-path", basePath);
        }
        return conf;
    }

    @Test
    void aTaskManagerWithTheJobsFilesystemStoragePasses() {
        assertThatCode(() -> ChangelogStorageCheck.verify(job(DIRECTORY), taskManager("filesystem", DIRECTORY))).doesNotThrowAnyException();
    }

    @Test
    void theEmbeddedRunPassesBecauseTheMiniClustersConfigurationIsTheJobs() {
        Configuration conf = job(DIRECTORY);
        assertThatCode(() -> ChangelogStorageCheck.verify(conf, conf)).doesNotThrowAnyException();
    }

    @Test
    void aTaskManagerWithoutAStorageFailsNamingTheSettingsToAdd() {
        assertThatThrownBy(() -> ChangelogStorageCheck.verify(job(DIRECTORY), taskManager(null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changelog storage is memory")
                .hasMessageContaining("state.changelog.storage: filesystem")
                .hasMessageContaining("state.changelog.dstl.dfs.base-path: " + DIRECTORY);
    }

    @Test
    void aTaskManagerWritingToAnotherDirectoryFailsNamingBoth() {
        assertThatThrownBy(() -> ChangelogStorageCheck.verify(job(DIRECTORY), taskManager("filesystem", "file:///tmp/other")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(DIRECTORY)
                .hasMessageContaining("filesystem at file:///tmp/other");
    }

    @Test
    void aJobWithoutTheChangelogIsNotChecked() {
        assertThatCode(() -> ChangelogStorageCheck.verify(job(null), taskManager(null, null))).doesNotThrowAnyException();
    }
}

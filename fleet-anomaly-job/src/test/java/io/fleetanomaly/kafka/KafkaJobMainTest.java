package io.fleetanomaly.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaJobMainTest {
    @Test
    void readsConfigAndBundleArguments() {
        JobArguments a = JobArguments.parse(new String[] {"--config", "conf/kafka.yaml", "--bundle", "/opt/bundle"});
        assertThat(a.config()).isEqualTo("conf/kafka.yaml");
        assertThat(a.bundle()).isEqualTo("/opt/bundle");
        assertThat(JobArguments.parse(new String[] {"--config", "x.yaml"}).bundle()).isNull();
    }

    @Test
    void badArgumentsFailWithTheUsage() {
        assertThatThrownBy(() -> KafkaJobMain.main(new String[0]))
                .hasMessageContaining("--config is required").hasMessageContaining("usage: flink run");
        assertThatThrownBy(() -> KafkaJobMain.main(new String[] {"--config"}))
                .hasMessageContaining("--config needs a value");
        assertThatThrownBy(() -> KafkaJobMain.main(new String[] {"--config", "a.yaml", "--parallelism", "2"}))
                .hasMessageContaining("unknown program arguments [--parallelism, 2]");
    }

    @Test
    void aMissingConfigOrOneWithoutKafkaInputStopsStartUpNamingTheProblem(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> KafkaJobMain.main(new String[] {"--config", dir.resolve("none.yaml").toString()}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("none.yaml does not exist");
        Path simulator = Files.writeString(dir.resolve("sim.yaml"), "input: simulator\n");
        assertThatThrownBy(() -> KafkaJobMain.main(new String[] {"--config", simulator.toString()}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("input must be 'kafka' for the job jar");
        assertThatThrownBy(() -> KafkaJobMain.main(new String[] {"--config", "classpath:no/such.yaml"}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no class path resource no/such.yaml");
    }

    @Test
    void bundleLocationsThatAreLocalStayAsTheyAre(@TempDir Path dir) {
        assertThat(BundleLocation.toLoadable("classpath:bundles/industrial")).isEqualTo("classpath:bundles/industrial");
        assertThat(BundleLocation.toLoadable(dir.toString())).isEqualTo(dir.toString());
        assertThat(BundleLocation.toLoadable(dir.toUri().toString())).isEqualTo(dir.toString());
    }
}

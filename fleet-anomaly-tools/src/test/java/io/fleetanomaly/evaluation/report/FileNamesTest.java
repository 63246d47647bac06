package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {
    @Test
    void namesAreSafeAndUnique() {
        FileNames names = new FileNames();
        assertThat(names.png("timeline", "pump-0001")).isEqualTo("timeline-pump-0001.png");
        assertThat(names.png("timeline", "../../etc/passwd")).isEqualTo("timeline-etc_passwd.png");
        assertThat(names.png("timeline", "Pump 0001")).isEqualTo("timeline-pump_0001.png");
        assertThat(names.png("timeline", "pump/0001")).isEqualTo("timeline-pump_0001-2.png");
        assertThat(names.png("timeline", "")).isEqualTo("timeline-unnamed.png");
        assertThat(names.png("timeline", "x".repeat(500))).hasSize("timeline-".length() + 60 + ".png".length());
        assertThat(names.png("scores", "pump-0001")).isEqualTo("scores-pump-0001.png");
    }
}

package io.fleetanomaly.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTrainingReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsDevicesInTimeOrderSkipsAnomaliesAndKeepsMissingCells() throws Exception {
        Path csv = dir.resolve("fleet.csv");
        Files.writeString(csv, String.join("\n",
                "device_id,ts,a,b,label,anomaly_type",
                "x,3,3.0,30,0,",
                "x,1,1.0,10,0,",
                "y,1,5.0,,0,",
                "x,2,2.0,20,1,spike",
                ""));
        TrainingData data = CsvTrainingReader.read(csv, List.of());
        assertThat(data.features()).containsExactly("a", "b");
        assertThat(data.rowsByDevice().get("x")).extracting(r -> r[0]).containsExactly(1.0, 3.0);
        assertThat(data.rowsByDevice().get("y").get(0)[1]).isNaN();
    }

    @Test
    void readsSemicolonFilesAsOneDeviceNamedAfterTheFile() throws Exception {
        Path csv = dir.resolve("valve-7.csv");
        Files.writeString(csv, "datetime;p;q;anomaly;changepoint\n2020-03-09 10:14:33;1;2;0.0;0.0\n2020-03-09 10:14:34;3;4;0.0;0.0\n");
        TrainingData data = CsvTrainingReader.read(csv, List.of("q", "p"));
        assertThat(data.rowsByDevice()).containsOnlyKeys("valve-7");
        assertThat(data.rowsByDevice().get("valve-7").get(1)).containsExactly(4.0, 3.0);
    }

    @Test
    void namesTheProblem() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "ts,a\n1,abc\n");
        assertThatThrownBy(() -> CsvTrainingReader.read(csv, List.of()))
                .hasMessageContaining("line 2").hasMessageContaining("column 'a'").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> CsvTrainingReader.read(csv, List.of("zz")))
                .hasMessageContaining("no column 'zz'");
    }
}

package io.fleetanomaly.evaluation.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.format.SensorCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledCsvReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsAGenericCsvPerDeviceInTimeOrderWithLabelsAndMissingCells() throws Exception {
        Path csv = dir.resolve("export.csv");
        Files.writeString(csv, String.join("\n",
                "device_id,ts,a,b,label,anomaly_type",
                "x,3000,3.0,30,1,spike",
                "x,1000,1.0,10,0,",
                "y,1000,5.0,,0,",
                "x,2000,2.0,20,0,",
                ""));
        List<LabeledSeries> series = LabeledCsvReader.forFeatures(List.of()).read(csv);
        assertThat(series).extracting(LabeledSeries::deviceId).containsExactly("x", "y");
        LabeledSeries x = series.get(0);
        assertThat(x.features()).containsExactly("a", "b");
        assertThat(x.rows()).extracting(LabeledRow::ts).containsExactly(1000L, 2000L, 3000L);
        assertThat(x.rows()).extracting(LabeledRow::label).containsExactly(0, 0, 1);
        assertThat(x.rows()).extracting(LabeledRow::line).containsExactly(3, 5, 2);
        assertThat(x.rows().get(2).anomalyType()).isEqualTo("spike");
        assertThat(series.get(1).rows().get(0).values()[1]).isNaN();
    }

    @Test
    void readsSkabFilesAsOneDeviceNamedByItsPathWithLocalTimesAndChangepoints() throws Exception {
        Path valve = Files.createDirectories(dir.resolve("valve1"));
        Path csv = valve.resolve("3.csv");
        Files.writeString(csv, String.join("\n",
                "datetime;Accelerometer1RMS;Volume Flow RateRMS;anomaly;changepoint",
                "2020-03-09 10:14:33;0.0265;32.0;0.0;0.0",
                "2020-03-09 10:14:34;0.0261;31.0;1.0;1.0",
                ""));
        List<LabeledSeries> series = LabeledCsvReader.forFeatures(List.of("Volume Flow RateRMS", "Accelerometer1RMS"))
                .read(csv, LabeledCsvReader.deviceIdFor(dir, csv));
        assertThat(series).hasSize(1);
        LabeledSeries s = series.get(0);
        assertThat(s.deviceId()).isEqualTo("valve1/3");
        assertThat(s.rows().get(0).ts()).isEqualTo(Instant.parse("2020-03-09T10:14:33Z").toEpochMilli());
        assertThat(s.rows().get(1).values()).containsExactly(31.0, 0.0261);
        assertThat(s.rows()).extracting(LabeledRow::label).containsExactly(0, 1);
        assertThat(s.rows()).extracting(LabeledRow::changepoint).containsExactly(false, true);
        assertThat(s.head(1).rows()).hasSize(1);
    }

    @Test
    void errorsNameTheFileTheLineAndTheColumn() throws Exception {
        LabeledCsvReader reader = LabeledCsvReader.forFeatures(List.of());
        Path badLabel = write("bad-label.csv", "ts,a,label\n1000,1.0,0\n2000,2.0,2\n");
        assertThatThrownBy(() -> reader.read(badLabel))
                .hasMessageContaining("bad-label.csv line 3, column 'label'").hasMessageContaining("'2' is not 0 or 1");
        Path badTime = write("bad-time.csv", "timestamp;a;anomaly\n2020-03-09 10:14:33;1;0\nyesterday;2;0\n");
        assertThatThrownBy(() -> reader.read(badTime))
                .hasMessageContaining("bad-time.csv line 3, column 'timestamp'").hasMessageContaining("'yesterday'");
        Path badReading = write("bad-reading.csv", "ts,a,label\n1000,hot,0\n");
        assertThatThrownBy(() -> reader.read(badReading))
                .hasMessageContaining("bad-reading.csv line 2, column 'a'").hasMessageContaining("'hot' is not a number");
        Path infinite = write("infinite.csv", "ts,a,label\n1000,Infinity,0\n");
        assertThatThrownBy(() -> reader.read(infinite)).hasMessageContaining("line 2, column 'a'");
        Path emptyLabel = write("empty-label.csv", "ts,a,label\n1000,1,\n");
        assertThatThrownBy(() -> reader.read(emptyLabel)).hasMessageContaining("line 2, column 'label': label is empty");
        assertThat(reader.requireLabels(false).read(emptyLabel).get(0).rows().get(0).label()).isEqualTo(-1);
        Path noLabel = write("no-label.csv", "ts,a\n1000,1\n");
        assertThatThrownBy(() -> reader.read(noLabel)).hasMessageContaining("no-label.csv has no label column");
        Path noTime = write("no-time.csv", "a,label\n1,0\n");
        assertThatThrownBy(() -> reader.read(noTime)).hasMessageContaining("no-time.csv has no time column");
        Path ok = write("ok.csv", "ts,a,label\n1000,1,0\n");
        assertThatThrownBy(() -> LabeledCsvReader.forFeatures(List.of("zz")).read(ok))
                .hasMessageContaining("ok.csv has no column 'zz'");
        Path header = write("header-only.csv", "ts,a,label\n");
        assertThatThrownBy(() -> reader.read(header)).hasMessageContaining("has no data rows");
    }

    @Test
    void parsesEpochMillisIsoInstantsOffsetsAndLocalTimes() {
        long expected = Instant.parse("2020-03-09T10:14:33Z").toEpochMilli();
        assertThat(SensorCsv.parseTimestamp(String.valueOf(expected), ZoneOffset.UTC)).isEqualTo(expected);
        assertThat(SensorCsv.parseTimestamp("2020-03-09T10:14:33Z", ZoneOffset.UTC)).isEqualTo(expected);
        assertThat(SensorCsv.parseTimestamp("2020-03-09T11:14:33+01:00", ZoneOffset.UTC)).isEqualTo(expected);
        assertThat(SensorCsv.parseTimestamp("2020-03-09 10:14:33", ZoneOffset.UTC)).isEqualTo(expected);
        assertThat(SensorCsv.parseTimestamp("2020-03-09 11:14:33.000", ZoneOffset.ofHours(1))).isEqualTo(expected);
        assertThatThrownBy(() -> SensorCsv.parseTimestamp("09/03/2020", ZoneOffset.UTC)).hasMessageContaining("not a time");
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}

package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA_BLOB = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    static Path dir;
    private static Path html;
    private static String page;

    @BeforeAll
    static void writeSample() throws IOException {
        html = new ReportWriter().write(SampleReports.realistic(), dir);
        page = Files.readString(html, StandardCharsets.UTF_8);
    }

    @Test
    void writesThePageTheDataAndOnePngPerChart() throws IOException {
        assertThat(html).isEqualTo(dir.resolve("report.html"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "report.html", "report.json", "roc.png", "pr.png", "sweep.png",
                    "scores-iforest.png", "scores-mahalanobis.png", "scores-lstm_ae.png", "scores-fused.png",
                    "timeline-pump-0001.png", "timeline-pump-0002.png", "timeline-pump-_script_b_x_b_.png");
        }
    }

    @Test
    void pngsDecodeWithTheirChartSizes() throws IOException {
        assertSize("roc.png", 560, 480);
        assertSize("pr.png", 560, 480);
        assertSize("sweep.png", 560, 360);
        assertSize("scores-fused.png", 560, 360);
        assertSize("timeline-pump-0002.png", 1000, 580);
    }

    @Test
    void chartsAreNotBlank() throws IOException {
        BufferedImage roc = ImageIO.read(dir.resolve("roc.png").toFile());
        long distinctColours = IntStream.range(0, roc.getWidth() * roc.getHeight())
                .map(i -> roc.getRGB(i % roc.getWidth(), i / roc.getWidth())).distinct().count();
        assertThat(distinctColours).isGreaterThan(20);
    }

    @Test
    void pageIsWellFormedEnough() {
        assertThat(LenientHtml.problems(page)).isEmpty();
        assertThat(page).contains("<html lang=\"en\">", "<meta charset=\"utf-8\">", "</html>");
    }

    @Test
    void pageIsSelfContained() throws IOException {
        assertThat(page).doesNotContain("http://", "https://", "<link", "src=\"http", "@import");
        Matcher img = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"[^>]*data-file=\"([^\"]+)\"")
                .matcher(page);
        List<String> embedded = new ArrayList<>();
        while (img.find()) {
            byte[] png = Base64.getDecoder().decode(img.group(1));
            assertThat(png).as(img.group(2)).isEqualTo(Files.readAllBytes(dir.resolve(img.group(2))));
            embedded.add(img.group(2));
        }
        assertThat(embedded).hasSize(10).contains("roc.png", "pr.png", "sweep.png", "timeline-pump-0001.png");
        assertThat(page.split("<img ", -1)).hasSize(11);
    }

    @Test
    void pageDataHoldsTheSweepTheDetectorsAndTheDevices() throws IOException {
        JsonNode data = JSON.readTree(dataBlob());
        JsonNode sweep = data.get("sweep");
        assertThat(sweep.get("parameter").asText()).isEqualTo("cusum.h");
        assertThat(sweep.get("rows")).hasSize(11);
        assertThat(sweep.get("rows").get(4).toString())
                .isEqualTo("{\"threshold\":6.0,\"matrix\":{\"tp\":780,\"fp\":162,\"fn\":220,\"tn\":8838}}");
        assertThat(sweep.get("thresholdLabels").get(4).asText()).isEqualTo("6");
        assertThat(sweep.get("bestF1Index").asInt()).isEqualTo(4);
        assertThat(sweep.get("costWeightedIndex").asInt()).isEqualTo(3);
        assertThat(sweep.get("costs").toString()).isEqualTo("{\"costMissed\":3.0,\"costFalseAlarm\":1.0}");
        assertThat(data.get("detectors").findValuesAsText("name"))
                .containsExactly("iforest", "mahalanobis", "lstm_ae", "fused");
        assertThat(data.get("run").get("generatedAt").asText()).isEqualTo("2026-11-23T10:15:30Z");
        assertThat(data.get("alerts").get("nab").get("rewardLowFp").asDouble()).isEqualTo(63.25);
        assertThat(data.get("devices").get(2).asText()).isEqualTo(SampleReports.HOSTILE_DEVICE);
    }

    @Test
    void aDeviceIdWithScriptEndTagCannotEndTheDataBlock() {
        // Only the two script elements' own end tags; the id is escaped in the JSON and in the text.
        assertThat(page.split("</script", -1)).hasSize(3);
        assertThat(dataBlob()).contains("pump-\\u003C/script\\u003E\\u003Cb\\u003Ex\\u003C/b\\u003E\\u0026'\\\"\\u2028");
        assertThat(page).doesNotContain("<b>x</b>")
                .contains("pump-&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;&amp;&#39;&quot;\u2028: 400 events");
    }

    @Test
    void pageShowsTheBestF1RowBeforeItsScriptRuns() {
        assertThat(page).contains(
                "<input type=\"range\" id=\"threshold-slider\" min=\"0\" max=\"10\" step=\"1\" value=\"4\"",
                "<output id=\"threshold-value\" for=\"threshold-slider\">6</output>",
                "id=\"cm-tp\">780<", "id=\"cm-fp\">162<", "id=\"cm-fn\">220<", "id=\"cm-tn\">8,838<",
                "id=\"m-precision\">0.828<", "id=\"m-recall\">0.780<", "id=\"m-f1\">0.803<",
                "id=\"m-far\">0.018<", "id=\"m-mar\">0.220<", "id=\"m-cost\">822.00<");
    }

    @Test
    void pageHasTheMetricTables() {
        assertThat(page).contains("<td class=\"name\">mahalanobis</td>", "<td class=\"name\">reward_low_FN</td><td>78.0</td>",
                "<td>16.6 s</td>", "fleet-anomaly evaluate --csv labeled.csv --out reports/eval",
                "industrial-5@2026-11-23", "2026-11-23 10:15:30 UTC");
    }

    @Test
    void reportJsonHoldsTheWholeModelWithNullForMissingScores() throws IOException {
        JsonNode json = JSON.readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("detectors").get(0).get("roc").get("fpr").size()).isEqualTo(3_301);
        JsonNode pump1 = json.get("timelines").get(0);
        assertThat(pump1.get("timestamps")).hasSize(600);
        assertThat(pump1.get("detectorScores").get("lstm_ae").get(0).isNull()).isTrue();
        assertThat(pump1.get("detectorScores").get("lstm_ae").get(30).isNumber()).isTrue();
    }

    private static String dataBlob() {
        Matcher m = DATA_BLOB.matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static void assertSize(String file, int width, int height) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(file));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as(file).isNotNull();
        assertThat(image.getWidth()).as(file).isEqualTo(width);
        assertThat(image.getHeight()).as(file).isEqualTo(height);
    }
}

package io.fleetanomaly.evaluation.report;

import java.util.Base64;

/** A chart as written to the report directory, and what the page says about it. */
record RenderedChart(String fileName, byte[] png, int width, int height, String caption) {
    String dataUri() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}

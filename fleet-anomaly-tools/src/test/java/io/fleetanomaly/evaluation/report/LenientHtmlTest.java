package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LenientHtmlTest {
    private static final String OK = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><script>if (a < b) {}</script>"
            + "</head><body><p id=\"a\">x &lt; y<img src=\"data:,\" alt=\"\"></p></body></html>";

    @Test
    void acceptsAWellFormedPage() {
        assertThat(LenientHtml.problems(OK)).isEmpty();
    }

    @Test
    void findsWhatWouldBreakThePage() {
        assertThat(LenientHtml.problems(OK.replace("</p>", ""))).isNotEmpty();
        assertThat(LenientHtml.problems(OK.replace("x &lt; y", "x < y"))).anyMatch(p -> p.startsWith("stray"));
        assertThat(LenientHtml.problems(OK.replace("a < b", "'</script>'"))).isNotEmpty();
        assertThat(LenientHtml.problems(OK.replace("<img", "<img id=\"a\""))).contains("duplicate id a");
        assertThat(LenientHtml.problems(OK.replace("alt=\"\"", "alt=\"a\"b\""))).anyMatch(p -> p.startsWith("odd"));
    }
}

package io.fleetanomaly.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and the pages under docs/ say only what is true of the code: every command and
 * option they show exists, every file path they name in code exists, every relative link and
 * #anchor resolves, and every docs page opens with a paragraph saying what it covers.
 */
class DocumentationTest {
    /** Paths in code that name the repository's own files (built output under target/ is left out). */
    private static final Pattern REPOSITORY_PATH =
            Pattern.compile("(?:\\.ci|conf|deploy|docs|jobs|fleet-anomaly-[a-z]+)/[\\w./{},-]*");
    private static final Pattern BRACES = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern URI_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    private static Path root;
    private static DocumentedCommands commands;

    @BeforeAll
    static void findRepository() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("jobs")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        root = dir;
        commands = new DocumentedCommands(root);
    }

    @Test
    void everyCommandAndOptionShownExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (MarkdownPage page : pages()) {
            problems.addAll(commandProblems(page));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRepositoryPathShownInCodeExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (MarkdownPage page : pages()) {
            problems.addAll(pathProblems(page));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        for (MarkdownPage page : pages()) {
            problems.addAll(linkProblems(page));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDocsPageOpensWithWhatItCovers() throws IOException {
        for (MarkdownPage page : pages()) {
            if (!page.file().getFileName().toString().equals("README.md")) {
                assertThat(page.opensWithTitleAndParagraph())
                        .as(page.file() + " opens with '# Title' and a paragraph saying what the page covers")
                        .isTrue();
            }
        }
    }

    @Test
    void launchersRunTheSubcommandsTheCheckAssumes() throws IOException {
        for (Map.Entry<String, String> launcher : DocumentedCommands.SUBCOMMAND_LAUNCHERS.entrySet()) {
            assertThat(Files.readString(root.resolve(launcher.getKey())))
                    .as(launcher.getKey())
                    .containsPattern("fleet-anomaly\"? " + Pattern.quote(launcher.getValue()));
        }
        assertThat(Files.readString(root.resolve("jobs/train-lstm"))).contains("train_lstm.py");
    }

    // The checks themselves catch what they are for, on pages written here.

    @Test
    void unknownSubcommandsOptionsAndLaunchersAreReported(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("page.md"), """
                # Page

                Text with `jobs/fleet-anomaly evaluate --no-such-option` and `train --nope` inline.

                ```bash
                jobs/run-embedded --devices 3 --quiet     # fine
                jobs/fleet-anomaly simulate --csv x.csv \\
                    --devices 2 --bogus 1
                jobs/fleet-anomaly frobnicate --csv x
                jobs/train-lstm --bundle b --csv c --no-fast-lstm --wings 2
                jobs/not-a-launcher --x
                $ jobs/skab-benchmark --lstm-args "--not-an-option 1" --fusion max > out.txt --ignored
                ```
                """);
        MarkdownPage page = MarkdownPage.read(file);
        assertThat(commandProblems(page)).extracting(problem -> problem.substring(problem.indexOf(": ") + 2)).containsExactly(
                "jobs/fleet-anomaly evaluate has no option --no-such-option",
                "train has no option --nope",
                "jobs/fleet-anomaly simulate has no option --bogus",
                "jobs/fleet-anomaly has no subcommand frobnicate (it has [benchmark, benchmark-lstm, benchmark-skab, evaluate, help, run, simulate, train, verify-bundle])",
                "jobs/train-lstm: jobs/train_lstm.py has no option --wings",
                "no launcher jobs/not-a-launcher is known to this check");
    }

    @Test
    void brokenLinksAnchorsAndPathsAreReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other\n\n## `train-lstm` — the LSTM (PyTorch → ONNX)\n\n## Twice\n\n## Twice\n");
        Path file = Files.writeString(dir.resolve("page.md"), """
                # Page

                [ok](other.md#train-lstm--the-lstm-pytorch--onnx), [twice](other.md#twice-1),
                [web](https://flink.apache.org/), [here](#page),
                [missing file](nothing.md), [missing anchor](other.md#nope), [own anchor](#nope)

                ```
                conf/embedded.yaml conf/no-such.yaml fleet-anomaly-core/src/main/resources/bundles/{industrial,nowhere}
                fleet-anomaly-job/target/fleet-anomaly-job.jar
                ```
                """);
        MarkdownPage page = MarkdownPage.read(file);
        assertThat(linkProblems(page)).containsExactly(
                dir.resolve("page.md") + ": link nothing.md: no file " + dir.resolve("nothing.md"),
                dir.resolve("page.md") + ": link other.md#nope: no heading with that anchor in " + dir.resolve("other.md"),
                dir.resolve("page.md") + ": link #nope: no heading with that anchor in " + dir.resolve("page.md"));
        assertThat(pathProblems(page)).containsExactly(
                dir.resolve("page.md") + ": conf/no-such.yaml does not exist",
                dir.resolve("page.md") + ": fleet-anomaly-core/src/main/resources/bundles/nowhere does not exist");
    }

    @Test
    void headingAnchorsAreGitHubs() {
        assertThat(MarkdownPage.anchorOf("`verify-bundle` — check a bundle before deploying it".replace("`", "")))
                .isEqualTo("verify-bundle--check-a-bundle-before-deploying-it");
        assertThat(MarkdownPage.anchorOf("Batching, exactly-once")).isEqualTo("batching-exactly-once");
        assertThat(MarkdownPage.anchorOf("Keyed state and savepoints")).isEqualTo("keyed-state-and-savepoints");
    }

    private static List<MarkdownPage> pages() throws IOException {
        List<MarkdownPage> pages = new ArrayList<>();
        pages.add(MarkdownPage.read(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path file : docs.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                pages.add(MarkdownPage.read(file));
            }
        }
        return pages;
    }

    private static List<String> commandProblems(MarkdownPage page) {
        List<String> problems = new ArrayList<>();
        for (MarkdownPage.CodeText code : page.code()) {
            for (String problem : commands.problems(code.text(), code.inline())) {
                problems.add(page.file() + ": " + problem);
            }
        }
        return problems;
    }

    private static List<String> pathProblems(MarkdownPage page) {
        List<String> problems = new ArrayList<>();
        for (MarkdownPage.CodeText code : page.code()) {
            for (DocumentedCommands.Word word : DocumentedCommands.ShellWords.split(code.text())) {
                Matcher path = REPOSITORY_PATH.matcher(word.text());
                while (path.find()) {
                    String found = path.group().replaceAll("[.,:]+$", "");
                    if (found.contains("/target/") || found.startsWith("target/")) {
                        continue;
                    }
                    for (String expanded : expandBraces(found)) {
                        if (!Files.exists(root.resolve(expanded))) {
                            problems.add(page.file() + ": " + expanded + " does not exist");
                        }
                    }
                }
            }
        }
        return problems;
    }

    private static List<String> linkProblems(MarkdownPage page) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String link : page.links()) {
            if (URI_SCHEME.matcher(link).matches()) {
                continue;
            }
            int hash = link.indexOf('#');
            String path = URI.create(hash < 0 ? link : link.substring(0, hash)).getPath();
            String anchor = hash < 0 ? "" : link.substring(hash + 1);
            Path target = path.isEmpty() ? page.file() : page.file().getParent().resolve(path).normalize();
            if (!Files.exists(target)) {
                problems.add(page.file() + ": link " + link + ": no file " + target);
            } else if (!anchor.isEmpty() && !(target.equals(page.file()) ? page : MarkdownPage.read(target))
                    .anchors().contains(anchor)) {
                problems.add(page.file() + ": link " + link + ": no heading with that anchor in " + target);
            }
        }
        return problems;
    }

    /** {@code a/{b,c}/d} as {@code a/b/d} and {@code a/c/d}, as a shell expands it. */
    private static List<String> expandBraces(String path) {
        Matcher braces = BRACES.matcher(path);
        if (!braces.find()) {
            return List.of(path);
        }
        List<String> expanded = new ArrayList<>();
        for (String choice : braces.group(1).split(",", -1)) {
            expanded.addAll(expandBraces(path.substring(0, braces.start()) + choice + path.substring(braces.end())));
        }
        return expanded;
    }
}

package io.fleetanomaly.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/** One Markdown page as commonmark-java parses it: its code, its links and its headings' anchors. */
final class MarkdownPage {
    private final Path file;
    private final Node document;

    private MarkdownPage(Path file, String text) {
        this.file = file;
        this.document = Parser.builder().build().parse(text);
    }

    static MarkdownPage read(Path file) throws IOException {
        return new MarkdownPage(file, Files.readString(file));
    }

    Path file() {
        return file;
    }

    /** A line of a code block, or an inline code span. */
    record CodeText(String text, boolean inline) {}

    /**
     * Every line of every code block (a line ending in a backslash joined with the next, as a shell
     * does) and every inline code span, in page order.
     */
    List<CodeText> code() {
        List<CodeText> code = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                logicalLines(block.getLiteral()).forEach(line -> code.add(new CodeText(line, false)));
            }

            @Override
            public void visit(IndentedCodeBlock block) {
                logicalLines(block.getLiteral()).forEach(line -> code.add(new CodeText(line, false)));
            }

            @Override
            public void visit(Code span) {
                code.add(new CodeText(span.getLiteral(), true));
            }
        });
        return code;
    }

    /** The destinations of the page's links and images. */
    List<String> links() {
        List<String> links = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                links.add(link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                links.add(image.getDestination());
            }
        });
        return links;
    }

    /** The anchors GitHub gives the page's headings (see {@link #anchorOf}), numbered when repeated. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String anchor = anchorOf(plainText(heading));
                int repeats = seen.merge(anchor, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? anchor : anchor + "-" + repeats);
            }
        });
        return anchors;
    }

    /** Whether the page opens with a level-1 heading followed by a paragraph (what the page covers). */
    boolean opensWithTitleAndParagraph() {
        Node first = document.getFirstChild();
        return first instanceof Heading heading && heading.getLevel() == 1
                && first.getNext() instanceof Paragraph;
    }

    /**
     * GitHub's heading anchor: the heading's text in lower case, without anything but letters,
     * digits, '_', '-' and spaces, each space then a '-'.
     */
    static String anchorOf(String headingText) {
        return headingText.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]", "")
                .replace(' ', '-');
    }

    private static String plainText(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString();
    }

    private static List<String> logicalLines(String literal) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : literal.split("\n", -1)) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                lines.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        return lines;
    }
}

package io.fleetanomaly.evaluation.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lenient well-formedness check for the generated page (not a full HTML5 parser): every
 * non-void element is closed in order, a script's text runs to the first {@code </script} as a
 * browser reads it, no stray {@code <} in text, attributes are name or name="value" with the
 * value free of {@code <} and quotes, and ids are unique.
 */
final class LenientHtml {
    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img",
            "input", "link", "meta", "source", "track", "wbr");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>");
    private static final Pattern ATTRIBUTES = Pattern.compile("(\\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(=\"[^\"<]*\")?)*\\s*");
    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]*)\"");

    private LenientHtml() {
    }

    static List<String> problems(String html) {
        List<String> problems = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        if (!html.startsWith("<!DOCTYPE html>")) {
            problems.add("no <!DOCTYPE html> first");
        } else {
            i = "<!DOCTYPE html>".length();
        }
        while (i < html.length()) {
            int lt = html.indexOf('<', i);
            if (lt < 0) {
                break;
            }
            Matcher m = TAG.matcher(html).region(lt, html.length());
            if (!m.lookingAt()) {
                problems.add("stray '<' at " + lt + ": " + snippet(html, lt));
                i = lt + 1;
                continue;
            }
            boolean closing = !m.group(1).isEmpty();
            String name = m.group(2).toLowerCase(Locale.ROOT);
            String attributes = m.group(3);
            i = m.end();
            if (closing) {
                if (open.isEmpty() || !open.peek().equals(name)) {
                    problems.add("</" + name + "> at " + lt + " closes " + open.peek());
                } else {
                    open.pop();
                }
                continue;
            }
            if (!ATTRIBUTES.matcher(attributes).matches()) {
                problems.add("odd attributes in <" + name + "> at " + lt + ": " + snippet(attributes, 0));
            }
            Matcher id = ID.matcher(attributes);
            if (id.find() && !ids.add(id.group(1))) {
                problems.add("duplicate id " + id.group(1));
            }
            if (VOID.contains(name)) {
                continue;
            }
            if (name.equals("script") || name.equals("style")) {
                int end = html.toLowerCase(Locale.ROOT).indexOf("</" + name, i);
                if (end < 0) {
                    problems.add("<" + name + "> at " + lt + " never ends");
                    break;
                }
                i = end;
            }
            open.push(name);
        }
        if (!open.isEmpty()) {
            problems.add("unclosed " + open);
        }
        return problems;
    }

    private static String snippet(String text, int at) {
        return text.substring(at, Math.min(text.length(), at + 60));
    }
}

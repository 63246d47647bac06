package io.fleetanomaly.docs;

import io.fleetanomaly.cli.FleetAnomalyCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks the command lines shown in the documentation against the commands that exist: each
 * launcher in {@code jobs/}, each {@code fleet-anomaly} subcommand and each of their options, as
 * picocli's {@link CommandSpec} of the real command line declares them (in-process, no shell), and
 * the options {@code jobs/train_lstm.py} declares to argparse for {@code jobs/train-lstm}.
 */
final class DocumentedCommands {
    /** Launchers in {@code jobs/} that run one fleet-anomaly subcommand. */
    static final Map<String, String> SUBCOMMAND_LAUNCHERS = Map.of(
            "jobs/run-embedded", "run",
            "jobs/train", "train",
            "jobs/skab-benchmark", "benchmark-skab");
    private static final Set<String> CLI = Set.of("jobs/fleet-anomaly", "fleet-anomaly");
    private static final String LSTM_LAUNCHER = "jobs/train-lstm";
    /** Takes profile names only. */
    private static final String BUNDLES_LAUNCHER = "jobs/build-default-bundles";
    private static final Set<String> COMMAND_SEPARATORS = Set.of("|", "||", "&&", ";", "&");
    private static final Pattern REDIRECT = Pattern.compile("\\d?[<>]{1,2}.*");
    private static final Pattern OPTION = Pattern.compile("--?[A-Za-z][-\\w]*");
    private static final Pattern PYTHON_OPTION_NAMES = Pattern.compile("add_argument\\(([^)]*)");
    private static final Pattern QUOTED_OPTION = Pattern.compile("\"(--?[\\w-]+)\"");

    private final CommandSpec cli;
    private final Set<String> lstmOptions;

    DocumentedCommands(Path root) throws IOException {
        this.cli = new CommandLine(new FleetAnomalyCli()).getCommandSpec();
        this.lstmOptions = pythonOptions(Files.readString(root.resolve("jobs/train_lstm.py")));
    }

    /** The subcommands of {@code fleet-anomaly}. */
    Set<String> subcommands() {
        return cli.subcommands().keySet();
    }

    /**
     * Problems with the command lines in one line or span of code: an unknown launcher,
     * subcommand or option. {@code inline} spans may also name a subcommand alone
     * ({@code train --csv}).
     */
    List<String> problems(String code, boolean inline) {
        List<String> problems = new ArrayList<>();
        for (List<Word> command : commands(ShellWords.split(code))) {
            check(command, inline, problems);
        }
        return problems;
    }

    private void check(List<Word> command, boolean inline, List<String> problems) {
        String program = command.get(0).text();
        List<Word> args = command.subList(1, command.size());
        if (CLI.contains(program)) {
            checkCli(program, args, problems);
        } else if (SUBCOMMAND_LAUNCHERS.containsKey(program)) {
            String name = SUBCOMMAND_LAUNCHERS.get(program);
            checkOptions(program, cli.subcommands().get(name).getCommandSpec(), args, problems);
        } else if (program.equals(LSTM_LAUNCHER)) {
            for (String option : options(args)) {
                if (!lstmOptions.contains(option)) {
                    problems.add(program + ": jobs/train_lstm.py has no option " + option);
                }
            }
        } else if (program.equals(BUNDLES_LAUNCHER)) {
            options(args).forEach(option -> problems.add(program + " takes no options, got " + option));
        } else if (program.matches("jobs/[\\w-]+")) {
            problems.add("no launcher " + program + " is known to this check");
        } else if (inline && subcommands().contains(program) && !options(args).isEmpty()) {
            checkOptions(program, cli.subcommands().get(program).getCommandSpec(), args, problems);
        }
    }

    private void checkCli(String program, List<Word> args, List<String> problems) {
        int first = 0;
        while (first < args.size() && isOption(args.get(first))) {
            first++;
        }
        checkOptions(program, cli, args.subList(0, first), problems);
        if (first == args.size() || args.get(first).text().startsWith("<")) {
            return; // no subcommand, or a placeholder for one
        }
        String name = args.get(first).text();
        CommandLine subcommand = cli.subcommands().get(name);
        if (subcommand == null) {
            problems.add(program + " has no subcommand " + name + " (it has " + new TreeSet<>(subcommands()) + ")");
            return;
        }
        checkOptions(program + " " + name, subcommand.getCommandSpec(), args.subList(first + 1, args.size()), problems);
    }

    private static void checkOptions(String command, CommandSpec spec, List<Word> args, List<String> problems) {
        for (String option : options(args)) {
            if (spec.findOption(option) == null) {
                problems.add(command + " has no option " + option);
            }
        }
    }

    /** The option names among a command's words, without values ({@code --a=1}) or brackets ({@code [--a]}). */
    private static List<String> options(List<Word> args) {
        List<String> options = new ArrayList<>();
        for (Word word : args) {
            if (isOption(word)) {
                options.add(optionName(word));
            }
        }
        return options;
    }

    private static boolean isOption(Word word) {
        return !word.quoted() && OPTION.matcher(optionName(word)).matches();
    }

    private static String optionName(Word word) {
        String text = word.text();
        if (text.startsWith("[")) {
            text = text.substring(1);
        }
        int end = text.indexOf('=');
        text = end < 0 ? text : text.substring(0, end);
        return text.endsWith("]") ? text.substring(0, text.length() - 1) : text;
    }

    /** The commands of a line: split at pipes and lists, up to a redirection, without a prompt. */
    private static List<List<Word>> commands(List<Word> words) {
        List<List<Word>> commands = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        boolean redirected = false;
        for (Word word : words) {
            String text = word.text();
            if (!word.quoted() && COMMAND_SEPARATORS.contains(text)) {
                add(commands, current);
                current = new ArrayList<>();
                redirected = false;
            } else if (!word.quoted() && REDIRECT.matcher(text).matches()) {
                redirected = true;
            } else if (!redirected && !(current.isEmpty() && (text.equals("$") || text.equals("exec")))) {
                current.add(current.isEmpty() && text.startsWith("(") && !word.quoted()
                        ? new Word(text.substring(1), false) : word);
            }
        }
        add(commands, current);
        return commands;
    }

    private static void add(List<List<Word>> commands, List<Word> command) {
        if (!command.isEmpty() && !command.get(0).text().isEmpty()) {
            commands.add(command);
        }
    }

    /** The options a Python script declares with argparse's add_argument, with -h/--help. */
    static Set<String> pythonOptions(String script) {
        Set<String> options = new TreeSet<>(Set.of("-h", "--help"));
        Matcher call = PYTHON_OPTION_NAMES.matcher(script);
        while (call.find()) {
            Matcher name = QUOTED_OPTION.matcher(call.group(1));
            while (name.find()) {
                options.add(name.group(1));
                if (call.group(1).contains("BooleanOptionalAction") && name.group(1).startsWith("--")) {
                    options.add("--no-" + name.group(1).substring(2));
                }
            }
        }
        return options;
    }

    /** One shell word, and whether it was quoted (a quoted word is a value, never an option). */
    record Word(String text, boolean quoted) {}

    /** Splits a line into shell words: quotes group, a '#' that starts a word starts a comment. */
    static final class ShellWords {
        private ShellWords() {}

        static List<Word> split(String line) {
            List<Word> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            boolean quoted = false;
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    quoted = true;
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(new Word(word.toString(), quoted));
                    }
                    word.setLength(0);
                    inWord = false;
                    quoted = false;
                } else if (c == '#' && !inWord) {
                    break;
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                words.add(new Word(word.toString(), quoted));
            }
            return words;
        }
    }
}

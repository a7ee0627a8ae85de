package org.kerone.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code compare}: policies run over the same seeded workloads of a scenario.
 *
 * @param scenario scenario file, or null for the built-in one
 * @param policies policy names, in the order given
 * @param seeds number of seeds (runs per policy)
 * @param out folder the CSV and HTML report are written to
 * @param profile cost profile overriding the scenario's, or null
 */
record CompareOptions(Path scenario, List<String> policies, int seeds, Path out, String profile) {
    static final String USAGE = """
            Usage: java -jar kerone.jar compare [--scenario FILE] --policies A,B,... [--seeds N] [--out DIR] [--profile P]
            Runs each policy over the same seeded workloads of the scenario (seeds s, s+1, ..., s+N-1 from the
            scenario's seed) and writes a table to the terminal, DIR/compare.csv and DIR/compare.html
            (response times per priority class, deadline misses, reconfigurations, preemptions, PRR
            utilisation over time, a Gantt chart of PRR occupancy). Defaults: 1 seed, DIR = ./compare.
            """;

    static CompareOptions parse(List<String> args) throws BadInputException {
        Path scenario = null;
        List<String> policies = null;
        int seeds = 1;
        Path out = Path.of("compare");
        String profile = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--scenario" -> scenario = Path.of(value(args, ++i, arg));
                case "--policies" -> policies = policies(value(args, ++i, arg));
                case "--seeds" -> seeds = seeds(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--profile" -> profile = value(args, ++i, arg);
                default -> throw new BadInputException("compare: " + (arg.startsWith("-") ? "unknown option " : "unexpected argument ")
                        + arg + " (try compare --help)");
            }
        }
        if (policies == null) {
            throw new BadInputException("compare: --policies is required (e.g. --policies priority,fcfs)");
        }
        return new CompareOptions(scenario, policies, seeds, out, profile);
    }

    private static List<String> policies(String text) {
        List<String> names = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            names.add(name.trim());
        }
        return names;
    }

    private static int seeds(String text) throws BadInputException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadInputException("compare: --seeds needs a whole number, not " + text);
        }
    }

    private static String value(List<String> args, int i, String option) throws BadInputException {
        if (i >= args.size() || args.get(i).isEmpty() || args.get(i).startsWith("--")) {
            throw new BadInputException("compare: option " + option + " needs a value");
        }
        return args.get(i);
    }
}

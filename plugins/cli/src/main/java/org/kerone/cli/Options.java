package org.kerone.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The parsed command line of the main job.
 *
 * @param scenario scenario file, or null for the simulator's default scenario
 * @param seed seed overriding the scenario's, or null
 * @param trace file for the JSON Lines trace, or null
 * @param report file for the JSON summary, or null
 * @param profile cost profile (name or file) overriding the scenario's, or null
 * @param help whether only the usage was asked for
 */
record Options(Path scenario, Long seed, Path trace, Path report, String profile, boolean help) {

    static final String USAGE = """
            Usage: java -jar kerone.jar [OPTION]...
            Runs a scenario on the Ker-ONE platform and prints its summary.

              --scenario FILE     scenario to run (default: the built-in scenario)
              --seed N            seed overriding the scenario's
              --profile NAME|FILE cost profile overriding the scenario's
              --trace FILE        write the run's trace to FILE (JSON Lines)
              --report FILE       write the summary to FILE (JSON)
              --help              print this help and exit

            Exit status: 0 done, 2 bad input, 1 internal error.
            """;

    /** Parses the arguments; options take their value from the next argument. */
    static Options parse(List<String> args) throws BadInputException {
        Path scenario = null;
        Long seed = null;
        Path trace = null;
        Path report = null;
        String profile = null;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--help" -> help = true;
                case "--scenario" -> scenario = Path.of(value(args, ++i, arg));
                case "--seed" -> seed = seed(value(args, ++i, arg));
                case "--trace" -> trace = Path.of(value(args, ++i, arg));
                case "--report" -> report = Path.of(value(args, ++i, arg));
                case "--profile" -> profile = value(args, ++i, arg);
                default -> throw new BadInputException(arg.startsWith("-")
                        ? "unknown option " + arg + " (try --help)"
                        : "unexpected argument " + arg + " (try --help)");
            }
        }
        return new Options(scenario, seed, trace, report, profile, help);
    }

    private static String value(List<String> args, int i, String option) throws BadInputException {
        if (i >= args.size() || args.get(i).isEmpty() || args.get(i).startsWith("--")) {
            throw new BadInputException("option " + option + " needs a value");
        }
        return args.get(i);
    }

    private static long seed(String text) throws BadInputException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadInputException("--seed needs a whole number, not " + text);
        }
    }
}

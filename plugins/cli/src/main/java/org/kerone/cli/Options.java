package org.kerone.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parsed command line of the main job.
 *
 * @param scenario scenario file, or null for the simulator's default scenario
 * @param seed seed overriding the scenario's, or null
 * @param trace file for the JSON Lines trace, or null
 * @param report file for the JSON summary, or null
 * @param profile cost profile (name or file) overriding the scenario's, or null
 * @param help whether only the usage was asked for
 * @param live whether to start the live platform instead of running the scenario to its end
 * @param speed live: virtual seconds per wall-clock second, or null for real time
 * @param deploy live: the folder watched for bundles and configuration files
 */
record Options(Path scenario, Long seed, Path trace, Path report, String profile, boolean help, boolean live,
        Double speed, Path deploy) {

    /** A decimal number as a person writes it: 100, 0.5, .5, 1e-3 (no hex, no NaN, no type suffix). */
    private static final Pattern NUMBER = Pattern.compile("(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

    /** The deploy folder when --deploy is not given: {@code deploy} in the working directory. */
    static final Path DEFAULT_DEPLOY = Path.of("deploy");

    static final String USAGE = """
            Usage: java -jar kerone.jar [OPTION]...
            Runs a scenario on the Ker-ONE platform and prints its summary.

              --scenario FILE     scenario to run (default: the built-in scenario)
              --seed N            seed overriding the scenario's
              --profile NAME|FILE cost profile overriding the scenario's
              --trace FILE        write the run's trace to FILE (JSON Lines)
              --report FILE       write the summary to FILE (JSON)
              --help              print this help and exit

            Live platform: the scenario's PRRs and VMs keep running, paced to the wall clock,
            until the process is stopped; bundles and .cfg files dropped into the deploy
            folder are picked up while it runs.

              --live              start the live platform instead of running to the end
              --speed X           virtual seconds per wall-clock second (default 1)
              --deploy DIR        deploy folder (default: ./deploy)

            Policy comparison: java -jar kerone.jar compare --help

            Exit status: 0 done, 2 bad input, 1 internal error.
            """;

    /** The batch command line of {@link #parse} with no option given. */
    Options(Path scenario, Long seed, Path trace, Path report, String profile, boolean help) {
        this(scenario, seed, trace, report, profile, help, false, null, DEFAULT_DEPLOY);
    }

    /** Parses the arguments; options take their value from the next argument. */
    static Options parse(List<String> args) throws BadInputException {
        Path scenario = null;
        Long seed = null;
        Path trace = null;
        Path report = null;
        String profile = null;
        boolean help = false;
        boolean live = false;
        Double speed = null;
        Path deploy = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--help" -> help = true;
                case "--scenario" -> scenario = Path.of(value(args, ++i, arg));
                case "--seed" -> seed = seed(value(args, ++i, arg));
                case "--trace" -> trace = Path.of(value(args, ++i, arg));
                case "--report" -> report = Path.of(value(args, ++i, arg));
                case "--profile" -> profile = value(args, ++i, arg);
                case "--live" -> live = true;
                case "--speed" -> speed = speed(value(args, ++i, arg));
                case "--deploy" -> deploy = Path.of(value(args, ++i, arg));
                default -> throw new BadInputException(arg.startsWith("-")
                        ? "unknown option " + arg + " (try --help)"
                        : "unexpected argument " + arg + " (try --help)");
            }
        }
        if (!live && !help) {
            if (speed != null) {
                throw new BadInputException("option --speed needs --live");
            }
            if (deploy != null) {
                throw new BadInputException("option --deploy needs --live");
            }
        }
        if (live && report != null && !help) {
            throw new BadInputException("option --report does not apply to --live (a live run has no end)");
        }
        if (!help) {
            checkOutputs(scenario, profile, trace, report);
        }
        return new Options(scenario, seed, trace, report, profile, help, live, speed,
                deploy == null ? DEFAULT_DEPLOY : deploy);
    }

    /**
     * Refuses a trace or report file that is one of the run's inputs, or both outputs in one file: the
     * run would overwrite the scenario or profile the user wrote, or the report the trace.
     */
    private static void checkOutputs(Path scenario, String profile, Path trace, Path report) throws BadInputException {
        Path profileFile = profile != null && profile.endsWith(".json") ? Path.of(profile) : null;
        if (same(trace, report)) {
            throw new BadInputException("options --trace and --report name the same file " + trace);
        }
        for (Path output : new Path[] {trace, report}) {
            String option = output == trace ? "--trace" : "--report";
            if (same(output, scenario)) {
                throw new BadInputException("option " + option + " names the scenario file " + output
                        + ": the run would overwrite it");
            }
            if (same(output, profileFile)) {
                throw new BadInputException("option " + option + " names the profile file " + output
                        + ": the run would overwrite it");
            }
        }
    }

    private static boolean same(Path a, Path b) {
        return a != null && b != null && a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
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

    private static double speed(String text) throws BadInputException {
        if (NUMBER.matcher(text).matches()) {
            double x = Double.parseDouble(text);
            if (x > 0 && Double.isFinite(x)) {
                return x;
            }
        }
        throw new BadInputException("--speed needs a positive number, not " + text);
    }
}

package org.kerone.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Simulator;
import org.kerone.vmm.Summary;

/** Runs one command line against the simulator and turns its outcome into an exit status. */
final class Command {
    static final int OK = 0;
    static final int INTERNAL_ERROR = 1;
    static final int BAD_INPUT = 2;

    /** Runs the live platform for a checked scenario until it is stopped; returns the exit status. */
    interface LiveMode {
        int run(Scenario scenario, Options options) throws Exception;
    }

    /** The policy comparison, when its bundle is there. */
    interface CompareMode {
        /** Runs the comparison and returns the table to print. */
        String run(Scenario scenario, CompareOptions options) throws Exception;
    }

    private final Simulator simulator;
    private final LiveMode live;
    private final CompareMode compare;
    private final PrintStream out;
    private final PrintStream err;

    Command(Simulator simulator, PrintStream out, PrintStream err) {
        this(simulator, (scenario, options) -> {
            throw new IllegalStateException("the live mode is not available here");
        }, out, err);
    }

    Command(Simulator simulator, LiveMode live, PrintStream out, PrintStream err) {
        this(simulator, live, (scenario, options) -> {
            throw new BadInputException("compare: the comparison bundle plugins.compare is not installed");
        }, out, err);
    }

    Command(Simulator simulator, LiveMode live, CompareMode compare, PrintStream out, PrintStream err) {
        this.simulator = simulator;
        this.live = live;
        this.compare = compare;
        this.out = out;
        this.err = err;
    }

    /** Runs the command line; reports bad input in one line on the error stream. */
    int run(List<String> args) {
        try {
            if (!args.isEmpty() && args.get(0).equals("compare")) {
                return compare(args.subList(1, args.size()));
            }
            Options options = Options.parse(args);
            if (options.help()) {
                out.print(Options.USAGE);
            } else if (options.live()) {
                Scenario scenario = liveScenario(options);
                // a profile that cannot be loaded is bad input, as in a batch run: nothing starts
                simulator.checkProfile(scenario, new RunOptions(options.seed(), options.profile(), null));
                if (options.trace() != null) {
                    checkTraceWritable(options.trace());
                }
                return live.run(scenario, options);
            } else {
                execute(options);
            }
            return OK;
        } catch (BadInputException | ScenarioException e) {
            return badInput(e.getMessage());
        } catch (IOException e) {
            // the files are the user's: a missing scenario or an unwritable report is bad input
            return badInput(describe(e));
        } catch (TraceFailure e) {
            // the run started, so it is not bad input; but the user gets the reason, not a stack trace
            err.println("kerone: " + e.getMessage());
            return INTERNAL_ERROR;
        } catch (Exception e) {
            e.printStackTrace(err);
            return INTERNAL_ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code compare ...}: bad input (options, scenario, policy names, seeds) exits 2 before anything runs. */
    private int compare(List<String> args) throws Exception {
        if (args.contains("--help")) {
            out.print(CompareOptions.USAGE);
            return OK;
        }
        CompareOptions options = CompareOptions.parse(args);
        Scenario scenario = options.scenario() == null ? simulator.defaultScenario() : simulator.load(options.scenario());
        if (options.profile() != null) {
            // checked first, so that a profile that cannot be loaded is blamed on --profile, not on the scenario
            simulator.checkProfile(scenario, new RunOptions(null, options.profile(), null));
            scenario = scenario.withProfile(options.profile());
        }
        String table;
        try {
            table = compare.run(scenario, options);
        } catch (IllegalArgumentException e) {
            return badInput("compare: " + e.getMessage());
        }
        out.print(table.endsWith("\n") ? table : table + "\n");
        return OK;
    }

    private void execute(Options options) throws ScenarioException, IOException, BadInputException, TraceFailure {
        Scenario scenario = options.scenario() == null
                ? simulator.defaultScenario()
                : simulator.load(options.scenario());
        if (options.report() != null) {
            checkReportWritable(options.report());
        }
        Summary summary;
        try {
            summary = simulator.run(scenario, new RunOptions(options.seed(), options.profile(), options.trace()));
        } catch (UncheckedIOException e) {
            if (options.trace() == null) {
                throw e;
            }
            // the disk, not the program (a full disk, a file system gone): one line naming the file
            throw new TraceFailure(options.trace() + ": cannot write the trace: " + rootMessage(e));
        }
        if (options.report() != null) {
            Files.writeString(options.report(), simulator.json(summary));
        }
        String table = simulator.table(summary);
        out.print(table.endsWith("\n") ? table : table + "\n");
    }

    /** The scenario the live platform starts from, with the command line's seed and profile. */
    private Scenario liveScenario(Options options) throws ScenarioException, IOException {
        Scenario scenario = options.scenario() == null
                ? simulator.defaultScenario()
                : simulator.load(options.scenario());
        if (options.seed() != null) {
            scenario = scenario.withSeed(options.seed());
        }
        if (options.profile() != null) {
            scenario = scenario.withProfile(options.profile());
        }
        return scenario;
    }

    /**
     * As in a batch run, an unwritable trace file is bad input before anything starts (the live platform
     * would run without it). Opened to append, so that a file the platform ends up not writing (the
     * deploy folder's kerone.platform.cfg wins over --trace) is not truncated.
     */
    private static void checkTraceWritable(Path file) throws IOException {
        boolean existed = Files.exists(file);
        Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND).close();
        if (!existed) {
            Files.deleteIfExists(file);
        }
    }

    /** The trace file could not be written while the run went on. */
    private static final class TraceFailure extends Exception {
        private static final long serialVersionUID = 1L;

        TraceFailure(String message) {
            super(message);
        }
    }

    /** The message of the innermost cause (the system's reason), guarding against a cause chain that loops. */
    private static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** The innermost cause of {@code e} ({@code e} itself when it has none), guarding against a cause chain that loops. */
    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root;
    }

    /** Refuses, before anything runs, a report file that could not be written after the run: its summary would be lost. */
    private static void checkReportWritable(Path file) throws BadInputException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a directory");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException(file + ": no such file or directory");
        }
        if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(parent)) {
            throw new BadInputException(file + ": permission denied");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException exists) {
            // from making a folder (compare --out) where a file of that name is
            return exists.getFile() + ": exists and is not a folder";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private int badInput(String message) {
        err.println("kerone: " + message.strip().replaceAll("\\s*\\R\\s*", " "));
        return BAD_INPUT;
    }
}

package org.kerone.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Compares allocation policies on one scenario: every policy runs over the same seeded workloads
 * (seeds {@code s0 .. s0+seeds-1}, {@code s0} the scenario's seed), and the results are written to
 * {@value #CSV_FILE} and {@value #HTML_FILE} in an output folder.
 *
 * <p>Blocking: {@link #compare} runs the {@code policies.size() × seeds} simulations one after
 * another on the caller's thread and returns when the files are written. Memory stays bounded
 * whatever the runs' length: traces are aggregated while they are written, never kept.
 */
@ProviderType
public interface Comparison {
    /** Name of the CSV file written in the output folder. */
    String CSV_FILE = "compare.csv";
    /** Name of the HTML report written in the output folder. */
    String HTML_FILE = "compare.html";

    /**
     * Runs each policy over the same seeds and writes {@value #CSV_FILE} and {@value #HTML_FILE}
     * into {@code outDir} (created if missing, files replaced).
     *
     * @param scenario the scenario; its policy is ignored, its seed is the first seed
     * @param policies policy names (service property {@code kerone.policy}, or {@code builtin}), in
     *        report order, at least one, no repeats
     * @param seeds how many seeds each policy runs, at least 1
     * @param outDir where the files go
     * @return the numbers, as written to the files
     * @throws IllegalArgumentException bad arguments, checked before anything runs; the message is
     *         {@code "<place>: <problem>"}, the place being {@code policies}, {@code policies[i]} or
     *         {@code seeds}; an unknown policy's message lists the available ones
     * @throws ScenarioException the scenario cannot run with the services present now
     * @throws IOException the files cannot be written
     */
    Report compare(Scenario scenario, List<String> policies, int seeds, Path outDir)
            throws ScenarioException, IOException;

    /** The report as the table a person reads in a terminal, ending with a newline. */
    String table(Report report);
}

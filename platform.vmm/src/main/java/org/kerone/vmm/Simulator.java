package org.kerone.vmm;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs scenarios: a discrete-event Ker-ONE VMM with the Virtual Device Manager on a fabric, with
 * the accelerator and policy services present in the framework. Batch runs are deterministic: the
 * same scenario, seed, profile and services give the same trace, byte for byte.
 */
@ProviderType
public interface Simulator {

    /** The built-in default scenario. */
    Scenario defaultScenario();

    /** Reads and validates a scenario file. */
    Scenario load(Path file) throws ScenarioException, IOException;

    /** Validates a scenario given as text; {@code source} names it in messages. */
    Scenario parse(String source, String json) throws ScenarioException;

    /**
     * Checks, without running anything, that the cost profile a run of {@code scenario} with
     * {@code options} would use can be loaded (a built-in name, or a readable and valid profile file):
     * for a caller that needs the profile elsewhere (the live platform) and wants bad input refused as
     * {@link #run} refuses it.
     *
     * @throws ScenarioException the one {@link #run} would throw for that profile
     * @since 1.2
     */
    void checkProfile(Scenario scenario, RunOptions options) throws ScenarioException;

    /** Runs the scenario to its end and returns its summary. */
    Summary run(Scenario scenario, RunOptions options) throws ScenarioException, IOException;

    /** Runs the scenario writing its trace to {@code trace} (JSON Lines). */
    Summary run(Scenario scenario, RunOptions options, Writer trace) throws ScenarioException, IOException;

    /** The summary as a table a person reads. */
    String table(Summary summary);

    /** The summary as a JSON document. */
    String json(Summary summary);
}

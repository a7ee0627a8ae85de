package org.kerone.vmm;

import java.nio.file.Path;

/**
 * How to run a scenario.
 *
 * @param seed seed overriding the scenario's, or null
 * @param profile cost profile (name or file) overriding the scenario's, or null
 * @param trace file for the JSON Lines trace, or null for none
 */
public record RunOptions(Long seed, String profile, Path trace) {
    public static final RunOptions DEFAULT = new RunOptions(null, null, null);
}

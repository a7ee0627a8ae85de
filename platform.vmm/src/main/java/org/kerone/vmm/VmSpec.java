package org.kerone.vmm;

import java.util.List;

/**
 * A guest VM of a scenario.
 *
 * @param id VM id, 1..{@value #MAX_ID}
 * @param priority scheduling and request priority, {@value #MIN_PRIORITY}..{@value #MAX_PRIORITY}
 * @param steps the program, run {@code repeat} times
 * @param repeat how many times the program runs; 0 means until the run's horizon
 * @param startNs virtual time at which the VM boots
 * @param workload generated jobs instead of {@code steps}, or null
 */
public record VmSpec(int id, int priority, List<Step> steps, int repeat, long startNs, Workload workload) {
    public static final int MAX_ID = 65535;
    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 100;

    public VmSpec {
        steps = List.copyOf(steps);
    }

    /** A VM running a program. */
    public VmSpec(int id, int priority, List<Step> steps, int repeat, long startNs) {
        this(id, priority, steps, repeat, startNs, null);
    }
}

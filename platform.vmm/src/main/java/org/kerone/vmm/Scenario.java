package org.kerone.vmm;

import java.util.List;
import org.kerone.fpga.PrrSpec;

/**
 * A validated scenario: the fabric's PRRs, the guest VMs and their programs, and run parameters.
 *
 * @param name scenario name (for reports)
 * @param source where it was read from
 * @param seed seed of the run's random source (guest input data)
 * @param profile cost profile name or file
 * @param policy allocation policy name
 * @param quantumNs round-robin quantum of the guest scheduler
 * @param horizonNs virtual time at which the run stops; 0 for "when every program has ended"
 * @param prrs the PRRs
 * @param vms the guests
 */
public record Scenario(String name, String source, long seed, String profile, String policy, long quantumNs,
        long horizonNs, List<PrrSpec> prrs, List<VmSpec> vms) {
    /**
     * The longest time a scenario or a program may name (a start, a compute step, a deadline, a
     * period, the quantum, the horizon): 2^62 ns, about 146 years, so that virtual time plus any such
     * delay stays far from overflowing a {@code long}.
     */
    public static final long MAX_TIME_NS = 1L << 62;

    public Scenario {
        prrs = List.copyOf(prrs);
        vms = List.copyOf(vms);
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(name, source, newSeed, profile, policy, quantumNs, horizonNs, prrs, vms);
    }

    public Scenario withProfile(String newProfile) {
        return new Scenario(name, source, seed, newProfile, policy, quantumNs, horizonNs, prrs, vms);
    }

    public Scenario withPolicy(String newPolicy) {
        return new Scenario(name, source, seed, profile, newPolicy, quantumNs, horizonNs, prrs, vms);
    }
}

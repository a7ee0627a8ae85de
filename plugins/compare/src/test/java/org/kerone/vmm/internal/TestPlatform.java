package org.kerone.vmm.internal;

import java.util.Map;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.accelerators.crc32.Crc32Accelerator;
import org.kerone.accelerators.sha256.Sha256Accelerator;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.fcfs.FcfsPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.Simulator;

/**
 * The real VMM on the simulated fabric with aes128, sha256 and crc32 and the "priority" and "fcfs"
 * policies, wired by hand as SCR would wire them. It sits in the VMM's package because the bind
 * methods are package-private.
 */
public final class TestPlatform {
    private TestPlatform() {
    }

    public static Simulator simulator() {
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        sim.addAccelerator(new Sha256Accelerator());
        sim.addAccelerator(new Crc32Accelerator());
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        sim.addPolicy(new FcfsPolicy(), Map.of(AllocationPolicy.NAME, "fcfs"));
        return sim;
    }
}

package org.kerone.vmm.internal;

import java.util.Map;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.accelerators.sha256.Sha256Accelerator;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;

/** The platform's components wired by hand, as SCR would wire them, for tests without a framework. */
final class Platforms {
    private Platforms() {
    }

    static SimulatorComponent simulator() {
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        sim.addAccelerator(new Sha256Accelerator());
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        return sim;
    }
}

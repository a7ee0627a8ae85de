package org.kerone.vmm.internal;

import java.util.Map;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.accelerators.crc32.Crc32Accelerator;
import org.kerone.accelerators.fft.FftAccelerator;
import org.kerone.accelerators.fir.FirAccelerator;
import org.kerone.accelerators.matmul.MatmulAccelerator;
import org.kerone.accelerators.sha256.Sha256Accelerator;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;

/** The platform's components wired by hand, as SCR would wire them, for tests without a framework. */
final class Platforms {
    private Platforms() {
    }

    /** The paper's two accelerators and policy. */
    static SimulatorComponent simulator() {
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        sim.addAccelerator(new Sha256Accelerator());
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        return sim;
    }

    /** Every accelerator of the repository, and the paper's policy (the other policies test themselves on the simulator). */
    static SimulatorComponent full() {
        SimulatorComponent sim = simulator();
        sim.addAccelerator(new FftAccelerator());
        sim.addAccelerator(new FirAccelerator());
        sim.addAccelerator(new MatmulAccelerator());
        sim.addAccelerator(new Crc32Accelerator());
        return sim;
    }
}

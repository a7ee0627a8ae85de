package org.kerone.vmm.internal;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.accelerators.sha256.Sha256Accelerator;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Summary;

/**
 * Runs a scenario through the real VMM and simulated fabric with chosen policies, wired by hand as
 * SCR would wire them. It sits in the VMM's package because the bind methods are package-private.
 */
public final class PolicyBench {
    /** What a run gave: its summary and its trace, one JSON object a line. */
    public record Run(Summary summary, List<String> trace) {
        /** The trace lines of event {@code ev}. */
        public List<String> events(String ev) {
            return trace.stream().filter(l -> l.contains("\"ev\":\"" + ev + "\"")).toList();
        }
    }

    private PolicyBench() {
    }

    /** Runs {@code scenarioJson} with aes128, sha256 and the named policies installed. */
    public static Run run(String scenarioJson, Map<String, AllocationPolicy> policies) throws Exception {
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        sim.addAccelerator(new Sha256Accelerator());
        policies.forEach((name, policy) -> sim.addPolicy(policy, Map.of(AllocationPolicy.NAME, name)));
        StringWriter trace = new StringWriter();
        Summary summary = sim.run(sim.parse("test scenario", scenarioJson), RunOptions.DEFAULT, trace);
        return new Run(summary, trace.toString().lines().toList());
    }
}

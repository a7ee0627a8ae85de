package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.FabricView;
import org.kerone.vmm.RunOptions;

/**
 * A run without horizon whose guests wait for good (a policy that never gives a PRR): it ends when
 * nothing is left to happen, and its open requests fail saying so, not "at the horizon" it has not.
 */
class StuckRunTest {
    @Test
    void openRequestsOfARunWithoutHorizonThatCannotGoOnFailSayingSo() throws Exception {
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        sim.addPolicy(new AllocationPolicy() {
            @Override
            public Solution solve(Request request, FabricView fabric) {
                return Solution.UNAVAILABLE;
            }
        }, Map.of(AllocationPolicy.NAME, "never"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("never", """
                {"policy": "never", "prrs": [{"id": "p0", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 4096}]}]}
                """), RunOptions.DEFAULT, trace);

        m.run();

        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(events).filteredOn(e -> "failed".equals(e.get("ev"))).singleElement()
                .satisfies(e -> assertThat(e.get("reason")).isEqualTo("run ended with nothing left to happen (no event could serve it)"));
    }
}

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
 * A job a policy sends to the device's software implementation (path {@code software}) whose model
 * throws: it ends as {@code job_aborted} with the device and the error named, and the guests go on;
 * the kernel event does not fail (it did, the model's exception thrown out of the guest's run).
 */
class FailingSoftwareModelTest {
    @Test
    void aSoftwareJobWhoseModelThrowsIsAbortedWithTheReasonAndTheRestGoesOn() throws Exception {
        // given AES-128 whose model throws on every other call, and a policy that runs every job in software
        int[] calls = {0};
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new DelegatingAccelerator(new Aes128Accelerator()) {
            @Override
            public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
                if (++calls[0] % 2 == 1) {
                    throw new IllegalStateException("model bug");
                }
                super.process(context, input, output, fromUnit, toUnit);
            }
        });
        sim.addPolicy(new AllocationPolicy() {
            @Override
            public Solution solve(Request request, FabricView fabric) {
                return Solution.SOFTWARE;
            }
        }, Map.of(AllocationPolicy.NAME, "software"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("software", """
                {"policy": "software", "prrs": [{"id": "p0", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "repeat": 2, "program": [{"use": "aes128", "bytes": 4096}]},
                         {"id": 2, "priority": 20, "repeat": 2, "program": [{"use": "aes128", "bytes": 1024}]}]}
                """), RunOptions.DEFAULT, trace);
        m.kernel.observe(() -> Invariants.check(m));

        // when
        m.run();

        // then half the jobs were aborted with the reason, the others done, and both VMs ended
        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(events).filteredOn(e -> "job_aborted".equals(e.get("ev"))).hasSize(2).allSatisfy(e -> assertThat(e.get("reason"))
                .isEqualTo("aes128 " + new Aes128Accelerator().info().version() + ": its model failed: java.lang.IllegalStateException: model bug"));
        assertThat(events).filteredOn(e -> "job_done".equals(e.get("ev"))).hasSize(2)
                .allSatisfy(e -> assertThat(e.get("software")).isEqualTo(true));
        assertThat(events).filteredOn(e -> "vm_end".equals(e.get("ev"))).hasSize(2);
        assertThat(m.stats.jobsAborted).isEqualTo(2);
        assertThat(m.stats.softwareJobs).isEqualTo(2);
    }
}

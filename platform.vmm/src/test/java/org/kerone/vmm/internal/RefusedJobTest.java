package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.fpga.accel.JobShape;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.RunOptions;

/**
 * A job the accelerator refuses when it starts (a device updated to a version that refuses a size
 * its VMs use, say): the VM had its turn at the PRR it was given, so the PRR no longer waits in HOLD
 * for it; a request of the same priority waiting for it gets it.
 */
class RefusedJobTest {
    @Test
    void aPrrWhoseJobIsRefusedGoesToTheNextWaitingRequest() throws Exception {
        // given AES-128 refusing 4096-byte jobs once the run has started, and two VMs of one priority on one PRR
        boolean[] refuse = {false};
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new DelegatingAccelerator(new Aes128Accelerator()) {
            @Override
            public JobShape shape(byte[] args, int inputLength) {
                if (refuse[0] && inputLength == 4096) {
                    throw new IllegalArgumentException("aes128: refuses 4096 bytes since its update");
                }
                return super.shape(args, inputLength);
            }
        });
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("refused", """
                {"prrs": [{"id": "p0", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 4096}, {"compute": "50ms"}]},
                         {"id": 2, "priority": 10, "start": "1ms", "program": [{"use": "aes128", "bytes": 1024}]}]}
                """), RunOptions.DEFAULT, trace);
        refuse[0] = true;
        m.kernel.observe(() -> Invariants.check(m));

        // when
        m.run();

        // then VM 1's job is refused, and VM 2 gets the PRR at once, not after VM 1's 50 ms (nor never, once VM 1 ends)
        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        Map<String, Object> refused = events.stream().filter(e -> "job_refused".equals(e.get("ev"))).findFirst().orElseThrow();
        assertThat(refused.get("reason")).isEqualTo("aes128: refuses 4096 bytes since its update");
        long refusedAt = ((Number) refused.get("t")).longValue();
        assertThat(events).noneMatch(e -> "failed".equals(e.get("ev")));
        // (told in the trace before the PRR goes to another request)
        assertThat(events.indexOf(refused)).isLessThan(events.indexOf(
                events.stream().filter(e -> "pushed".equals(e.get("ev"))).findFirst().orElseThrow()));
        Map<String, Object> pushed = events.stream().filter(e -> "pushed".equals(e.get("ev"))).findFirst().orElseThrow();
        assertThat(((Number) pushed.get("vm")).intValue()).isEqualTo(2);
        assertThat(((Number) pushed.get("t")).longValue()).isEqualTo(refusedAt);
        Map<String, Object> done = events.stream().filter(e -> "job_done".equals(e.get("ev"))).findFirst().orElseThrow();
        assertThat(((Number) done.get("vm")).intValue()).isEqualTo(2);
        assertThat(((Number) done.get("t")).longValue()).isLessThan(refusedAt + 10_000_000);
    }
}

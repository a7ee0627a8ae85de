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
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.RunOptions;

/**
 * A policy whose searching-list order changes while requests wait (it depends on state the policy
 * changes as it decides, as an order by slack time would depend on the time), so that the list can
 * no longer find a request where the order says: handled as an order that throws (one
 * {@code policy_refused}, the list in the built-in order), and every request is served exactly once.
 * Before, a request served stayed in the list, was served again, and the kernel failed.
 */
class PolicyOrderDriftsTest {
    @Test
    void anOrderThatChangesWhileRequestsWaitFallsBackAndEveryRequestIsServedOnce() throws Exception {
        // given twelve VMs on one PRR, under a policy whose order flips at each decision
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        PriorityPolicy priority = new PriorityPolicy();
        int[] decisions = {0};
        sim.addPolicy(new AllocationPolicy() {
            @Override
            public Solution solve(Request request, FabricView fabric) {
                decisions[0]++;
                return priority.solve(request, fabric);
            }

            @Override
            public int compare(Request a, Request b) {
                int c = Long.compare(a.id() * 7919 % 13, b.id() * 7919 % 13);
                return decisions[0] % 2 == 0 ? c : -c;
            }
        }, Map.of(AllocationPolicy.NAME, "drifting"));
        StringBuilder vms = new StringBuilder();
        for (int vm = 1; vm <= 12; vm++) {
            vms.append(vm > 1 ? ", " : "").append("{\"id\": ").append(vm).append(", \"priority\": ").append(10 + vm % 3)
                    .append(", \"repeat\": 3, \"program\": [{\"compute\": \"").append(10 * vm)
                    .append("us\"}, {\"use\": \"aes128\", \"bytes\": 4096}]}");
        }
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("drifting", "{\"policy\": \"drifting\", \"prrs\": [{\"id\": \"p0\", \"class\": \"small\"}], "
                + "\"vms\": [" + vms + "]}"), RunOptions.DEFAULT, trace);
        m.kernel.observe(() -> Invariants.check(m));

        // when
        m.run();

        // then the order was refused once, naming the problem, and every request and job ended once
        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(events).filteredOn(e -> "policy_refused".equals(e.get("ev"))).singleElement()
                .satisfies(e -> assertThat((String) e.get("reason")).startsWith("its searching-list order is not consistent: ")
                        .endsWith("; the list is in the builtin policy's order until a policy is selected again"));
        long requests = events.stream().filter(e -> "request".equals(e.get("ev"))).count();
        assertThat(events).filteredOn(e -> "served".equals(e.get("ev"))).hasSize((int) requests)
                .extracting(e -> e.get("req")).doesNotHaveDuplicates();
        assertThat(events).filteredOn(e -> "job_done".equals(e.get("ev"))).hasSize(36);
        assertThat(events).noneMatch(e -> "failed".equals(e.get("ev")));
    }
}

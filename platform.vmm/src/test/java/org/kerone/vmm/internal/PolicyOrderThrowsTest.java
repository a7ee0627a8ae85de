package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.FabricView;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.RunOptions;

/**
 * A policy whose searching-list order throws (a bug in a plugin): the list goes back to the
 * built-in order with the failure reported once (`policy_refused`), and every request is still
 * served; none is lost in a half-sorted list.
 */
class PolicyOrderThrowsTest {
    /** The paper's policy, whose {@code compare} throws after {@code fine} calls (a NoClassDefFoundError when {@code linkage}). */
    private static final class ThrowingOrder implements AllocationPolicy {
        private final PriorityPolicy priority = new PriorityPolicy();
        private final int fine;
        private final boolean linkage;
        private int calls;

        ThrowingOrder(int fine, boolean linkage) {
            this.fine = fine;
            this.linkage = linkage;
        }

        @Override
        public Solution solve(Request request, FabricView fabric) {
            return priority.solve(request, fabric);
        }

        @Override
        public int compare(Request a, Request b) {
            if (++calls > fine) {
                if (linkage) {
                    throw new NoClassDefFoundError("org/example/Gone");
                }
                throw new UnsupportedOperationException("order bug");
            }
            return priority.compare(a, b);
        }
    }

    @ParameterizedTest(name = "throws after {0} calls, linkage error {1}")
    @CsvSource({"0, false", "1, false", "3, false", "10, false", "3, true"})
    void theListFallsBackToTheBuiltinOrderAndEveryRequestIsServed(int fine, boolean linkage) throws Exception {
        // given one PRR and four VMs asking for it at once, so that requests wait in the searching list
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        sim.addPolicy(new ThrowingOrder(fine, linkage), Map.of(AllocationPolicy.NAME, "badorder"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("bad-order", """
                {"policy": "badorder", "prrs": [{"id": "p0", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 65536}]},
                         {"id": 2, "priority": 20, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 65536}]},
                         {"id": 3, "priority": 30, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 65536}]},
                         {"id": 4, "priority": 40, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 65536}]}]}
                """), RunOptions.DEFAULT, trace);
        m.kernel.observe(() -> Invariants.check(m));

        // when
        m.run();

        // then the failure was reported once, naming the policy and what its order threw
        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(events).filteredOn(e -> "policy_refused".equals(e.get("ev"))).singleElement()
                .satisfies(e -> assertThat(e.get("policy")).isEqualTo("badorder"))
                .satisfies(e -> assertThat((String) e.get("reason"))
                        .startsWith("its searching-list order threw " + (linkage ? "java.lang.NoClassDefFoundError: org/example/Gone"
                                : "java.lang.UnsupportedOperationException: order bug")));
        // and every job of every VM ran, nothing failed
        assertThat(events).filteredOn(e -> "job_done".equals(e.get("ev"))).hasSize(12);
        assertThat(events).noneMatch(e -> "failed".equals(e.get("ev")));
        assertThat(m.fabric.searchingList()).isEmpty();
    }
}

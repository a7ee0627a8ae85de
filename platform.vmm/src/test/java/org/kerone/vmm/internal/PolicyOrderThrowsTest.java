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

    /**
     * First come, first served, except that it never gives VM 1 a PRR while another request waits;
     * its order starts throwing while it decides for VM 1 once the PRR is free (it reads the list).
     */
    private static final class OrderFailingMidSearch implements AllocationPolicy {
        private final PriorityPolicy priority = new PriorityPolicy();
        private boolean armed;

        @Override
        public Solution solve(Request request, FabricView fabric) {
            if (request.vm() == 1 && fabric.searchingList().size() > 1) {
                if (fabric.prr(0).state() != org.kerone.fpga.PrrState.BUSY) {
                    armed = true;
                    fabric.searchingList().get(0); // sorts the list: the order throws, the list falls back
                }
                return Solution.UNAVAILABLE;
            }
            return priority.solve(request, fabric);
        }

        @Override
        public int compare(Request a, Request b) {
            if (armed) {
                throw new UnsupportedOperationException("order bug");
            }
            return Long.compare(a.id(), b.id());
        }
    }

    /**
     * The order falls back while the monitor walks the list for a freed PRR: the walk goes on in the
     * new order from its start, so the request the old order had after the one being decided, and the
     * new one has before it, still gets the PRR instead of the PRR staying idle while it waits.
     */
    @org.junit.jupiter.api.Test
    void anOrderThatFallsBackDuringAWalkLeavesNoRequestUntried() throws Exception {
        // given VM 3 (priority 90) holding the PRR; VM 1 (10) and then VM 2 (50) waiting for it, in arrival order
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        sim.addPolicy(new OrderFailingMidSearch(), Map.of(AllocationPolicy.NAME, "midsearch"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("mid-search", """
                {"policy": "midsearch", "horizon": "1s", "prrs": [{"id": "p0", "class": "small"}],
                 "vms": [{"id": 3, "priority": 90, "program": [{"use": "aes128", "bytes": 1048576}]},
                         {"id": 1, "priority": 10, "start": "4300us", "program": [{"use": "aes128", "bytes": 64}]},
                         {"id": 2, "priority": 50, "start": "4350us", "program": [{"use": "aes128", "bytes": 64}]}]}
                """), RunOptions.DEFAULT, trace);
        m.kernel.observe(() -> Invariants.check(m));

        // when VM 3's job ends and the monitor offers the PRR
        m.run();

        // then VM 2 got it: its job ran, and nothing failed at the horizon
        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(events).filteredOn(e -> "policy_refused".equals(e.get("ev"))).hasSize(1);
        assertThat(events).anyMatch(e -> "job_done".equals(e.get("ev")) && Long.valueOf(2).equals(e.get("vm")));
        assertThat(events).noneMatch(e -> "failed".equals(e.get("ev")) && Long.valueOf(2).equals(e.get("vm")));
    }
}

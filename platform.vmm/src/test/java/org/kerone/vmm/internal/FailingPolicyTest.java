package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.accelerators.sha256.Sha256Accelerator;
import org.kerone.fpga.PrrState;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.FabricView;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.RunOptions;

/**
 * A policy whose {@code solve} throws (a bug in a plugin, or a class its bundle cannot load: a
 * missing import, a bundle refreshed under the platform): each such decision is refused with the
 * error named (`policy_refused`), the built-in policy decides instead, and every request is served.
 */
class FailingPolicyTest {
    /** The paper's policy, whose {@code solve} throws on every other call. */
    private static final class Failing implements AllocationPolicy {
        private final PriorityPolicy priority = new PriorityPolicy();
        private final String kind;
        private int calls;

        Failing(String kind) {
            this.kind = kind;
        }

        @Override
        public Solution solve(Request request, FabricView fabric) {
            if (++calls % 2 == 0) {
                if (kind.equals("linkage")) {
                    throw new NoClassDefFoundError("javax/xml/parsers/DocumentBuilderFactory");
                }
                throw new IllegalStateException("policy bug");
            }
            return priority.solve(request, fabric);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linkage", "runtime"})
    void eachDecisionThatThrowsIsRefusedAndTheBuiltinPolicyDecides(String kind) throws Exception {
        // given one PRR and three VMs asking for it, under a policy that fails every other decision
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        sim.addPolicy(new Failing(kind), Map.of(AllocationPolicy.NAME, "failing"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("failing-policy", """
                {"policy": "failing", "prrs": [{"id": "p0", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 65536}]},
                         {"id": 2, "priority": 20, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 65536}]},
                         {"id": 3, "priority": 30, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 65536}]}]}
                """), RunOptions.DEFAULT, trace);
        m.kernel.observe(() -> Invariants.check(m));

        // when
        m.run();

        // then the failed decisions were refused with the error named
        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        String error = kind.equals("linkage") ? "threw java.lang.NoClassDefFoundError: javax/xml/parsers/DocumentBuilderFactory"
                : "threw java.lang.IllegalStateException: policy bug";
        assertThat(events).filteredOn(e -> "policy_refused".equals(e.get("ev"))).isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("reason")).isEqualTo(error));
        // and every job of every VM ran, nothing failed
        assertThat(events).filteredOn(e -> "job_done".equals(e.get("ev"))).hasSize(9);
        assertThat(events).noneMatch(e -> "failed".equals(e.get("ev")));
    }

    /**
     * A policy that assigns a PRR running another device's job, without the Reconfig flag: the
     * refusal names what is impossible (the PRR is busy), not the flag, which would not make it possible.
     */
    @org.junit.jupiter.api.Test
    void anAssignOfABusyPrrIsRefusedAsNotIdleWhateverItsReconfigFlag() throws Exception {
        PriorityPolicy priority = new PriorityPolicy();
        AllocationPolicy busyTaker = new AllocationPolicy() {
            @Override
            public Solution solve(Request request, FabricView fabric) {
                if (fabric.prr(0).state() == PrrState.BUSY && fabric.prr(0).device() != request.dev()) {
                    return Solution.assign(0, false);
                }
                return priority.solve(request, fabric);
            }
        };
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Aes128Accelerator());
        sim.addAccelerator(new Sha256Accelerator());
        sim.addPolicy(busyTaker, Map.of(AllocationPolicy.NAME, "busy-taker"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("busy-taker", """
                {"policy": "busy-taker", "prrs": [{"id": "p0", "class": "large"}],
                 "vms": [{"id": 1, "priority": 10, "repeat": 1, "program": [{"use": "aes128", "bytes": 65536}]},
                         {"id": 2, "priority": 20, "start": "4300us", "repeat": 1, "program": [{"use": "sha256", "bytes": 4096}]}]}
                """), RunOptions.DEFAULT, trace);
        m.kernel.observe(() -> Invariants.check(m));

        m.run();

        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(events).filteredOn(e -> "policy_refused".equals(e.get("ev"))).isNotEmpty()
                .allSatisfy(e -> assertThat((String) e.get("reason")).endsWith("which is not idle or empty"));
        assertThat(events).filteredOn(e -> "job_done".equals(e.get("ev"))).hasSize(2);
    }
}

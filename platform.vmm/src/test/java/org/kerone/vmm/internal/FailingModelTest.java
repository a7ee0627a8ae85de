package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.accelerators.sha256.Sha256Accelerator;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.RunOptions;

/**
 * An accelerator whose own code throws while jobs run (a bug in a plugin, or its bundle refreshed
 * under a running job, so that its classes no longer load): each such job ends as aborted with the
 * device and the error named, its VM gets an error, the PRR is free again, the invariants hold and
 * the other guests go on; so does a job whose model throws when it is stopped.
 */
class FailingModelTest {
    /** AES-128, whose functional model throws on every {@code every}-th call; the rest is AES-128's. */
    private static final class Failing extends DelegatingAccelerator {
        private final String kind;
        private final int every;
        private final AtomicInteger calls = new AtomicInteger();

        Failing(String kind, int every) {
            super(new Aes128Accelerator());
            this.kind = kind;
            this.every = every;
        }

        @Override
        public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
            if (calls.incrementAndGet() % every == 0) {
                if (kind.equals("linkage")) {
                    throw new NoClassDefFoundError("org/kerone/accelerators/aes128/Gone");
                }
                throw new IllegalStateException("model bug");
            }
            super.process(context, input, output, fromUnit, toUnit);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linkage", "runtime"})
    void aJobWhoseModelThrowsIsAbortedWithTheReasonAndTheRestGoesOn(String kind) throws Exception {
        // given two VMs encrypting on a PRR each, the second one's model failing on every third call
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Failing(kind, 3));
        sim.addAccelerator(new Sha256Accelerator());
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("failing", """
                {"horizon": "100ms", "prrs": [{"id": "p0", "class": "small"}, {"id": "p1", "class": "large"}],
                 "vms": [{"id": 1, "priority": 10, "repeat": 0, "program": [{"compute": "300us"}, {"use": "aes128", "bytes": 65536}]},
                         {"id": 2, "priority": 30, "repeat": 0, "program": [{"compute": "300us"}, {"use": "sha256", "bytes": 1024}]}]}
                """), RunOptions.DEFAULT, trace);
        m.kernel.observe(() -> Invariants.check(m));

        // when
        m.run();

        // then some AES jobs failed, each reported with the device and the error
        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        String expected = kind.equals("linkage") ? "NoClassDefFoundError" : "IllegalStateException: model bug";
        List<Map<String, Object>> aborted = events.stream().filter(e -> "job_aborted".equals(e.get("ev"))).toList();
        assertThat(aborted).isNotEmpty().allSatisfy(e -> assertThat((String) e.get("reason"))
                .startsWith("aes128 " + new Aes128Accelerator().info().version() + ": its model failed: ").contains(expected));
        // the VMs of the failed jobs were told, and every VM kept being served
        assertThat(events).anyMatch(e -> "ipc".equals(e.get("ev")) && "error".equals(e.get("msg")));
        for (int vm = 1; vm <= 2; vm++) {
            int v = vm;
            assertThat(events).as("jobs of VM %d", vm)
                    .anyMatch(e -> "job_done".equals(e.get("ev")) && ((Number) e.get("vm")).intValue() == v);
        }
        assertThat(m.stats.jobsAborted).isEqualTo(aborted.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linkage", "runtime"})
    void aJobWhoseModelThrowsWhenItIsStoppedIsAbortedAndItsPrrRetires(String kind) throws Exception {
        // given a VM whose AES model always fails, its long job running on p0
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new Failing(kind, 1));
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("stopped", """
                {"horizon": "20ms", "prrs": [{"id": "p0", "class": "small"}, {"id": "p1", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "repeat": 0, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 65536}]}]}
                """), RunOptions.DEFAULT, trace);
        int p0 = m.fabric.prrIndex("p0");
        boolean[] removed = {false};
        m.kernel.observe(() -> {
            Invariants.check(m);
            if (!removed[0] && m.fabric.state(p0) == org.kerone.fpga.PrrState.BUSY) {
                removed[0] = true;
                m.removePrr("p0"); // its job is stopped: the model runs up to the stop and throws
            }
        });

        // when
        m.run();

        // then the stopped job was aborted with the reason, p0 retired, and the VM went on with p1
        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(removed[0]).isTrue();
        assertThat(events).anyMatch(e -> "preempt_done".equals(e.get("ev")) && ((Number) e.get("prr")).intValue() == p0);
        assertThat(events).filteredOn(e -> "job_aborted".equals(e.get("ev"))).first()
                .satisfies(e -> assertThat((String) e.get("reason")).contains("its model failed"));
        assertThat(m.fabric.retired(p0)).isTrue();
        assertThat(events).anyMatch(e -> "job_start".equals(e.get("ev")) && ((Number) e.get("prr")).intValue() != p0);
    }
}

package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.fpga.accel.JobShape;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.RunOptions;

/**
 * An accelerator whose {@code shape} answers what the fabric cannot run (no shape at all, or more units
 * than virtual time can hold, which overflowed the job's end time and failed the kernel): the job is
 * refused with the device and the problem named ({@code job_refused}), its PRR stays usable, and the
 * other guests go on; the kernel does not fail.
 */
class BrokenJobShapeTest {
    /** AES-128 whose shape of a 4096-byte job is {@code broken}'s answer; other sizes are AES-128's. */
    private static Machine run(UnaryOperator<JobShape> broken, StringWriter trace) throws Exception {
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new DelegatingAccelerator(new Aes128Accelerator()) {
            @Override
            public JobShape shape(byte[] args, int inputLength) {
                JobShape shape = super.shape(args, inputLength);
                return inputLength == 4096 ? broken.apply(shape) : shape;
            }
        });
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        Machine m = sim.prepare(sim.parse("broken-shape", """
                {"prrs": [{"id": "p0", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "repeat": 2, "program": [{"compute": "1us"}, {"use": "aes128", "bytes": 4096}]},
                         {"id": 2, "priority": 10, "repeat": 2, "start": "1ms", "program": [{"use": "aes128", "bytes": 1024}]}]}
                """), RunOptions.DEFAULT, trace);
        m.kernel.observe(() -> Invariants.check(m));
        m.run();
        return m;
    }

    @Test
    void aNullShapeIsRefusedWithTheDeviceNamedAndTheOthersGoOn() throws Exception {
        StringWriter trace = new StringWriter();

        Machine m = run(shape -> null, trace);

        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(events).filteredOn(e -> "job_refused".equals(e.get("ev"))).hasSize(2).allSatisfy(e -> assertThat(
                (String) e.get("reason")).startsWith("aes128 ").contains("its model failed").contains("shape() returned null"));
        assertThat(events).filteredOn(e -> "job_done".equals(e.get("ev"))).hasSize(2)
                .allSatisfy(e -> assertThat(((Number) e.get("vm")).intValue()).isEqualTo(2));
        assertThat(m.stats.jobsRefused).isEqualTo(2);
    }

    @Test
    void aJobTooLongForVirtualTimeIsRefusedWithTheDeviceNamedAndTheOthersGoOn() throws Exception {
        StringWriter trace = new StringWriter();

        Machine m = run(shape -> new JobShape(Long.MAX_VALUE / 4, shape.outputLength()), trace);

        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(events).filteredOn(e -> "job_refused".equals(e.get("ev"))).hasSize(2).allSatisfy(e -> assertThat(
                (String) e.get("reason")).isEqualTo("aes128: a job of " + Long.MAX_VALUE / 4
                        + " units of 11 cycles takes longer than the 4611686018427387904 ns (about 146 years) virtual time can run"));
        assertThat(events).filteredOn(e -> "job_done".equals(e.get("ev"))).hasSize(2)
                .allSatisfy(e -> assertThat(((Number) e.get("vm")).intValue()).isEqualTo(2));
        assertThat(m.stats.jobsRefused).isEqualTo(2);
    }
}

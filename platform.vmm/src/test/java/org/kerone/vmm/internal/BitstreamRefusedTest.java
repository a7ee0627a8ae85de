package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.accelerators.sha256.Sha256Accelerator;
import org.kerone.fpga.accel.Bitstream;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.RunOptions;

/**
 * An accelerator bundle whose partial bitstream is missing or corrupt: the reconfiguration port
 * refuses each load with the device, its version and the problem (`reconfig_failed`), the request
 * fails with that reason, the PRR stays empty and the other guests go on.
 */
class BitstreamRefusedTest {
    /** AES-128 with its bitstream left out ("missing"), one payload byte flipped ("corrupt") or not loadable ("linkage"). */
    private static final class BadBitstream extends DelegatingAccelerator {
        private final String kind;

        BadBitstream(String kind) {
            super(new Aes128Accelerator());
            this.kind = kind;
        }

        @Override
        public byte[] bitstream(String prrClass) {
            if (kind.equals("missing")) {
                return null;
            }
            if (kind.equals("linkage")) {
                throw new NoClassDefFoundError("org/kerone/accelerators/aes128/Gone"); // its bundle refreshed under it
            }
            byte[] corrupt = super.bitstream(prrClass).clone();
            corrupt[Bitstream.HEADER_BYTES + 10] ^= 1;
            return corrupt;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing | no bitstream for PRR class 'small' (the device declares one but ships none)",
        "corrupt | bitstream CRC mismatch: header says",
        "linkage | bitstream for class 'small' unreadable: org/kerone/accelerators/aes128/Gone",
    })
    void eachLoadIsRefusedWithTheReasonAndTheRestGoesOn(String kind, String problem) throws Exception {
        // given VM 1 using the AES device with a bad bitstream on a small PRR, VM 2 hashing on a large one
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(new BadBitstream(kind));
        sim.addAccelerator(new Sha256Accelerator());
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("bad-bitstream", """
                {"prrs": [{"id": "p0", "class": "small"}, {"id": "p1", "class": "large"}],
                 "vms": [{"id": 1, "priority": 30, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 1024}]},
                         {"id": 2, "priority": 10, "repeat": 3, "program": [{"compute": "100us"}, {"use": "sha256", "bytes": 1024}]}]}
                """), RunOptions.DEFAULT, trace);
        m.kernel.observe(() -> Invariants.check(m));

        // when
        m.run();

        // then every AES load was refused with the device, its version and the problem, and its request failed
        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        String reason = "aes128 " + new Aes128Accelerator().info().version() + ": " + problem;
        assertThat(events).filteredOn(e -> "reconfig_failed".equals(e.get("ev"))).hasSize(3)
                .allSatisfy(e -> assertThat((String) e.get("reason")).startsWith(reason));
        assertThat(events).filteredOn(e -> "failed".equals(e.get("ev"))).hasSize(3)
                .allSatisfy(e -> assertThat((String) e.get("reason")).startsWith("reconfiguration failed: " + reason));
        assertThat(events).noneMatch(e -> "job_start".equals(e.get("ev")) && ((Number) e.get("vm")).intValue() == 1);
        // and the PRR stayed empty, and VM 2 was served every time
        assertThat(m.fabric.loaded(m.fabric.prrIndex("p0"))).isNull();
        assertThat(events).filteredOn(e -> "job_done".equals(e.get("ev")) && ((Number) e.get("vm")).intValue() == 2).hasSize(3);
    }

    /** AES-128 whose bitstreams can no longer be read once {@code gone}: its bundle is being updated. */
    private static final class Fading extends DelegatingAccelerator {
        volatile boolean gone;

        Fading() {
            super(new Aes128Accelerator());
        }

        @Override
        public byte[] bitstream(String prrClass) {
            return gone ? null : super.bitstream(prrClass);
        }
    }

    /**
     * The port checks a device's bitstreams when the device is installed, not at its first load: a
     * device whose bundle is being updated stays installed for a while, and can no longer read its
     * resources then; its loads must not fail for that.
     */
    @Test
    void aDeviceWhoseBitstreamsCanNoLongerBeReadAfterItsInstallStillLoads() throws Exception {
        Fading aes = new Fading();
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        sim.addAccelerator(aes);
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        StringWriter trace = new StringWriter();
        Machine m = sim.prepare(sim.parse("fading", """
                {"prrs": [{"id": "p0", "class": "small"}, {"id": "p1", "class": "large"}],
                 "vms": [{"id": 1, "priority": 30, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 1024}]},
                         {"id": 2, "priority": 10, "repeat": 3, "program": [{"compute": "100us"}, {"use": "aes128", "bytes": 1024}]}]}
                """), RunOptions.DEFAULT, trace);
        aes.gone = true;

        m.run();

        List<Map<String, Object>> events = TraceRun.parse(trace.toString());
        assertThat(events).noneMatch(e -> "reconfig_failed".equals(e.get("ev")) || "failed".equals(e.get("ev")));
        assertThat(events).filteredOn(e -> "job_done".equals(e.get("ev"))).hasSize(6);
    }
}

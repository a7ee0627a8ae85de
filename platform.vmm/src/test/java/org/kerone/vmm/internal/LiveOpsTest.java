package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.kerone.accelerators.crc32.Crc32Accelerator;
import org.kerone.vmm.Programs;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.VmSpec;

/**
 * Changes a live platform makes between two events (a PRR retired, a VM removed, a device added, a
 * VM added, the policy switched), all at one instant, at many points of a run: the invariants hold
 * after every event and the remaining guests go on being served.
 */
class LiveOpsTest {
    @Test
    void changesAtOneInstantLeaveThePlatformRunning() throws Exception {
        SimulatorComponent sim = Platforms.full();
        String json = """
            {"horizon": "400ms", "prrs": [{"id": "prr0", "class": "large"}, {"id": "prr1", "class": "large"}],
             "vms": [{"id": 1, "priority": 10, "repeat": 0, "program": [{"compute": "200us"}, {"use": "aes128", "bytes": 65536}]},
                     {"id": 2, "priority": 20, "repeat": 0, "program": [{"compute": "300us"}, {"use": "sha256", "bytes": 65536}, {"compute": "100us"}, {"use": "aes128", "bytes": 4096}]},
                     {"id": 3, "priority": 30, "repeat": 0, "program": [{"compute": "1ms"}, {"use": "sha256", "bytes": 4096}]}]}
            """;
        for (long at = 20_000_000L; at < 120_000_000L; at += 7_130_000L) {
            StringWriter w = new StringWriter();
            Machine m = sim.prepare(sim.parse("t", json), RunOptions.DEFAULT, w);
            m.kernel.observe(() -> Invariants.check(m));
            long when = at;
            m.kernel.at(when, () -> {
                m.removePrr("prr1");
                m.removeGuest(3);
                m.installDevice("crc32", new Crc32Accelerator());
                m.addGuest(new VmSpec(4, 15, Programs.parse("compute 100us; use crc32 4096"), 0, 0), m.now());
                m.selectPolicy("builtin", null);
            });
            m.run();
            long jobsAfter = TraceRun.parse(w.toString()).stream().filter(e -> "job_done".equals(e.get("ev")) && (long) e.get("t") > when + 50_000_000L).count();
            assertThat(jobsAfter).as("jobs done 50 ms after the changes at %d ns", when).isPositive();
        }
    }
}

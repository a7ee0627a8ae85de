package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kerone.vmm.RunOptions;

/**
 * Work that stops early takes its end event out of the kernel: a preempted job's completion and
 * a guest's interrupted compute slice do not wait in the queue until their original time.
 */
class PendingEventsTest {

    @Test
    void repeatedPreemptionsOfALongJobLeaveNoStaleEventsBehind() throws Exception {
        // given: VM 1 runs a 640 ms SHA-256 job in the large PRR; VM 2, above it, computes a CRC in the
        // small PRR and then a short SHA-256, which only the large PRR can run, again and again
        SimulatorComponent sim = Platforms.full();
        Machine m = sim.prepare(sim.parse("preemptions", """
                {"horizon": "150ms", "prrs": [{"id": "prr0", "class": "large"}, {"id": "prr1", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "repeat": 0, "program": [{"use": "sha256", "bytes": 67108864}]},
                         {"id": 2, "priority": 90, "start": "5ms", "repeat": 0,
                          "program": [{"use": "crc32", "bytes": 4096}, {"use": "sha256", "bytes": 64}]}]}
                """), RunOptions.DEFAULT, null);
        int[] most = {0};
        m.kernel.observe(() -> most[0] = Math.max(most[0], m.kernel.pending()));

        // when
        m.run();

        // then: thousands of preemptions, and never more than a handful of events pending
        assertThat(m.stats.preemptions).isGreaterThan(1_000);
        assertThat(most[0]).isLessThan(10);
    }

    @Test
    void aGuestTakenOffTheCpuLeavesNoSliceEndBehind() throws Exception {
        // given: VM 1 computes for a second in one quantum; VM 2, above it, wakes every few
        // microseconds (its CRC jobs end), which takes the CPU from VM 1 each time
        SimulatorComponent sim = Platforms.full();
        Machine m = sim.prepare(sim.parse("kicks", """
                {"horizon": "100ms", "quantum": "1s", "prrs": [{"id": "prr0", "class": "small"}],
                 "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1s"}]},
                         {"id": 2, "priority": 90, "start": "5ms", "repeat": 0, "program": [{"use": "crc32", "bytes": 64}]}]}
                """), RunOptions.DEFAULT, null);
        int[] most = {0};
        m.kernel.observe(() -> most[0] = Math.max(most[0], m.kernel.pending()));

        // when
        m.run();

        // then: VM 1 was put off the CPU thousands of times, and never more than a handful of events pending
        assertThat(m.cpu.switches).isGreaterThan(2_000);
        assertThat(most[0]).isLessThan(10);
    }
}

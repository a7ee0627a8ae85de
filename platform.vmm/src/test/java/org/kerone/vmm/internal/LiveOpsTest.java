package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kerone.accelerators.crc32.Crc32Accelerator;
import org.kerone.fpga.PrrState;
import org.kerone.vmm.Programs;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.VmSpec;

/**
 * Changes a live platform makes between two events (a PRR retired, a VM removed, a device added, a
 * VM added, the policy switched), at many points of a run: the invariants hold after every event,
 * the retired PRR goes once what it held ends, and the remaining guests go on being served.
 */
class LiveOpsTest {
    private static final String JSON = """
        {"horizon": "200ms", "prrs": [{"id": "prr0", "class": "large"}, {"id": "prr1", "class": "large"}],
         "vms": [{"id": 1, "priority": 10, "repeat": 0, "program": [{"compute": "200us"}, {"use": "aes128", "bytes": 65536}]},
                 {"id": 2, "priority": 20, "repeat": 0, "program": [{"compute": "300us"}, {"use": "sha256", "bytes": 65536}, {"compute": "100us"}, {"use": "aes128", "bytes": 4096}]},
                 {"id": 3, "priority": 30, "repeat": 0, "program": [{"compute": "1ms"}, {"use": "sha256", "bytes": 4096}]}]}
        """;

    @Test
    void changesAtOneInstantLeaveThePlatformRunning() throws Exception {
        for (long at = 20_000_000L; at < 60_000_000L; at += 173_000L) {
            check(at, 0);
        }
    }

    /** The live platform runs each change as a task of its own: events may come between them. */
    @Test
    void changesSpreadOverSeveralEventsLeaveThePlatformRunning() throws Exception {
        long gap = 1_000;
        for (long at = 20_000_000L; at < 60_000_000L; at += 347_000L) {
            check(at, gap);
            gap = gap * 3 % 2_000_003; // from a microsecond to two milliseconds
        }
    }

    /** The console's unload of a PRR that is not idle is refused in the words of its load: the PRR's state, not the fabric's internals. */
    @Test
    void unloadingABusyOrReservedPrrSaysWhatItIs() throws Exception {
        SimulatorComponent sim = Platforms.full();
        Machine m = sim.prepare(sim.parse("t", JSON), RunOptions.DEFAULT, new StringWriter());
        int prr0 = m.fabric.prrIndex("prr0");
        List<String> refusals = new java.util.ArrayList<>();
        m.kernel.observe(() -> {
            PrrState st = m.fabric.state(prr0);
            if ((st == PrrState.RECONFIGURING || st == PrrState.BUSY) && refusals.size() < 2
                    && refusals.stream().noneMatch(r -> r.startsWith("prr0 is " + st.label() + (st == PrrState.BUSY ? ":" : " ")))) {
                try {
                    m.unload("prr0");
                    refusals.add("emptied while " + st.label());
                } catch (IllegalStateException e) {
                    refusals.add(e.getMessage());
                }
            }
        });
        m.run();
        assertThat(refusals).containsExactlyInAnyOrder("prr0 is reconfiguring and reserved: only an idle PRR can be emptied",
                "prr0 is busy: only an idle PRR can be emptied");
    }

    /**
     * A PRR retired while it is being reconfigured for a VM is connected to that VM when the
     * reconfiguration ends; that VM goes before it starts its job: the PRR must still go.
     */
    @Test
    void aRetiringPrrLetGoBeforeItsJobStartsIsRetired() throws Exception {
        SimulatorComponent sim = Platforms.full();
        Machine m = sim.prepare(sim.parse("t", JSON), RunOptions.DEFAULT, new StringWriter());
        int prr1 = m.fabric.prrIndex("prr1");
        long[] removedAt = {-1, -1};
        int[] vm = {-1};
        m.kernel.observe(() -> {
            Invariants.check(m);
            if (removedAt[0] < 0 && m.fabric.state(prr1) == PrrState.RECONFIGURING && reservedForVm(m, prr1) >= 0) {
                vm[0] = reservedForVm(m, prr1);
                m.removePrr("prr1");
                removedAt[0] = m.now();
            } else if (removedAt[0] >= 0 && removedAt[1] < 0 && m.fabric.prr(prr1).connectedVm() == vm[0]) {
                m.removeGuest(vm[0]);
                removedAt[1] = m.now();
            }
        });
        m.run();
        assertThat(removedAt[1]).as("VM %d, removed at %d ns, was connected to the retiring PRR", vm[0], removedAt[0]).isPositive();
        assertThat(m.fabric.retired(prr1)).as("prr1, removed at %d ns, let go at %d ns", removedAt[0], removedAt[1]).isTrue();
    }

    /** A VM removed while its job runs on a PRR: the job ends in the trace, once, as job_aborted with the reason. */
    @Test
    void aVmRemovedWhileItsJobRunsEndsThatJobAsAborted() throws Exception {
        SimulatorComponent sim = Platforms.full();
        StringWriter w = new StringWriter();
        Machine m = sim.prepare(sim.parse("t", JSON), RunOptions.DEFAULT, w);
        long[] removed = {-1, -1};
        m.kernel.observe(() -> {
            Invariants.check(m);
            if (removed[0] < 0 && m.now() > 20_000_000L) {
                for (int p = 0; p < m.fabric.prrCount(); p++) {
                    if (m.fabric.state(p) == PrrState.BUSY) {
                        removed[1] = m.fabric.prr(p).jobVm();
                        removed[0] = m.now();
                        m.removeGuest((int) removed[1]);
                        return;
                    }
                }
            }
        });
        m.run();
        assertThat(removed[0]).as("a VM ran a job on a PRR").isPositive();
        List<Map<String, Object>> jobs = TraceRun.parse(w.toString()).stream()
                .filter(e -> Long.valueOf(removed[1]).equals(e.get("vm")) && e.get("ev").toString().startsWith("job_")).toList();
        long starts = jobs.stream().filter(e -> "job_start".equals(e.get("ev")) && !Boolean.TRUE.equals(e.get("resumed"))).count();
        long ends = jobs.stream().filter(e -> "job_done".equals(e.get("ev")) || "job_aborted".equals(e.get("ev"))).count();
        assertThat(ends).as("jobs of VM %d ended, of %d started", removed[1], starts).isEqualTo(starts);
        assertThat(jobs.get(jobs.size() - 1)).containsEntry("ev", "job_aborted").containsEntry("reason", "VM removed")
                .containsEntry("t", removed[0]);
    }

    /**
     * A device removed after the VDM told a VM "ready" but before that VM ran again: the request
     * fails with "device removed" once, and the VM gives up that use and goes on with its program.
     */
    @Test
    void aDeviceRemovedWhileItsVmWaitsToResumeFailsTheRequestOnceAndTheVmGoesOn() throws Exception {
        SimulatorComponent sim = Platforms.full();
        StringWriter w = new StringWriter();
        Machine m = sim.prepare(sim.parse("t", JSON), RunOptions.DEFAULT, w);
        long[] removedAt = {-1};
        m.kernel.observe(() -> {
            Invariants.check(m);
            if (removedAt[0] < 0) {
                for (Guest g : m.guests) {
                    if (g.vm == 1 && g.pendingResume != null && m.deviceName(g.pendingResume.dev).equals("aes128")) {
                        m.removeDevice("aes128");
                        removedAt[0] = m.now();
                    }
                }
            }
        });
        m.run();
        assertThat(removedAt[0]).as("VM 1 waited to resume an aes128 request").isPositive();
        List<Map<String, Object>> vm1 = TraceRun.parse(w.toString()).stream()
                .filter(e -> Long.valueOf(1).equals(e.get("vm")) && (long) e.get("t") > removedAt[0] + 10_000_000L).toList();
        assertThat(vm1).as("VM 1's events 10 ms after aes128 went at %d ns", removedAt[0])
                .anyMatch(e -> "failed".equals(e.get("ev")) && "device removed".equals(e.get("reason")));
    }

    /**
     * A device removed between a VM's trap and the VMM's decoding of it: the request's
     * {@code request} line comes before its {@code failed} line, once, and the VMM's decoding then
     * writes no second one.
     */
    @Test
    void aDeviceRemovedBeforeTheTrapIsDecodedTellsTheRequestBeforeItsFailure() throws Exception {
        SimulatorComponent sim = Platforms.full();
        StringWriter w = new StringWriter();
        Machine m = sim.prepare(sim.parse("t", JSON), RunOptions.DEFAULT, w);
        long[] removed = {-1};
        m.kernel.observe(() -> {
            Invariants.check(m);
            if (removed[0] < 0 && m.now() > 20_000_000L) {
                for (Req r : m.live().inIdOrder()) {
                    if (!r.announced && m.deviceName(r.dev).equals("aes128")) {
                        removed[0] = r.id;
                        m.removeDevice("aes128");
                        return;
                    }
                }
            }
        });
        m.run();
        assertThat(removed[0]).as("an aes128 request was open and not yet decoded").isPositive();
        List<String> events = TraceRun.parse(w.toString()).stream()
                .filter(e -> Long.valueOf(removed[0]).equals(e.get("req")))
                .map(e -> (String) e.get("ev")).toList();
        assertThat(events).as("request %d's events", removed[0]).containsExactly("trap", "request", "failed", "ipc");
    }

    private static int reservedForVm(Machine m, int prr) {
        for (Req r : m.live().inIdOrder()) {
            if (r.reservedPrr == prr) {
                return r.guest.vm;
            }
        }
        return -1;
    }

    private static void check(long at, long gapNs) throws Exception {
        SimulatorComponent sim = Platforms.full();
        StringWriter w = new StringWriter();
        Machine m = sim.prepare(sim.parse("t", JSON), RunOptions.DEFAULT, w);
        m.kernel.observe(() -> Invariants.check(m));
        int prr1 = m.fabric.prrIndex("prr1");
        m.kernel.at(at, () -> m.removePrr("prr1"));
        m.kernel.at(at + gapNs, () -> m.removeGuest(3));
        m.kernel.at(at + 2 * gapNs, () -> m.installDevice("crc32", new Crc32Accelerator()));
        m.kernel.at(at + 3 * gapNs, () -> m.addGuest(new VmSpec(4, 15, Programs.parse("compute 100us; use crc32 4096"), 0, 0), m.now()));
        m.kernel.at(at + 4 * gapNs, () -> m.selectPolicy("builtin", null));
        boolean[] retiredSoon = {false};
        m.kernel.at(at + 20_000_000L, () -> retiredSoon[0] = m.fabric.retired(prr1));
        m.run();
        assertThat(retiredSoon[0]).as("prr1 retired 20 ms after its removal at %d ns (gap %d ns)", at, gapNs).isTrue();
        long jobsAfter = TraceRun.parse(w.toString()).stream()
                .filter(e -> "job_done".equals(e.get("ev")) && (long) e.get("t") > at + 50_000_000L).count();
        assertThat(jobsAfter).as("jobs done 50 ms after the changes at %d ns", at).isPositive();
    }
}

package org.kerone.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kerone.compare.Report;

/**
 * What one run's events add up to, on hand-written traces: each job that arrived ends done, failed
 * or unfinished; a PRR's activity runs from one event to the next.
 */
class RunRecorderTest {
    private static PolicyTally record(String trace, long endNs, long stopNs, Gantt gantt) {
        PolicyTally tally = new PolicyTally("p", List.of(10, 20), 1000);
        RunRecorder recorder = new RunRecorder(tally, 2, gantt);
        TraceWriter w = new TraceWriter(recorder);
        w.write(trace);
        w.close();
        recorder.finish(endNs, stopNs);
        return tally;
    }

    @Test
    void jobsEndDoneFailedOrUnfinished() {
        // given VM 1 (priority 10) with four jobs, the first three with a deadline, and VM 2 (priority 20) with one
        String trace = """
                {"t":0,"ev":"job_arrival","vm":1,"job":1,"device":"crc32","bytes":64,"prio":10,"deadline_ns":500}
                {"t":0,"ev":"job_arrival","vm":2,"job":1,"device":"crc32","bytes":64,"prio":20}
                {"t":1,"ev":"job_arrival","vm":1,"job":2,"device":"crc32","bytes":64,"prio":10,"deadline_ns":600}
                {"t":2,"ev":"job_arrival","vm":1,"job":3,"device":"crc32","bytes":64,"prio":10,"deadline_ns":5000}
                {"t":3,"ev":"job_arrival","vm":1,"job":4,"device":"crc32","bytes":64,"prio":10}
                {"t":100,"ev":"job_done","vm":1,"dev":0,"crc":"0","job":1,"prio":10,"response_ns":100,"deadline_met":true}
                {"t":200,"ev":"failed","vm":1,"dev":0,"req":2,"reason":"reconfiguration failed: bad CRC"}
                {"t":300,"ev":"job_done","vm":2,"dev":0,"crc":"0","software":true,"job":1,"prio":20,"response_ns":300}
                {"t":900,"ev":"failed","vm":1,"dev":0,"req":3,"reason":"run ended at the horizon"}
                {"t":900,"ev":"failed","vm":9,"dev":0,"req":4,"reason":"no such device 'x'"}
                """;
        // when the run stops at 1000 ns
        PolicyTally t = record(trace, 900, 1000, null);
        // then VM 1: job 1 done in time; job 2 failed (a deadline job, missed); job 3 unfinished with
        // its deadline (5000) after the stop: not counted; job 4 unfinished, no deadline
        Report.Jobs vm1 = t.classes.get(10).result();
        assertThat(vm1.arrived()).isEqualTo(4);
        assertThat(vm1.done()).isEqualTo(1);
        assertThat(vm1.failed()).isEqualTo(1);
        assertThat(vm1.unfinished()).isEqualTo(2);
        assertThat(vm1.deadlineJobs()).isEqualTo(2);
        assertThat(vm1.deadlineMisses()).isEqualTo(1);
        assertThat(vm1.meanResponseNs()).isEqualTo(100.0);
        // and VM 2's job ran in software; VM 9 runs a program, not a workload: its failure is no job's
        Report.Jobs vm2 = t.classes.get(20).result();
        assertThat(vm2.done()).isEqualTo(1);
        assertThat(vm2.software()).isEqualTo(1);
        assertThat(vm2.deadlineJobs()).isZero();
        assertThat(t.all.result().failed()).isEqualTo(1);
        assertThat(t.all.result().arrived()).isEqualTo(5);
        assertThat(t.all.result().meanResponseNs()).isEqualTo(200.0);
    }

    @Test
    void anOpenJobPastItsDeadlineAtTheStopIsAMiss() {
        String trace = """
                {"t":0,"ev":"job_arrival","vm":1,"job":1,"device":"crc32","bytes":64,"prio":10,"deadline_ns":1000}
                {"t":1,"ev":"job_arrival","vm":1,"job":2,"device":"crc32","bytes":64,"prio":10,"deadline_ns":1001}
                """;
        // the last event is at 1 ns, the horizon 1000 ns: job 1's deadline (1000) passed, job 2's (1001) not
        Report.Jobs j = record(trace, 1, 1000, null).classes.get(10).result();
        assertThat(j.unfinished()).isEqualTo(2);
        assertThat(j.deadlineJobs()).isEqualTo(1);
        assertThat(j.deadlineMisses()).isEqualTo(1);
    }

    @Test
    void aPrrIsBusyLoadingRunningAndStoppingUntilItsNextEvent() {
        // given prr0 loads aes128 for VM 1, runs its job, which VM 2 preempts; prr1 loads sha256 until the run ends
        String trace = """
                {"t":0,"ev":"vm_start","vm":1,"prio":10}
                {"t":0,"ev":"vm_start","vm":2,"prio":20}
                {"t":100,"ev":"reconfig_start","dev":0,"prr":0,"req":1,"device":"aes128","t_rcfg_ns":300}
                {"t":400,"ev":"reconfig_done","dev":0,"prr":0,"req":1}
                {"t":450,"ev":"job_start","vm":1,"dev":0,"prr":0,"units":9,"from_unit":0,"resumed":false,"run_ns":900}
                {"t":600,"ev":"reconfig_start","dev":1,"prr":1,"req":2,"device":"sha256","t_rcfg_ns":900}
                {"t":700,"ev":"preempt_start","vm":1,"dev":0,"prr":0,"req":3,"prio":10,"t_preempt_ns":50}
                {"t":750,"ev":"preempt_done","vm":1,"prr":0,"req":3,"saved_units":3}
                {"t":760,"ev":"job_start","vm":2,"dev":0,"prr":0,"units":1,"from_unit":0,"resumed":false,"run_ns":40}
                {"t":800,"ev":"job_done","vm":2,"dev":0,"crc":"0"}
                """;
        Gantt g = new Gantt("p", 1, 700, List.of("prr0", "prr1"));
        PolicyTally t = record(trace, 1000, 1000, g);
        // then prr0: loading 300, running 250 + 40, stopping 50; prr1: loading 400 (to the end); of 2 × 1000 PRR-ns
        assertThat(t.occupancy.share(Occupancy.Kind.RECONFIGURING)).isEqualTo(700.0 / 2000);
        assertThat(t.occupancy.share(Occupancy.Kind.STOPPING)).isEqualTo(50.0 / 2000);
        assertThat(t.occupancy.utilisation()).isEqualTo(1040.0 / 2000);
        // and the Gantt chart keeps what starts within its 700 ns window (not the stopping, from 700),
        // clipped to it, with VM and device, in the order the segments end
        assertThat(g.segments).extracting(s -> s.prr() + " " + s.kind() + " " + s.vm() + " " + s.device() + " " + s.fromNs() + "-" + s.toNs())
                .containsExactly("0 RECONFIGURING -1 aes128 100-400", "0 RUNNING 1 aes128 450-700", "1 RECONFIGURING -1 sha256 600-700");
        assertThat(g.vmPriority).containsEntry(1, 10).containsEntry(2, 20);
        assertThat(g.shownNs()).isEqualTo(700);
    }
}

package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerone.vmm.internal.Primitive.IPC;
import static org.kerone.vmm.internal.Primitive.IRQ;
import static org.kerone.vmm.internal.Primitive.MONITOR;
import static org.kerone.vmm.internal.Primitive.PAGE_TABLE;
import static org.kerone.vmm.internal.Primitive.PCAP_START;
import static org.kerone.vmm.internal.Primitive.TRAP;
import static org.kerone.vmm.internal.Primitive.VDM_CHAIN;
import static org.kerone.vmm.internal.Primitive.VDM_COMPLETE;
import static org.kerone.vmm.internal.Primitive.VDM_REQUEST;
import static org.kerone.vmm.internal.Primitive.VM_SWITCH;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each solution kind on a hand-made scenario: the steps the VDM takes, in the paper's order, and a
 * latency that is exactly the sum of the primitives the path executes.
 *
 * <p>Scenarios: one large PRR ("prr0"), guests that use aes128 (fits large and small) and sha256
 * (large only). T_RCFG of a large bitstream is about 4.2 ms, so "start" times after 5 ms see the
 * first reconfiguration finished and the first job running.
 */
class AllocationPathTest {

    private static String scenario(String vms) {
        return "{\"prrs\": [{\"id\": \"prr0\", \"class\": \"large\"}], \"vms\": [" + vms + "]}";
    }

    @Test
    void assignReconfigOnAnEmptyPrrThenAssignFromAnIdleOne() {
        // given VM 1 loads aes128 into the empty PRR, finishes its job, and VM 2 asks for aes128 later
        TraceRun run = TraceRun.of(scenario("""
                {"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 64}]},
                {"id": 2, "priority": 10, "start": "6ms", "program": [{"use": "aes128", "bytes": 64}]}
                """));
        // then request 1 is Assign+Reconfig: request, PCAP started, ack; on PCAP done connect, ready, resume
        assertThat(run.namesOf(1)).containsExactly("trap", "request", "solution", "reconfig_start", "ipc", "reconfig_done",
                "connect", "ipc", "resume", "served");
        Map<String, Object> first = run.served(1);
        assertThat(first.get("path")).isEqualTo("assign_reconfig");
        long ar = run.cost(TRAP) + 2 * run.cost(IPC) + 3 * run.cost(VM_SWITCH) + run.cost(VDM_REQUEST) + run.cost(VDM_COMPLETE)
                + 2 * run.cost(MONITOR) + run.cost(PAGE_TABLE) + run.cost(IRQ) + run.cost(PCAP_START);
        assertThat((long) first.get("latency_ns") - (long) first.get("rcfg_ns")).isEqualTo(ar);
        assertThat(first.get("overhead_ns")).isEqualTo(ar);
        // and request 2 is a plain Assign: (1) VM 1 disconnected, (2) VM 2 connected, (3) resumed
        assertThat(run.namesOf(2)).containsExactly("trap", "request", "solution", "disconnect", "connect", "resume", "served");
        Map<String, Object> second = run.served(2);
        assertThat(second.get("path")).isEqualTo("assign");
        long assign = run.cost(TRAP) + run.cost(IPC) + 2 * run.cost(VM_SWITCH) + run.cost(VDM_REQUEST) + 2 * run.cost(MONITOR)
                + 2 * run.cost(PAGE_TABLE);
        assertThat(second.get("latency_ns")).isEqualTo(assign);
        assertThat(run.events("disconnect").get(0).get("vm")).isEqualTo(1L);
    }

    @Test
    void preemptStopsALowerPriorityJobAndTheVictimResumesIt() {
        // given VM 1 (priority 10) runs a long AES job and VM 2 (priority 20) asks for aes128 meanwhile
        TraceRun run = TraceRun.of(scenario("""
                {"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 20, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]}
                """));
        Map<String, Object> solution = run.events("solution").get(1);
        assertThat(solution.get("solution")).isEqualTo("preempt");
        assertThat(solution.get("reconfig")).isEqualTo(false);
        long req = (long) solution.get("req");
        // then the victim's page goes read-only with the stop command, the requester is acked,
        // and on PRR-stopped the requester is connected, told ready, resumed
        assertThat(run.namesOf(req)).containsExactly("trap", "request", "solution", "preempt_start", "ipc", "preempt_done",
                "disconnect", "connect", "ipc", "resume", "served");
        Map<String, Object> served = run.served(req);
        assertThat(served.get("path")).isEqualTo("preempt");
        long p = run.cost(TRAP) + 3 * run.cost(IPC) + 3 * run.cost(VM_SWITCH) + run.cost(VDM_REQUEST) + run.cost(VDM_COMPLETE)
                + 3 * run.cost(MONITOR) + 2 * run.cost(PAGE_TABLE) + run.cost(IRQ);
        assertThat((long) served.get("latency_ns") - (long) served.get("preempt_ns")).isEqualTo(p);
        // and the victim got the "preempted" IPC, asked again, and its job resumed from its context
        assertThat(run.where(e -> "ipc".equals(e.get("ev")) && "preempted".equals(e.get("msg")))).hasSize(1);
        List<Map<String, Object>> victimJobs = run.where(e -> "job_start".equals(e.get("ev")) && Long.valueOf(1).equals(e.get("vm")));
        assertThat(victimJobs).hasSize(2);
        assertThat(victimJobs.get(1).get("resumed")).isEqualTo(true);
        assertThat((long) victimJobs.get(1).get("from_unit")).isPositive();
        // and the resumed job's output equals that of an uninterrupted run of the same VM
        TraceRun alone = TraceRun.of(scenario("""
                {"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 1048576}]}
                """));
        assertThat(crcOf(run, 1)).isEqualTo(crcOf(alone, 1));
        assertThat(run.summary.preemptions()).isEqualTo(1);
    }

    @Test
    void preemptReconfigStopsTheJobThenLoadsTheOtherDevice() {
        // given VM 1 (priority 10) runs a long AES job and VM 2 (priority 20) asks for sha256
        TraceRun run = TraceRun.of(scenario("""
                {"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 20, "start": "5ms", "program": [{"use": "sha256", "bytes": 64}]}
                """));
        Map<String, Object> solution = run.events("solution").get(1);
        assertThat(solution.get("solution")).isEqualTo("preempt");
        assertThat(solution.get("reconfig")).isEqualTo(true);
        long req = (long) solution.get("req");
        assertThat(run.namesOf(req)).containsExactly("trap", "request", "solution", "preempt_start", "ipc", "preempt_done",
                "disconnect", "reconfig_start", "reconfig_done", "connect", "ipc", "resume", "served");
        Map<String, Object> served = run.served(req);
        assertThat(served.get("path")).isEqualTo("preempt_reconfig");
        long pr = run.cost(TRAP) + 3 * run.cost(IPC) + 4 * run.cost(VM_SWITCH) + run.cost(VDM_REQUEST) + run.cost(VDM_CHAIN)
                + run.cost(VDM_COMPLETE) + 3 * run.cost(MONITOR) + 2 * run.cost(PAGE_TABLE) + 2 * run.cost(IRQ) + run.cost(PCAP_START);
        assertThat((long) served.get("latency_ns") - (long) served.get("preempt_ns") - (long) served.get("rcfg_ns")).isEqualTo(pr);
        // the T_RCFG and T_preempt in the served event are those the trace shows for this request
        assertThat(served.get("rcfg_ns")).isEqualTo(between(run, req, "reconfig_start", "reconfig_done"));
        assertThat(served.get("preempt_ns")).isEqualTo(between(run, req, "preempt_start", "preempt_done"));
    }

    @Test
    void unavailableQueuesTheRequestUntilTheMonitorPushesASolution() {
        // given VM 1 (priority 20) runs a long AES job; VM 2 (priority 10) cannot preempt it
        TraceRun run = TraceRun.of(scenario("""
                {"id": 1, "priority": 20, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 10, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]}
                """));
        Map<String, Object> solution = run.events("solution").get(1);
        assertThat(solution.get("solution")).isEqualTo("unavailable");
        long req = (long) solution.get("req");
        // then it is queued and acked, pushed when VM 1's job ends, and served as "deferred"
        assertThat(run.namesOf(req)).containsExactly("trap", "request", "solution", "queued", "ipc", "pushed", "disconnect",
                "connect", "ipc", "resume", "served");
        Map<String, Object> served = run.served(req);
        assertThat(served.get("path")).isEqualTo("deferred");
        long jobDone = (long) run.where(e -> "job_done".equals(e.get("ev")) && Long.valueOf(1).equals(e.get("vm"))).get(0).get("t");
        assertThat(run.where(e -> "pushed".equals(e.get("ev"))).get(0).get("t")).isEqualTo(jobDone);
        assertThat((long) served.get("queue_ns")).isPositive();
        long overhead = run.cost(TRAP) + 2 * run.cost(IPC) + 3 * run.cost(VM_SWITCH) + run.cost(VDM_REQUEST) + run.cost(VDM_COMPLETE)
                + 2 * run.cost(MONITOR) + 2 * run.cost(PAGE_TABLE) + run.cost(IRQ);
        assertThat(served.get("overhead_ns")).isEqualTo(overhead);
    }

    @Test
    void aResumeOvertakenByAHigherGuestDuringTheSwitchToItWaitsForTheCpuAndAddsNoOverhead() {
        // given VM 2's Assign connects its IF and the CPU starts switching to VM 2; VM 3 (higher) boots
        // during that switch and computes 100 us first
        String vms = """
                {"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 64}]},
                {"id": 2, "priority": 20, "start": "6ms", "program": [{"use": "aes128", "bytes": 64}]}
                """;
        long connect = (long) TraceRun.of(scenario(vms)).where(e -> "connect".equals(e.get("ev"))
                && Long.valueOf(2).equals(e.get("vm"))).get(0).get("t");
        TraceRun run = TraceRun.of(scenario(vms + ", {\"id\": 3, \"priority\": 30, \"start\": " + (connect + 70)
                + ", \"program\": [{\"compute\": \"100us\"}]}"));
        // then VM 2's 100 us behind VM 3 are its wait for the CPU, not management overhead
        Map<String, Object> served = run.served(2);
        assertThat(served.get("path")).isEqualTo("assign");
        long assign = run.cost(TRAP) + run.cost(IPC) + 2 * run.cost(VM_SWITCH) + run.cost(VDM_REQUEST) + 2 * run.cost(MONITOR)
                + 2 * run.cost(PAGE_TABLE);
        assertThat((long) served.get("latency_ns")).isGreaterThan(100_000);
        assertThat(served.get("overhead_ns")).isEqualTo(assign);
    }

    @Test
    void anInterruptTakenAfterAReconfigurationStartedDoesNotDelayThatRequest() {
        // given two large PRRs; VM 1 loads aes128 into prr0; VM 2 loads sha256 into prr1 so that VM 1's
        // PCAP-done interrupt arrives while the VDM starts VM 2's PCAP transfer
        String two = "{\"prrs\": [{\"id\": \"prr0\", \"class\": \"large\"}, {\"id\": \"prr1\", \"class\": \"large\"}], \"vms\": [";
        String vm1 = "{\"id\": 1, \"priority\": 10, \"program\": [{\"use\": \"aes128\", \"bytes\": 64}]}";
        long done = (long) TraceRun.of(two + vm1 + "]}").events("reconfig_done").get(0).get("t");
        long start = done - (run0Cost() - 1000);
        TraceRun run = TraceRun.of(two + vm1 + ", {\"id\": 2, \"priority\": 10, \"start\": " + start
                + ", \"program\": [{\"use\": \"sha256\", \"bytes\": 64}]}]}");
        long vm2Start = (long) run.where(e -> "reconfig_start".equals(e.get("ev")) && Long.valueOf(2).equals(e.get("req"))).get(0).get("t");
        long vm1Done = (long) run.where(e -> "reconfig_done".equals(e.get("ev")) && Long.valueOf(1).equals(e.get("req"))).get(0).get("t");
        assertThat(vm1Done).as("VM 1's interrupt comes while VM 2's PCAP start runs").isBetween(vm2Start - run.cost(PCAP_START), vm2Start);
        // then the interrupt taken before VM 2's acknowledgement is not on VM 2's critical path
        Map<String, Object> served = run.served(2);
        assertThat(served.get("path")).isEqualTo("assign_reconfig");
        long ar = run.cost(TRAP) + 2 * run.cost(IPC) + 3 * run.cost(VM_SWITCH) + run.cost(VDM_REQUEST) + run.cost(VDM_COMPLETE)
                + 2 * run.cost(MONITOR) + run.cost(PAGE_TABLE) + run.cost(IRQ) + run.cost(PCAP_START);
        assertThat(served.get("cpu_wait_ns")).isEqualTo(0L);
        assertThat(served.get("overhead_ns")).isEqualTo(ar);
    }

    @Test
    void anInterruptTakenBeforeTheVdmHandlesANewRequestDelaysThatRequest() {
        // given two large PRRs; VM 1's job on prr0 ends (interrupt) while the CPU switches to the VDM for VM 2's request
        String two = "{\"prrs\": [{\"id\": \"prr0\", \"class\": \"large\"}, {\"id\": \"prr1\", \"class\": \"large\"}], \"vms\": [";
        String vm1 = "{\"id\": 1, \"priority\": 10, \"program\": [{\"use\": \"aes128\", \"bytes\": 65536}]}";
        long jobDone = (long) TraceRun.of(two + vm1 + "]}").events("job_done").get(0).get("t");
        // boot, trap, IPC, then the switch to the VDM: the interrupt comes 200 ns into that switch
        long start = jobDone - (420 + 350 + 180 + 200);
        TraceRun run = TraceRun.of(two + vm1 + ", {\"id\": 2, \"priority\": 10, \"start\": " + start
                + ", \"program\": [{\"use\": \"sha256\", \"bytes\": 64}]}]}");
        long request = (long) run.where(e -> "request".equals(e.get("ev")) && Long.valueOf(2).equals(e.get("req"))).get(0).get("t");
        long solution = (long) run.where(e -> "solution".equals(e.get("ev")) && Long.valueOf(2).equals(e.get("req"))).get(0).get("t");
        assertThat(jobDone).as("VM 1's interrupt comes between VM 2's request and the monitor's answer").isBetween(request, solution);
        // then the interrupt is VM 2's wait for the CPU, not management overhead
        Map<String, Object> served = run.served(2);
        assertThat(served.get("path")).isEqualTo("assign_reconfig");
        long ar = run.cost(TRAP) + 2 * run.cost(IPC) + 3 * run.cost(VM_SWITCH) + run.cost(VDM_REQUEST) + run.cost(VDM_COMPLETE)
                + 2 * run.cost(MONITOR) + run.cost(PAGE_TABLE) + run.cost(IRQ) + run.cost(PCAP_START);
        assertThat(served.get("cpu_wait_ns")).isEqualTo(run.cost(IRQ));
        assertThat(served.get("overhead_ns")).isEqualTo(ar);
    }

    @Test
    void anInterruptTakenAfterTheLastStepOfTheHandlerThatResumedARequestIsThatRequestsWait() {
        // given two large PRRs; VM 1's long AES job on prr0 ends (interrupt) while the VDM sends VM 2 its "ready"
        String two = "{\"prrs\": [{\"id\": \"prr0\", \"class\": \"large\"}, {\"id\": \"prr1\", \"class\": \"large\"}], \"vms\": [";
        String vm1 = "{\"id\": 1, \"priority\": 10, \"program\": [{\"use\": \"aes128\", \"bytes\": 1048576}]}";
        String vm2 = "{\"id\": 2, \"priority\": 10, \"start\": %d, \"program\": [{\"use\": \"sha256\", \"bytes\": 64}]}";
        long jobDone = (long) TraceRun.of(two + vm1 + "]}").events("job_done").get(0).get("t");
        TraceRun alone = TraceRun.of(two + vm2.formatted(1_000_000) + "]}");
        long ready = (long) alone.where(e -> "ipc".equals(e.get("ev")) && "ready".equals(e.get("msg"))).get(0).get("t") - 1_000_000;
        // VM 1's interrupt comes 100 ns before the end of the IPC "ready" to VM 2
        TraceRun run = TraceRun.of(two + vm1 + ", " + vm2.formatted(jobDone - ready + 100) + "]}");
        assertThat(run.events("job_done").get(0).get("t")).isEqualTo(jobDone);
        long readyIpc = (long) run.where(e -> "ipc".equals(e.get("ev")) && "ready".equals(e.get("msg"))
                && Long.valueOf(2).equals(e.get("vm"))).get(0).get("t");
        assertThat(jobDone).isBetween(readyIpc - run.cost(IPC), readyIpc);
        // then the interrupt between the handler's end and VM 2's resume is VM 2's wait for the CPU
        Map<String, Object> served = run.served(2);
        assertThat(served.get("path")).isEqualTo("assign_reconfig");
        long ar = run.cost(TRAP) + 2 * run.cost(IPC) + 3 * run.cost(VM_SWITCH) + run.cost(VDM_REQUEST) + run.cost(VDM_COMPLETE)
                + 2 * run.cost(MONITOR) + run.cost(PAGE_TABLE) + run.cost(IRQ) + run.cost(PCAP_START);
        assertThat((long) served.get("cpu_wait_ns")).isGreaterThanOrEqualTo(run.cost(IRQ));
        assertThat(served.get("overhead_ns")).isEqualTo(ar);
    }

    /** From a guest's boot on an idle CPU to the end of its PCAP start: switch, trap, IPC, switch, VDM request, monitor, PCAP start. */
    private static long run0Cost() {
        return 420 + 350 + 180 + 420 + 660 + 240 + 2340;
    }

    @Test
    void aRunStoppedByItsHorizonEndsAtTheHorizonWhereItsOpenRequestsFail() {
        // given VM 1 (priority 20) runs a long AES job past the 10 ms horizon; VM 2 (priority 10) waits for the PRR
        TraceRun run = TraceRun.of("{\"horizon\": \"10ms\", " + scenario("""
                {"id": 1, "priority": 20, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 10, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]}
                """).substring(1));
        // then the run's virtual time is the horizon, and VM 2's request fails there
        assertThat(run.summary.endNs()).isEqualTo(10_000_000L);
        Map<String, Object> failed = run.events("failed").get(0);
        assertThat(failed.get("reason")).isEqualTo("run ended at the horizon");
        assertThat(failed.get("t")).isEqualTo(10_000_000L);
    }

    @Test
    void aRunThatKeepsNoEndedRequestStillFailsItsOpenOnesAtTheHorizon() throws Exception {
        // given the horizon scenario above, run as a batch run is: without the list of every request
        SimulatorComponent sim = Platforms.simulator();
        java.io.StringWriter w = new java.io.StringWriter();
        Machine m = sim.prepare(sim.parse("horizon", "{\"horizon\": \"10ms\", " + scenario("""
                {"id": 1, "priority": 20, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 10, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]}
                """).substring(1)), org.kerone.vmm.RunOptions.DEFAULT, w);
        m.keepRequests = false;

        // when
        m.run();

        // then VM 2's open request fails at the horizon all the same, and no request is kept
        assertThat(m.requests()).isEmpty();
        assertThat(m.stats.failures()).containsEntry("run ended at the horizon", 1L);
        assertThat(TraceRun.parse(w.toString()).stream().filter(e -> "failed".equals(e.get("ev")))).hasSize(1);
    }

    @Test
    void aRequestForADeviceThatDoesNotExistFailsAndTheRunGoesOn() {
        TraceRun run = TraceRun.of(scenario("""
                {"id": 1, "priority": 10, "program": [{"use": "nosuch", "bytes": 64}, {"use": "aes128", "bytes": 64}]}
                """));
        assertThat(run.events("failed")).singleElement().satisfies(e -> assertThat(e.get("reason")).isEqualTo("no such device 'nosuch'"));
        assertThat(run.summary.failed()).containsEntry("no such device 'nosuch'", 1L);
        assertThat(run.summary.served()).isEqualTo(1);
        assertThat(run.summary.jobs()).isEqualTo(1);
    }

    private static String crcOf(TraceRun run, long vm) {
        return (String) run.where(e -> "job_done".equals(e.get("ev")) && Long.valueOf(vm).equals(e.get("vm"))).get(0).get("crc");
    }

    private static long between(TraceRun run, long req, String start, String done) {
        long s = (long) run.where(e -> start.equals(e.get("ev")) && Long.valueOf(req).equals(e.get("req"))).get(0).get("t");
        long d = (long) run.where(e -> done.equals(e.get("ev")) && Long.valueOf(req).equals(e.get("req"))).get(0).get("t");
        return d - s;
    }
}

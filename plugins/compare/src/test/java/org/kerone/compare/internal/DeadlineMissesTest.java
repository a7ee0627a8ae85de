package org.kerone.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerone.compare.Report;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.Simulator;
import org.kerone.vmm.internal.TestPlatform;

/**
 * Deadline misses on a case worked out by hand: a job done late and a job cut off by the horizon
 * past its deadline are misses; jobs done in time are not.
 *
 * <p>One large PRR, 100 ms. Loading a large bitstream takes T_RCFG = 2 us + 533,732 B / 128 MB/s,
 * about 4.17 ms.
 * <ul>
 * <li>VM 1 (priority 10): three CRC-32 jobs of 4 KiB, at 0, 20 and 40 ms, deadline 2 ms. The first
 * finds the PRR empty and waits for crc32 to load: done after about 4.2 ms, late. The second and
 * third find crc32 loaded and connected to VM 1: 16 units of 64 cycles at 100 MHz, about 10 us,
 * in time. So 3 deadline jobs, 1 miss.
 * <li>VM 2 (priority 20) boots at 97 ms: one AES-128 job of 4 KiB, deadline 3 ms (at 100 ms). The
 * PRR holds crc32, so aes128 must load first, until about 101.2 ms: the run stops at 100 ms with
 * the job open and its deadline passed. So 1 deadline job, 1 miss, 1 unfinished.
 * </ul>
 * Both policies decide alike here (never two requests at once), so both count the same.
 */
class DeadlineMissesTest {
    static final String SCENARIO = """
            {"name": "deadlines", "seed": 1, "horizon": "100ms",
             "prrs": [{"id": "prr0", "class": "large"}],
             "vms": [
              {"id": 1, "priority": 10, "workload": {"arrival": "periodic", "period": "20ms", "jobs": 3,
                "devices": {"crc32": 1}, "bytes": 4096, "deadline": "2ms"}},
              {"id": 2, "priority": 20, "start": "97ms", "workload": {"arrival": "periodic", "period": "10ms", "jobs": 1,
                "devices": {"aes128": 1}, "bytes": 4096, "deadline": "3ms"}}
             ]}
            """;

    @TempDir
    Path out;

    @Test
    void aLateJobAndAJobOpenPastItsDeadlineAtTheHorizonAreMisses() throws Exception {
        // given the scenario above
        Simulator simulator = TestPlatform.simulator();
        Scenario scenario = simulator.parse("deadlines.json", SCENARIO);
        // when both policies run it over two seeds
        Report report = new ComparisonComponent(simulator).compare(scenario, List.of("priority", "fcfs"), 2, out);
        // then, per policy over 2 runs: class 10 has 6 deadline jobs of which 2 missed (the first of each run)
        for (String policy : List.of("priority", "fcfs")) {
            Report.Jobs vm1 = report.classResult(policy, 10).jobs();
            assertThat(vm1.arrived()).isEqualTo(6);
            assertThat(vm1.done()).isEqualTo(6);
            assertThat(vm1.deadlineJobs()).isEqualTo(6);
            assertThat(vm1.deadlineMisses()).isEqualTo(2);
            // and class 20 has 2 deadline jobs, both missed, both unfinished, none done
            Report.Jobs vm2 = report.classResult(policy, 20).jobs();
            assertThat(vm2.arrived()).isEqualTo(2);
            assertThat(vm2.done()).isZero();
            assertThat(vm2.unfinished()).isEqualTo(2);
            assertThat(vm2.failed()).isZero();
            assertThat(vm2.deadlineJobs()).isEqualTo(2);
            assertThat(vm2.deadlineMisses()).isEqualTo(2);
            assertThat(vm2.meanResponseNs()).isNaN();
            // in all: 8 deadline jobs, 4 missed
            Report.Jobs all = report.policyResult(policy).jobs();
            assertThat(all.deadlineJobs()).isEqualTo(8);
            assertThat(all.deadlineMisses()).isEqualTo(4);
        }
        // and the reasoning holds in the trace: VM 1's first job is late after a reconfiguration, the others are in time
        Traces.Run run = Traces.run(simulator, scenario, "priority", 1);
        List<Map<String, Object>> done = run.events("job_done");
        assertThat(done).extracting(e -> e.get("vm") + "/" + e.get("job") + "/" + e.get("deadline_met"))
                .containsExactly("1/1/false", "1/2/true", "1/3/true");
        assertThat(Traces.num(done.get(0), "response_ns")).isBetween(4_100_000L, 4_400_000L);
        assertThat(Traces.num(done.get(1), "response_ns")).isLessThan(100_000L);
        assertThat(run.events("reconfig_start")).extracting(e -> e.get("device")).containsExactly("crc32", "aes128");
        assertThat(run.events("failed")).singleElement().satisfies(e -> assertThat(e.get("reason")).isEqualTo("run ended at the horizon"));
        // the CSV and the table say the same
        assertThat(java.nio.file.Files.readString(report.csv())).contains("priority,10,2,6,6,0,0,0,6,2,", "priority,20,2,2,0,0,2,0,2,2,,,,");
        assertThat(new ComparisonComponent(simulator).table(report)).contains("2 of 6", "2 of 2");
    }
}

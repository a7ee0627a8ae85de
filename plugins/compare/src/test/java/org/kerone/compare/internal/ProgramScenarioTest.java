package org.kerone.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerone.compare.Report;
import org.kerone.vmm.Simulator;
import org.kerone.vmm.internal.TestPlatform;

/**
 * A scenario whose VMs run programs, not workloads, still compares: no priority class has jobs,
 * the policy totals and PRR occupancy are there, and every chart is drawn (empty where it has no data).
 */
class ProgramScenarioTest {
    @TempDir
    Path out;

    @Test
    void programsGiveTotalsButNoClasses() throws Exception {
        // given two VMs that each use crc32 twice, on one small PRR
        Simulator simulator = TestPlatform.simulator();
        String json = """
                {"name": "programs", "prrs": [{"id": "prr0", "class": "small"}], "vms": [
                  {"id": 1, "priority": 10, "repeat": 2, "program": [{"use": "crc32", "bytes": 4096}]},
                  {"id": 2, "priority": 20, "repeat": 2, "program": [{"compute": "1ms"}, {"use": "crc32", "bytes": 4096}]}]}
                """;
        // when two policies are compared over one seed
        Report report = new ComparisonComponent(simulator).compare(simulator.parse("programs.json", json),
                List.of("fcfs", "priority"), 1, out);
        // then there are no classes, and the totals count the four requests and the one bitstream load
        assertThat(report.classes()).isEmpty();
        for (Report.PolicyResult p : report.totals()) {
            assertThat(p.jobs().arrived()).isZero();
            assertThat(p.jobs().meanResponseNs()).isNaN();
            assertThat(p.reconfigurations()).isEqualTo(1);
            assertThat(p.prrUtilisation()).isPositive();
        }
        assertThat(Files.readString(report.html()).split("<svg", -1)).hasSize(7 + 2 + 1);
        assertThat(Files.readAllLines(report.csv())).hasSize(3);
        assertThat(new ComparisonComponent(simulator).table(report)).contains("(no VM of the scenario has a workload)");
    }
}

package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kerone.vmm.PathStats;
import org.kerone.vmm.RunOptions;

/**
 * The default scenario with the zynq7000 profile reproduces Table 1 of the paper: for the fastest
 * instance of each path, latency from trap to resume minus T_RCFG and T_preempt, read off the trace,
 * is within 3 % of the paper's figure.
 */
class Table1Test {
    private static TraceRun run;

    @BeforeAll
    static void runDefault() throws Exception {
        SimulatorComponent sim = Platforms.simulator();
        run = TraceRun.of(sim, sim.defaultScenario(), RunOptions.DEFAULT);
    }

    @ParameterizedTest(name = "{0} within 3% of {1} ns")
    @CsvSource({"assign, 3030", "assign_reconfig, 6760", "preempt, 5100", "preempt_reconfig, 9960"})
    void fastestInstanceMatchesThePaper(String path, long paperNs) {
        long fastest = run.events("served").stream().filter(e -> path.equals(e.get("path")))
                .mapToLong(e -> (long) e.get("latency_ns") - (long) e.get("rcfg_ns") - (long) e.get("preempt_ns"))
                .min().orElseThrow(() -> new AssertionError("no request served by path " + path));
        assertThat((double) fastest).isCloseTo(paperNs, within(paperNs * 0.03));
    }

    @Test
    void everyPathHappensAndEveryRequestIsServed() {
        for (String path : java.util.List.of("assign", "assign_reconfig", "preempt", "preempt_reconfig", "deferred")) {
            PathStats p = run.summary.path(path);
            assertThat(p.count()).as(path).isPositive();
        }
        assertThat(run.summary.path("software").count()).as("software").isZero();
        assertThat(run.summary.served()).isEqualTo(run.summary.requests());
        assertThat(run.summary.failedTotal()).isZero();
    }

    @Test
    void reconfigurationAndPreemptionTimesCanBeReadOffTheTrace() {
        for (Map<String, Object> served : run.events("served")) {
            long req = (long) served.get("req");
            long rcfg = run.where(e -> "reconfig_done".equals(e.get("ev")) && Long.valueOf(req).equals(e.get("req"))).stream()
                    .mapToLong(e -> (long) e.get("t")).sum()
                    - run.where(e -> "reconfig_start".equals(e.get("ev")) && Long.valueOf(req).equals(e.get("req"))).stream()
                            .mapToLong(e -> (long) e.get("t")).sum();
            assertThat(served.get("rcfg_ns")).as("request %d", req).isEqualTo(rcfg);
        }
    }

    @Test
    void theSummaryAgreesWithTheTrace() {
        assertThat(run.summary.requests()).isEqualTo(run.events("trap").size());
        assertThat(run.summary.served()).isEqualTo(run.events("served").size());
        assertThat(run.summary.reconfigurations()).isEqualTo(run.events("reconfig_start").size());
        assertThat(run.summary.preemptions()).isEqualTo(run.events("preempt_start").size());
        assertThat(run.summary.jobs()).isEqualTo(run.events("job_done").size());
        assertThat(run.summary.events()).isEqualTo(run.events.size());
    }
}

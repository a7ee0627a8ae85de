package org.kerone.compare.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kerone.compare.Comparison;
import org.kerone.compare.Report;
import org.kerone.fpga.PrrSpec;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Simulator;
import org.kerone.vmm.Summary;
import org.kerone.vmm.VmSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link Comparison} service: runs each policy over the same seeds through the {@link Simulator},
 * reading every trace while it is written, and writes the CSV file and the HTML report.
 */
@Component(service = Comparison.class)
public final class ComparisonComponent implements Comparison {
    /** Virtual time the Gantt charts show, from 0. */
    static final long GANTT_WINDOW_NS = 200_000_000L;
    /** Time buckets of the utilisation chart over a run to its horizon. */
    static final int UTILISATION_BUCKETS = 100;
    /** First bucket width when the scenario has no horizon (buckets widen as runs go longer). */
    static final long NO_HORIZON_BUCKET_NS = 100_000L;

    private final Simulator simulator;

    @Activate
    public ComparisonComponent(@Reference Simulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public Report compare(Scenario scenario, List<String> policies, int seeds, Path outDir)
            throws ScenarioException, IOException {
        check(scenario, policies, seeds, outDir);
        // before the runs: an output folder that cannot be made (a file of that name, say) must not cost them
        Files.createDirectories(outDir);
        Set<Integer> classes = new TreeSet<>();
        for (VmSpec vm : scenario.vms()) {
            if (vm.workload() != null) {
                classes.add(vm.priority());
            }
        }
        List<String> prrIds = scenario.prrs().stream().map(PrrSpec::id).toList();
        long firstBucket = scenario.horizonNs() > 0
                ? Math.max(1, (scenario.horizonNs() + UTILISATION_BUCKETS - 1) / UTILISATION_BUCKETS)
                : NO_HORIZON_BUCKET_NS;
        List<Long> seedList = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            seedList.add(scenario.seed() + k);
        }
        List<PolicyTally> tallies = new ArrayList<>();
        String profile = scenario.profile();
        for (String policy : policies) {
            PolicyTally tally = new PolicyTally(policy, classes, firstBucket);
            Scenario s = scenario.withPolicy(policy);
            for (long seed : seedList) {
                Gantt gantt = tally.gantt == null ? new Gantt(policy, seed, GANTT_WINDOW_NS, prrIds) : null;
                if (gantt != null) {
                    tally.gantt = gantt;
                }
                RunRecorder recorder = new RunRecorder(tally, prrIds.size(), gantt);
                TraceWriter trace = new TraceWriter(recorder);
                Summary summary = simulator.run(s, new RunOptions(seed, null, null), trace);
                trace.close();
                long stop = scenario.horizonNs() > 0 ? Math.max(scenario.horizonNs(), summary.endNs()) : summary.endNs();
                recorder.finish(summary.endNs(), stop);
                tally.add(summary);
                profile = summary.profile();
            }
            tallies.add(tally);
        }
        Path csv = outDir.resolve(CSV_FILE);
        Path html = outDir.resolve(HTML_FILE);
        List<Report.ClassResult> classResults = new ArrayList<>();
        tallies.forEach(t -> classResults.addAll(t.classResults()));
        Report report = new Report(scenario.name(), scenario.source(), profile, policies, seedList, prrIds.size(),
                classResults, tallies.stream().map(PolicyTally::result).toList(), csv, html);
        Files.writeString(csv, CsvFile.of(report), StandardCharsets.UTF_8);
        Files.writeString(html, HtmlPage.of(report, SvgCharts.all(report, tallies)), StandardCharsets.UTF_8);
        return report;
    }

    @Override
    public String table(Report report) {
        return TextTable.of(report);
    }

    /** Refuses bad arguments before anything runs; each policy name is checked with the simulator. */
    private void check(Scenario scenario, List<String> policies, int seeds, Path outDir) throws ScenarioException {
        if (scenario == null) {
            throw new IllegalArgumentException("scenario: missing");
        }
        if (outDir == null) {
            throw new IllegalArgumentException("outDir: missing");
        }
        if (policies == null || policies.isEmpty()) {
            throw new IllegalArgumentException("policies: no policy given; name at least one");
        }
        if (seeds <= 0) {
            throw new IllegalArgumentException("seeds: must be at least 1, got " + seeds);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < policies.size(); i++) {
            String name = policies.get(i);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("policies[" + i + "]: empty policy name");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("policies[" + i + "]: policy '" + name + "' is named twice");
            }
            try {
                // a run with no VM and a 1 ns horizon: the simulator checks the policy and does nothing else
                simulator.run(new Scenario(scenario.name(), scenario.source(), scenario.seed(), scenario.profile(), name,
                        scenario.quantumNs(), 1, scenario.prrs(), List.of()), RunOptions.DEFAULT, null);
            } catch (ScenarioException e) {
                if ("policy".equals(e.place())) {
                    throw new IllegalArgumentException("policies[" + i + "]: " + e.problem(), e);
                }
                throw e;
            } catch (IOException e) {
                throw new IllegalStateException("a run without trace wrote a trace", e);
            }
        }
    }
}

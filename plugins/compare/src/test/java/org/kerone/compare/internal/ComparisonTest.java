package org.kerone.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerone.compare.Comparison;
import org.kerone.compare.Report;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.Simulator;
import org.kerone.vmm.internal.TestPlatform;
import org.xml.sax.InputSource;

/**
 * The comparison on a tiny workload scenario, 2 policies × 2 seeds: the files are written, the CSV
 * parses, and every number agrees with the runs' traces recounted here from scratch.
 *
 * <p>Scenario: a large and a small PRR, 150 ms; VM 1 (priority 10) Poisson AES/SHA jobs of 256 KiB
 * to 2 MiB (2 to 21 ms each: they keep a PRR busy); VM 2 (priority 20) a CRC job every 15 ms with a
 * 6 ms deadline; VM 3 (priority 30) small Poisson AES/SHA jobs after 100 us of CPU with an 8 ms
 * deadline. Under "priority" VM 3 preempts VM 1; under "fcfs" it waits.
 */
class ComparisonTest {
    static final String SCENARIO = """
            {"name": "tiny", "seed": 5, "horizon": "150ms",
             "prrs": [{"id": "prr0", "class": "large"}, {"id": "prr1", "class": "small"}],
             "vms": [
              {"id": 1, "priority": 10, "workload": {"arrival": "poisson", "rate": 50,
                "devices": {"aes128": 1, "sha256": 1}, "bytes": {"dist": "uniform", "min": 262144, "max": 2097152}}},
              {"id": 2, "priority": 20, "workload": {"arrival": "periodic", "period": "15ms",
                "devices": {"crc32": 1}, "bytes": 16384, "deadline": "6ms"}},
              {"id": 3, "priority": 30, "workload": {"arrival": "poisson", "rate": 40,
                "devices": {"aes128": 2, "sha256": 1}, "bytes": 8192, "compute": "100us", "deadline": "8ms"}}
             ]}
            """;
    static final List<String> POLICIES = List.of("priority", "fcfs");
    static final int SEEDS = 2;
    static final int[] CLASSES = {30, 20, 10};

    @TempDir
    static Path out;
    static Simulator simulator;
    static Scenario scenario;
    static Comparison comparison;
    static Report report;
    /** policy → the traces of seeds 5 and 6. */
    static Map<String, List<Traces.Run>> runs = new HashMap<>();

    @BeforeAll
    static void compare() throws Exception {
        // given the tiny scenario on the real VMM and fabric
        simulator = TestPlatform.simulator();
        scenario = simulator.parse("tiny.json", SCENARIO);
        comparison = new ComparisonComponent(simulator);
        // when priority and fcfs are compared over 2 seeds
        report = comparison.compare(scenario, POLICIES, SEEDS, out.resolve("report"));
        // and, independently, each run is made again with its whole trace kept
        for (String policy : POLICIES) {
            List<Traces.Run> list = new ArrayList<>();
            for (long seed = 5; seed < 5 + SEEDS; seed++) {
                list.add(Traces.run(simulator, scenario, policy, seed));
            }
            runs.put(policy, list);
        }
    }

    @Test
    void writesTheCsvAndHtmlFilesAndNamesThem() {
        assertThat(report.csv()).isEqualTo(out.resolve("report").resolve("compare.csv")).isRegularFile();
        assertThat(report.html()).isEqualTo(out.resolve("report").resolve("compare.html")).isRegularFile();
        assertThat(report.policies()).containsExactly("priority", "fcfs");
        assertThat(report.seeds()).containsExactly(5L, 6L);
        assertThat(report.prrs()).isEqualTo(2);
        assertThat(report.profile()).isEqualTo("zynq7000");
        // one entry per policy × class, highest priority first, and one total per policy
        assertThat(report.classes()).extracting(c -> c.policy() + "/" + c.priority())
                .containsExactly("priority/30", "priority/20", "priority/10", "fcfs/30", "fcfs/20", "fcfs/10");
        assertThat(report.totals()).extracting(Report.PolicyResult::policy).containsExactly("priority", "fcfs");
    }

    @Test
    void everyPolicyRunsTheSameSeededWorkloads() {
        // the arrivals (time, VM, job, device, size, deadline) do not depend on the policy
        for (int k = 0; k < SEEDS; k++) {
            List<Map<String, Object>> a = runs.get("priority").get(k).events("job_arrival");
            List<Map<String, Object>> b = runs.get("fcfs").get(k).events("job_arrival");
            assertThat(a).isNotEmpty().isEqualTo(b);
        }
        // and the two seeds differ
        assertThat(runs.get("priority").get(0).events("job_arrival")).isNotEqualTo(runs.get("priority").get(1).events("job_arrival"));
    }

    @Test
    void jobsPerClassAreTheJobDoneEventsOfThatPriority() {
        for (String policy : POLICIES) {
            for (int prio : CLASSES) {
                long done = 0;
                long arrived = 0;
                for (Traces.Run run : runs.get(policy)) {
                    done += run.events("job_done").stream().filter(e -> e.containsKey("job") && Traces.num(e, "prio") == prio).count();
                    arrived += run.events("job_arrival").stream().filter(e -> Traces.num(e, "prio") == prio).count();
                }
                Report.Jobs jobs = report.classResult(policy, prio).jobs();
                assertThat(jobs.done()).as("%s class %d done", policy, prio).isEqualTo(done).isPositive();
                assertThat(jobs.arrived()).as("%s class %d arrived", policy, prio).isEqualTo(arrived);
                // every job that arrived is done, failed or unfinished
                assertThat(jobs.done() + jobs.failed() + jobs.unfinished()).isEqualTo(jobs.arrived());
                assertThat(report.classResult(policy, prio).runs()).isEqualTo(SEEDS);
            }
        }
    }

    @Test
    void responseTimesAreRecomputedFromTheTraces() {
        for (String policy : POLICIES) {
            List<Long> all = new ArrayList<>();
            for (int prio : CLASSES) {
                List<Long> responses = new ArrayList<>();
                for (Traces.Run run : runs.get(policy)) {
                    run.events("job_done").stream().filter(e -> e.containsKey("job") && Traces.num(e, "prio") == prio)
                            .forEach(e -> responses.add(Traces.num(e, "response_ns")));
                }
                all.addAll(responses);
                Report.Jobs jobs = report.classResult(policy, prio).jobs();
                double mean = responses.stream().mapToLong(Long::longValue).average().orElseThrow();
                assertThat(jobs.meanResponseNs()).as("%s class %d mean", policy, prio).isCloseTo(mean, within(1e-6));
                checkPercentile(jobs.p95ResponseNs(), responses, 95);
                checkPercentile(jobs.p99ResponseNs(), responses, 99);
            }
            Report.Jobs pooled = report.policyResult(policy).jobs();
            assertThat(pooled.meanResponseNs()).isCloseTo(all.stream().mapToLong(Long::longValue).average().orElseThrow(), within(1e-6));
            checkPercentile(pooled.p95ResponseNs(), all, 95);
        }
    }

    /** Nearest rank: the smallest value with at least p % of the values at or below it; the histogram may round it up by < 0.1 %. */
    private static void checkPercentile(double reported, List<Long> values, int p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        long exact = sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1];
        assertThat(reported).isGreaterThanOrEqualTo(exact).isCloseTo(exact, withinPercentage(0.1));
    }

    @Test
    void deadlineOutcomesAreCountedFromTheTraces() {
        for (String policy : POLICIES) {
            for (int prio : CLASSES) {
                long late = 0;
                long met = 0;
                long expired = 0;
                for (Traces.Run run : runs.get(policy)) {
                    Set<String> done = new HashSet<>();
                    for (Map<String, Object> e : run.events("job_done")) {
                        if (e.containsKey("job")) {
                            done.add(e.get("vm") + "/" + e.get("job"));
                        }
                        if (e.containsKey("deadline_met") && Traces.num(e, "prio") == prio) {
                            if ((Boolean) e.get("deadline_met")) {
                                met++;
                            } else {
                                late++;
                            }
                        }
                    }
                    // jobs with a deadline still open when the run stopped at 150 ms, their deadline passed
                    expired += run.events("job_arrival").stream().filter(e -> Traces.num(e, "prio") == prio
                            && e.containsKey("deadline_ns") && Traces.num(e, "deadline_ns") <= 150_000_000L
                            && !done.contains(e.get("vm") + "/" + e.get("job"))).count();
                }
                Report.Jobs jobs = report.classResult(policy, prio).jobs();
                assertThat(jobs.failed()).isZero(); // nothing fails in this scenario
                assertThat(jobs.deadlineJobs()).as("%s class %d deadline jobs", policy, prio).isEqualTo(late + met + expired);
                assertThat(jobs.deadlineMisses()).as("%s class %d misses", policy, prio).isEqualTo(late + expired);
            }
            // VM 1's jobs have no deadline; VM 2's and VM 3's all have one
            assertThat(report.classResult(policy, 10).jobs().deadlineJobs()).isZero();
            assertThat(report.classResult(policy, 30).jobs().deadlineJobs()).isPositive();
        }
    }

    @Test
    void policyTotalsAreTheRunsSummariesAndTraceCounts() {
        for (String policy : POLICIES) {
            long reconfigs = 0;
            long preemptions = 0;
            long requests = 0;
            long served = 0;
            long virtual = 0;
            for (Traces.Run run : runs.get(policy)) {
                reconfigs += run.events("reconfig_start").size();
                preemptions += run.events("preempt_start").size();
                requests += run.events("request").size();
                served += run.events("served").size();
                virtual += run.summary().endNs();
            }
            Report.PolicyResult p = report.policyResult(policy);
            assertThat(p.runs()).isEqualTo(SEEDS);
            assertThat(p.reconfigurations()).isEqualTo(reconfigs).isPositive();
            assertThat(p.preemptions()).isEqualTo(preemptions);
            assertThat(p.requests()).isEqualTo(requests);
            assertThat(p.served()).isEqualTo(served);
            assertThat(p.virtualNs()).isEqualTo(virtual);
            assertThat(p.jobs().software()).isZero();
        }
        // FCFS never preempts; the paper's policy does here
        assertThat(report.policyResult("fcfs").preemptions()).isZero();
        assertThat(report.policyResult("priority").preemptions()).isPositive();
    }

    @Test
    void prrTimeLoadingBitstreamsIsRecomputedFromTheTraces() {
        for (String policy : POLICIES) {
            double loading = 0;
            double covered = 0;
            for (Traces.Run run : runs.get(policy)) {
                long end = run.summary().endNs();
                Map<Long, Long> started = new HashMap<>();
                for (Map<String, Object> e : run.events()) {
                    if ("reconfig_start".equals(e.get("ev"))) {
                        started.put(Traces.num(e, "prr"), Traces.num(e, "t"));
                    } else if ("reconfig_done".equals(e.get("ev")) || "reconfig_failed".equals(e.get("ev"))) {
                        loading += Traces.num(e, "t") - started.remove(Traces.num(e, "prr"));
                    }
                }
                for (long t : started.values()) {
                    loading += end - t; // still loading when the run stopped
                }
                covered += 2.0 * end;
            }
            Report.PolicyResult p = report.policyResult(policy);
            assertThat(p.prrReconfiguring()).isCloseTo(loading / covered, within(1e-12));
            assertThat(p.prrUtilisation()).isBetween(p.prrReconfiguring() + p.prrStopping(), 1.0);
        }
    }

    @Test
    void theCsvParsesAndCarriesTheReportsNumbers() throws Exception {
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(report.csv(), StandardCharsets.UTF_8)) {
            rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        // for each policy: its three classes, then its "all" row
        assertThat(rows).extracting(r -> r.get("policy") + "/" + r.get("class")).containsExactly("priority/30", "priority/20",
                "priority/10", "priority/all", "fcfs/30", "fcfs/20", "fcfs/10", "fcfs/all");
        assertThat(rows.get(0).getParser().getHeaderNames()).isEqualTo(CsvFile.HEADER);
        for (CSVRecord row : rows) {
            String policy = row.get("policy");
            Report.Jobs jobs = row.get("class").equals("all") ? report.policyResult(policy).jobs()
                    : report.classResult(policy, Integer.parseInt(row.get("class"))).jobs();
            assertThat(Long.parseLong(row.get("runs"))).isEqualTo(SEEDS);
            assertThat(Long.parseLong(row.get("arrived"))).isEqualTo(jobs.arrived());
            assertThat(Long.parseLong(row.get("done"))).isEqualTo(jobs.done());
            assertThat(Long.parseLong(row.get("deadline_misses"))).isEqualTo(jobs.deadlineMisses());
            assertThat(Double.parseDouble(row.get("mean_response_us"))).isCloseTo(jobs.meanResponseNs() / 1e3, within(0.0005));
            assertThat(Double.parseDouble(row.get("p99_response_us"))).isCloseTo(jobs.p99ResponseNs() / 1e3, within(0.0005));
            if (row.get("class").equals("all")) {
                Report.PolicyResult p = report.policyResult(policy);
                assertThat(Long.parseLong(row.get("reconfigurations"))).isEqualTo(p.reconfigurations());
                assertThat(Long.parseLong(row.get("preemptions"))).isEqualTo(p.preemptions());
                assertThat(Double.parseDouble(row.get("prr_utilisation"))).isCloseTo(p.prrUtilisation(), within(1e-6));
            } else {
                assertThat(row.get("reconfigurations")).isEmpty();
            }
        }
    }

    @Test
    void theHtmlHasOneWellFormedSvgPerChart() throws Exception {
        String html = Files.readString(report.html());
        // mean, p95, p99, deadline misses, reconfigurations, preemptions, utilisation, one Gantt per policy
        List<String> svgs = svgElements(html);
        assertThat(svgs).hasSize(7 + POLICIES.size());
        assertThat(html.split("<svg", -1)).hasSize(svgs.size() + 1);
        for (String id : List.of("mean", "p95", "p99", "deadlines", "reconfigurations", "preemptions", "utilisation",
                "gantt-1", "gantt-2")) {
            assertThat(html).contains("<figure id=\"figure-" + id + "\">");
        }
        for (String svg : svgs) {
            // each is well-formed XML in the SVG namespace, its ids its own
            var doc = DocumentBuilderFactory.newNSInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
            assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
            String own = doc.getDocumentElement().getAttribute("id");
            Matcher ids = Pattern.compile(" id=\"([^\"]+)\"").matcher(svg);
            while (ids.find()) {
                assertThat(ids.group(1)).startsWith(own);
            }
        }
        // the Gantt charts name the PRRs, the VMs, the devices and the activities
        String gantt = svgs.get(7);
        assertThat(gantt).contains("PRR occupancy under priority (seed 5, first 150.0 ms)", "prr0", "prr1",
                "VM 1 (priority 10)", "VM 2 (priority 20)", "VM 3 (priority 30)", "loading bitstream", "stopping job",
                ">aes128<", ">sha256<");
        assertThat(svgs.get(8)).contains("PRR occupancy under fcfs (seed 5");
        assertThat(html).contains("<td>priority</td><td>30</td>", "Policy comparison: tiny");
    }

    private static List<String> svgElements(String html) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while ((from = html.indexOf("<svg", from)) >= 0) {
            int end = html.indexOf("</svg>", from) + "</svg>".length();
            out.add(html.substring(from, end));
            from = end;
        }
        return out;
    }

    @Test
    void theTableShowsEveryPolicyAndClassAndTheFiles() {
        String table = comparison.table(report);
        assertThat(table).startsWith("Policy comparison: scenario tiny (profile zynq7000), policies priority, fcfs; seeds 5..6 (2 runs each)")
                .contains(report.csv().toString(), report.html().toString()).endsWith("\n");
        List<String> lines = Arrays.asList(table.split("\n"));
        for (String policy : POLICIES) {
            for (int prio : CLASSES) {
                Report.Jobs j = report.classResult(policy, prio).jobs();
                assertThat(lines).anyMatch(l -> l.matches(policy + " +" + prio + " +" + j.arrived() + " +" + j.done() + " .*"
                        + TextTable.ms(j.meanResponseNs()) + " .*"));
            }
            assertThat(lines).anyMatch(l -> l.startsWith(policy + " ") && l.contains(" " + report.policyResult(policy).reconfigurations() + " "));
        }
    }

    @Test
    void theSameComparisonWritesTheSameFiles() throws Exception {
        Report again = comparison.compare(scenario, POLICIES, SEEDS, out.resolve("again"));
        assertThat(again.classes()).isEqualTo(report.classes());
        assertThat(again.totals()).isEqualTo(report.totals());
        assertThat(Files.readString(again.csv())).isEqualTo(Files.readString(report.csv()));
        assertThat(Files.readString(again.html())).isEqualTo(Files.readString(report.html()));
    }
}

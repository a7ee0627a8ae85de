package org.kerone.compare.internal;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kerone.compare.Report;

/** The HTML report: the page template ({@code compare.html.mustache}) filled with the tables and the SVG charts. */
final class HtmlPage {
    private static final Template TEMPLATE = load();

    private HtmlPage() {
    }

    private static Template load() {
        try (InputStream in = HtmlPage.class.getResourceAsStream("compare.html.mustache")) {
            if (in == null) {
                throw new IllegalStateException("compare.html.mustache is missing from the bundle");
            }
            return Mustache.compiler().escapeHTML(true).compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String of(Report r, List<SvgCharts.Chart> charts) {
        Map<String, Object> page = new HashMap<>();
        page.put("scenario", r.scenario());
        page.put("source", r.source());
        page.put("profile", r.profile());
        page.put("prrs", r.prrs());
        page.put("policyList", String.join(", ", r.policies()));
        page.put("seedText", TextTable.seeds(r));
        page.put("classes", r.classes().stream().map(c -> {
            Report.Jobs j = c.jobs();
            return Map.<String, Object>of("policy", c.policy(), "priority", c.priority(), "arrived", j.arrived(), "done",
                    j.done(), "failed", j.failed(), "unfinished", j.unfinished(), "mean", TextTable.ms(j.meanResponseNs()), "p95",
                    TextTable.ms(j.p95ResponseNs()), "p99", TextTable.ms(j.p99ResponseNs()), "deadline",
                    j.deadlineJobs() == 0 ? "-" : j.deadlineMisses() + " of " + j.deadlineJobs());
        }).toList());
        page.put("totals", r.totals().stream().map(p -> Map.<String, Object>ofEntries(Map.entry("policy", p.policy()),
                Map.entry("requests", p.requests()), Map.entry("served", p.served()), Map.entry("failed", p.failedRequests()),
                Map.entry("reconfigurations", p.reconfigurations()), Map.entry("preemptions", p.preemptions()),
                Map.entry("software", p.jobs().software()), Map.entry("mean", TextTable.ms(p.jobs().meanResponseNs())),
                Map.entry("busy", TextTable.percent(p.prrUtilisation())), Map.entry("loading", TextTable.percent(p.prrReconfiguring())),
                Map.entry("stopping", TextTable.percent(p.prrStopping())))).toList());
        page.put("charts", charts.stream().map(c -> Map.of("id", c.id(), "title", c.title(), "svg", c.svg())).toList());
        return TEMPLATE.execute(page);
    }
}

package org.kerone.compare.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kerone.compare.Report;

/**
 * The report as CSV (RFC 4180, comma-separated, header line): for each policy, one row per priority
 * class, then one row with class {@code all} that also carries the policy's totals (blank in the
 * class rows). Times in microseconds to the nanosecond; fractions from 0 to 1.
 */
final class CsvFile {
    static final List<String> HEADER = List.of("policy", "class", "runs", "arrived", "done", "failed", "unfinished",
            "software", "deadline_jobs", "deadline_misses", "mean_response_us", "p95_response_us", "p99_response_us",
            "requests", "served", "failed_requests", "reconfigurations", "preemptions", "virtual_ms", "prr_utilisation",
            "prr_reconfiguring", "prr_stopping");

    private CsvFile() {
    }

    static String of(Report r) {
        StringBuilder b = new StringBuilder();
        line(b, HEADER);
        for (Report.PolicyResult p : r.totals()) {
            for (Report.ClassResult c : r.classes()) {
                if (c.policy().equals(p.policy())) {
                    List<String> row = jobs(p.policy(), Integer.toString(c.priority()), c.runs(), c.jobs());
                    for (int i = 0; i < 9; i++) {
                        row.add("");
                    }
                    line(b, row);
                }
            }
            List<String> row = jobs(p.policy(), "all", p.runs(), p.jobs());
            row.add(Long.toString(p.requests()));
            row.add(Long.toString(p.served()));
            row.add(Long.toString(p.failedRequests()));
            row.add(Long.toString(p.reconfigurations()));
            row.add(Long.toString(p.preemptions()));
            row.add(String.format(Locale.ROOT, "%.6f", p.virtualNs() / 1e6));
            row.add(String.format(Locale.ROOT, "%.6f", p.prrUtilisation()));
            row.add(String.format(Locale.ROOT, "%.6f", p.prrReconfiguring()));
            row.add(String.format(Locale.ROOT, "%.6f", p.prrStopping()));
            line(b, row);
        }
        return b.toString();
    }

    private static List<String> jobs(String policy, String cls, int runs, Report.Jobs j) {
        List<String> row = new ArrayList<>();
        row.add(policy);
        row.add(cls);
        row.add(Integer.toString(runs));
        row.add(Long.toString(j.arrived()));
        row.add(Long.toString(j.done()));
        row.add(Long.toString(j.failed()));
        row.add(Long.toString(j.unfinished()));
        row.add(Long.toString(j.software()));
        row.add(Long.toString(j.deadlineJobs()));
        row.add(Long.toString(j.deadlineMisses()));
        row.add(us(j.meanResponseNs()));
        row.add(us(j.p95ResponseNs()));
        row.add(us(j.p99ResponseNs()));
        return row;
    }

    private static String us(double ns) {
        return Double.isNaN(ns) ? "" : String.format(Locale.ROOT, "%.3f", ns / 1e3);
    }

    private static void line(StringBuilder b, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                b.append(f);
            }
        }
        b.append("\r\n");
    }
}

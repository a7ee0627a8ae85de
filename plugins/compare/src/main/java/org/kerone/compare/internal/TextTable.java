package org.kerone.compare.internal;

import java.util.Locale;
import org.kerone.compare.Report;

/** The report as a fixed-width table for a terminal. */
final class TextTable {
    private TextTable() {
    }

    static String of(Report r) {
        int w = Math.max(6, r.policies().stream().mapToInt(String::length).max().orElse(6));
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Policy comparison: scenario %s (profile %s), policies %s; %s%n", r.scenario(),
                r.profile(), String.join(", ", r.policies()), seeds(r)));
        b.append(String.format(Locale.ROOT, "%nworkload jobs per priority class, all runs pooled; response time in ms%n"));
        b.append(String.format(Locale.ROOT, "%-" + w + "s %6s %8s %8s %7s %10s %9s %9s %9s %16s%n", "policy", "class",
                "arrived", "done", "failed", "unfinished", "mean", "p95", "p99", "deadline misses"));
        if (r.classes().isEmpty()) {
            b.append("(no VM of the scenario has a workload)\n");
        }
        for (Report.ClassResult c : r.classes()) {
            Report.Jobs j = c.jobs();
            b.append(String.format(Locale.ROOT, "%-" + w + "s %6d %8d %8d %7d %10d %9s %9s %9s %16s%n", c.policy(), c.priority(),
                    j.arrived(), j.done(), j.failed(), j.unfinished(), ms(j.meanResponseNs()), ms(j.p95ResponseNs()),
                    ms(j.p99ResponseNs()), j.deadlineJobs() == 0 ? "-" : j.deadlineMisses() + " of " + j.deadlineJobs()));
        }
        b.append(String.format(Locale.ROOT, "%nper policy, all runs added up%n"));
        b.append(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %7s %9s %8s %9s %9s %9s %9s %9s%n", "policy", "requests",
                "served", "failed", "reconfigs", "preempts", "software", "mean (ms)", "PRR busy", "loading", "stopping"));
        for (Report.PolicyResult p : r.totals()) {
            b.append(String.format(Locale.ROOT, "%-" + w + "s %9d %9d %7d %9d %8d %9d %9s %9s %9s %9s%n", p.policy(),
                    p.requests(), p.served(), p.failedRequests(), p.reconfigurations(), p.preemptions(), p.jobs().software(),
                    ms(p.jobs().meanResponseNs()), percent(p.prrUtilisation()), percent(p.prrReconfiguring()),
                    percent(p.prrStopping())));
        }
        b.append(String.format(Locale.ROOT, "%nwrote %s and %s%n", r.csv(), r.html()));
        return b.toString();
    }

    static String seeds(Report r) {
        long first = r.seeds().get(0);
        long last = r.seeds().get(r.seeds().size() - 1);
        return r.seeds().size() == 1 ? "seed " + first + " (1 run each)"
                : "seeds " + first + ".." + last + " (" + r.seeds().size() + " runs each)";
    }

    static String ms(double ns) {
        return Double.isNaN(ns) ? "-" : String.format(Locale.ROOT, "%.3f", ns / 1e6);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}

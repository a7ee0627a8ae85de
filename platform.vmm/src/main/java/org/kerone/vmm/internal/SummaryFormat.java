package org.kerone.vmm.internal;

import java.util.Locale;
import java.util.Map;
import org.kerone.vmm.PathStats;
import org.kerone.vmm.Summary;

/** Renders a summary as a table for people and as JSON for tools. */
final class SummaryFormat {
    /** Table 1 of the paper, in ns, without T_RCFG and T_preempt. */
    static final Map<String, Long> PAPER_NS = Map.of("assign", 3030L, "assign_reconfig", 6760L, "preempt", 5100L,
            "preempt_reconfig", 9960L);
    private static final Map<String, String> PAPER_TEXT = Map.of("assign", "3.03", "assign_reconfig", "6.76 + T_RCFG",
            "preempt", "5.10 + T_preempt", "preempt_reconfig", "9.96 + T_preempt + T_RCFG", "deferred", "-", "software",
            "- (job ran on the guest's CPU)");

    private SummaryFormat() {
    }

    static String table(Summary s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Ker-ONE DPR allocation: scenario %s (seed %d, profile %s, policy %s)%n",
                s.scenario(), s.seed(), s.profile(), s.policy()));
        b.append(String.format(Locale.ROOT,
                "virtual time %.3f ms; %d requests: %d served, %d failed; %d jobs, %d reconfigurations, %d preemptions%n%n",
                s.endNs() / 1e6, s.requests(), s.served(), s.failedTotal(), s.jobs(), s.reconfigurations(), s.preemptions()));
        b.append("management overhead per request (latency without T_RCFG, T_preempt, searching-list wait and CPU wait), in us\n");
        b.append(String.format(Locale.ROOT, "%-17s %6s %9s %9s %9s %9s %12s  %s%n", "path", "count", "mean", "p50", "min",
                "max", "latency", "paper (Table 1)"));
        for (PathStats p : s.paths()) {
            if (p.count() == 0) {
                b.append(String.format(Locale.ROOT, "%-17s %6d %9s %9s %9s %9s %12s  %s%n", p.path(), 0, "-", "-", "-", "-",
                        "-", PAPER_TEXT.get(p.path())));
            } else {
                b.append(String.format(Locale.ROOT, "%-17s %6d %9.3f %9.3f %9.3f %9.3f %12.3f  %s%n", p.path(), p.count(),
                        p.meanNs() / 1e3, p.p50Ns() / 1e3, p.minNs() / 1e3, p.maxNs() / 1e3, p.meanLatencyNs() / 1e3,
                        PAPER_TEXT.get(p.path())));
            }
        }
        if (!s.failed().isEmpty()) {
            b.append("\nfailed requests:\n");
            s.failed().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append(String.format(Locale.ROOT, "  %6d  %s%n", e.getValue(), e.getKey())));
        }
        return b.toString();
    }

    static String json(Summary s) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"scenario\": ").append(quote(s.scenario())).append(",\n");
        b.append("  \"seed\": ").append(s.seed()).append(",\n");
        b.append("  \"profile\": ").append(quote(s.profile())).append(",\n");
        b.append("  \"policy\": ").append(quote(s.policy())).append(",\n");
        b.append("  \"end_ns\": ").append(s.endNs()).append(",\n");
        b.append("  \"requests\": ").append(s.requests()).append(",\n");
        b.append("  \"served\": ").append(s.served()).append(",\n");
        b.append("  \"jobs\": ").append(s.jobs()).append(",\n");
        b.append("  \"reconfigurations\": ").append(s.reconfigurations()).append(",\n");
        b.append("  \"preemptions\": ").append(s.preemptions()).append(",\n");
        b.append("  \"events\": ").append(s.events()).append(",\n");
        b.append("  \"failed\": {");
        String sep = "";
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(s.failed()).entrySet()) {
            b.append(sep).append(quote(e.getKey())).append(": ").append(e.getValue());
            sep = ", ";
        }
        b.append("},\n  \"paths\": [\n");
        sep = "";
        for (PathStats p : s.paths()) {
            b.append(sep).append(String.format(Locale.ROOT,
                    "    {\"path\": %s, \"count\": %d, \"mean_ns\": %.1f, \"p50_ns\": %d, \"min_ns\": %d, \"max_ns\": %d, "
                            + "\"mean_latency_ns\": %.1f, \"paper_ns\": %s}",
                    quote(p.path()), p.count(), p.meanNs(), p.p50Ns(), p.minNs(), p.maxNs(), p.meanLatencyNs(),
                    p.paperNs() < 0 ? "null" : Long.toString(p.paperNs())));
            sep = ",\n";
        }
        b.append("\n  ]\n}\n");
        return b.toString();
    }

    private static String quote(String v) {
        return Trace.quote(new StringBuilder(), v).toString();
    }
}

package org.kerone.vmm.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kerone.vmm.PathStats;

/** Counters and per-path overhead samples of one run. */
final class Stats {
    static final List<String> PATHS = List.of("assign", "assign_reconfig", "preempt", "preempt_reconfig", "deferred",
            "software");

    private final Map<String, Samples> byPath = new LinkedHashMap<>();
    private final Map<String, Long> failed = new TreeMap<>();
    long requests;
    long served;
    long jobs;
    long jobsRefused;
    long softwareJobs;
    long jobsAborted;
    long arrivals;
    long reconfigurations;
    long preemptions;
    long policyRefusals;

    Stats() {
        for (String p : PATHS) {
            byPath.put(p, new Samples());
        }
    }

    void served(String path, long latencyNs, long overheadNs) {
        served++;
        byPath.get(path).add(latencyNs, overheadNs);
    }

    void failed(String reason) {
        failed.merge(reason, 1L, Long::sum);
    }

    Map<String, Long> failures() {
        return failed;
    }

    List<PathStats> paths(Map<String, Long> paperNs) {
        return PATHS.stream().map(p -> byPath.get(p).stats(p, paperNs.getOrDefault(p, -1L))).toList();
    }

    /** Overheads of one path, kept whole so that percentiles are exact. */
    private static final class Samples {
        private long[] overhead = new long[16];
        private long latencySum;
        private int n;

        void add(long latency, long over) {
            if (n == overhead.length) {
                overhead = Arrays.copyOf(overhead, n * 2);
            }
            overhead[n++] = over;
            latencySum += latency;
        }

        PathStats stats(String path, long paper) {
            if (n == 0) {
                return new PathStats(path, 0, 0, 0, 0, 0, 0, paper);
            }
            long[] sorted = Arrays.copyOf(overhead, n);
            Arrays.sort(sorted);
            long sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return new PathStats(path, n, (double) sum / n, sorted[(n - 1) / 2], sorted[0], sorted[n - 1],
                    (double) latencySum / n, paper);
        }
    }
}

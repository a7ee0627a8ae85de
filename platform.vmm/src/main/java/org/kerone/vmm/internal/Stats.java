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
    /** Indexes of the paths in {@link #PATHS}. */
    static final int ASSIGN = 0;
    static final int ASSIGN_RECONFIG = 1;
    static final int PREEMPT = 2;
    static final int PREEMPT_RECONFIG = 3;
    static final int DEFERRED = 4;
    static final int SOFTWARE = 5;

    /** Samples kept per path on a live platform: the summary's percentiles are then those of the most recent ones. */
    static final int LIVE_WINDOW = 1 << 16;

    private final Map<String, Samples> byPath = new LinkedHashMap<>();
    /** The same samples by path index. */
    private final Samples[] byIndex = new Samples[PATHS.size()];
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
        this(Integer.MAX_VALUE);
    }

    /** Statistics keeping at most {@code window} overhead samples per path (the most recent). */
    Stats(int window) {
        for (int i = 0; i < PATHS.size(); i++) {
            byIndex[i] = new Samples(window);
            byPath.put(PATHS.get(i), byIndex[i]);
        }
    }

    /** A request of path {@code path} (an index in {@link #PATHS}) was served. */
    void served(int path, long latencyNs, long overheadNs) {
        served++;
        byIndex[path].add(latencyNs, overheadNs);
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
        private final int window;
        private long[] overhead = new long[16];
        private long latencySum;
        private long n;

        Samples(int window) {
            this.window = window;
        }

        void add(long latency, long over) {
            if (n < window && n == overhead.length) {
                overhead = Arrays.copyOf(overhead, (int) Math.min((long) window, n * 2));
            }
            overhead[(int) (n % window)] = over;
            n++;
            latencySum += latency;
        }

        PathStats stats(String path, long paper) {
            if (n == 0) {
                return new PathStats(path, 0, 0, 0, 0, 0, 0, paper);
            }
            int kept = (int) Math.min(n, window);
            long[] sorted = Arrays.copyOf(overhead, kept);
            Arrays.sort(sorted);
            long sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return new PathStats(path, n, (double) sum / kept, sorted[(kept - 1) / 2], sorted[0], sorted[kept - 1],
                    (double) latencySum / n, paper);
        }
    }
}

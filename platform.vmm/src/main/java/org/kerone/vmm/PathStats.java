package org.kerone.vmm;

/**
 * Management overhead of the requests served by one allocation path: latency from trap to resume
 * without T_RCFG, T_preempt and waiting (searching list, CPU taken by others).
 *
 * @param path assign, assign_reconfig, preempt, preempt_reconfig or deferred
 * @param count requests served by this path
 * @param meanNs mean overhead
 * @param p50Ns median overhead
 * @param minNs smallest overhead
 * @param maxNs largest overhead
 * @param meanLatencyNs mean latency from trap to resume, everything included
 * @param paperNs the paper's Table 1 figure for the path, or -1 where the paper has none
 */
public record PathStats(String path, long count, double meanNs, long p50Ns, long minNs, long maxNs, double meanLatencyNs,
        long paperNs) {
}

package org.kerone.vmm;

import java.util.List;
import java.util.Map;

/**
 * What a run did, per allocation path and in total.
 *
 * @param scenario scenario name
 * @param seed seed used
 * @param profile cost profile used
 * @param policy policy that decided (name)
 * @param endNs virtual time at the end of the run
 * @param paths one entry per path, in the order assign, assign_reconfig, preempt, preempt_reconfig, deferred
 * @param requests requests raised
 * @param served requests served
 * @param failed requests failed, by reason
 * @param jobs accelerator jobs completed
 * @param reconfigurations reconfigurations started (one the end of the run cuts short included)
 * @param preemptions stops of a running job started for another VM
 * @param events trace events emitted (0 when the run kept no trace)
 */
public record Summary(String scenario, long seed, String profile, String policy, long endNs, List<PathStats> paths,
        long requests, long served, Map<String, Long> failed, long jobs, long reconfigurations, long preemptions,
        long events) {
    public Summary {
        paths = List.copyOf(paths);
        failed = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(failed));
    }

    /** The entry for a path, or null. */
    public PathStats path(String name) {
        return paths.stream().filter(p -> p.path().equals(name)).findFirst().orElse(null);
    }

    public long failedTotal() {
        return failed.values().stream().mapToLong(Long::longValue).sum();
    }
}

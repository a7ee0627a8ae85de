package org.kerone.compare;

import java.nio.file.Path;
import java.util.List;

/**
 * What a comparison found: per policy and priority class, the workload jobs' response times and
 * outcomes; per policy, the platform's totals and PRR occupancy. Counts are totals over all runs of
 * the policy; response times pool the jobs of all runs.
 *
 * @param scenario scenario name
 * @param source where the scenario was read from
 * @param profile cost profile the runs used
 * @param policies the policies, in the order asked
 * @param seeds the seeds every policy ran, in order
 * @param prrs number of PRRs of the scenario
 * @param classes one entry per policy and priority class (priority of the VMs with a workload),
 *        policies in order, classes from the highest priority down
 * @param totals one entry per policy, in order
 * @param csv the CSV file written
 * @param html the HTML report written
 */
public record Report(String scenario, String source, String profile, List<String> policies, List<Long> seeds, int prrs,
        List<ClassResult> classes, List<PolicyResult> totals, Path csv, Path html) {
    public Report {
        policies = List.copyOf(policies);
        seeds = List.copyOf(seeds);
        classes = List.copyOf(classes);
        totals = List.copyOf(totals);
    }

    /** The entry for a policy and priority class, or null. */
    public ClassResult classResult(String policy, int priority) {
        return classes.stream().filter(c -> c.policy().equals(policy) && c.priority() == priority).findFirst().orElse(null);
    }

    /** The totals of a policy, or null. */
    public PolicyResult policyResult(String policy) {
        return totals.stream().filter(p -> p.policy().equals(policy)).findFirst().orElse(null);
    }

    /**
     * Workload jobs (the jobs of VMs with a {@code workload}) and what became of them. Every job that
     * arrived is exactly one of: done, failed, unfinished.
     *
     * @param arrived jobs that arrived
     * @param done jobs completed (in hardware or, under software fallback, on the CPU)
     * @param meanResponseNs mean response time (completion − arrival) of the done jobs; NaN when none
     * @param p95ResponseNs 95th percentile of the response time (nearest rank, within 0.1 %); NaN when none
     * @param p99ResponseNs 99th percentile of the response time (nearest rank, within 0.1 %); NaN when none
     * @param deadlineJobs jobs with a deadline whose outcome is known: done, failed, or unfinished
     *        with their deadline passed when the run ended
     * @param deadlineMisses of those, the ones done after their deadline, failed, or unfinished past it
     * @param failed jobs whose device use failed (request failed, job refused or aborted)
     * @param unfinished jobs neither done nor failed when the run ended (horizon)
     * @param software done jobs that ran in software on the guest's CPU (software fallback)
     */
    public record Jobs(long arrived, long done, double meanResponseNs, double p95ResponseNs, double p99ResponseNs,
            long deadlineJobs, long deadlineMisses, long failed, long unfinished, long software) {
    }

    /**
     * One policy's results for one priority class.
     *
     * @param policy policy name
     * @param priority the class: the priority of the VMs whose jobs these are
     * @param runs runs pooled (the number of seeds)
     * @param jobs the class's jobs over all runs
     */
    public record ClassResult(String policy, int priority, int runs, Jobs jobs) {
    }

    /**
     * One policy's totals over all its runs.
     *
     * @param policy policy name
     * @param runs runs (the number of seeds)
     * @param jobs all workload jobs, every class pooled
     * @param requests allocation requests raised
     * @param served requests served
     * @param failedRequests requests failed (including those still open when a run ended)
     * @param reconfigurations bitstreams loaded
     * @param preemptions jobs stopped for another VM
     * @param virtualNs virtual time of all runs added up
     * @param prrUtilisation fraction of PRR time busy (running a job, loading a bitstream or stopping a job)
     * @param prrReconfiguring fraction of PRR time loading a bitstream
     * @param prrStopping fraction of PRR time stopping a preempted job
     */
    public record PolicyResult(String policy, int runs, Jobs jobs, long requests, long served, long failedRequests,
            long reconfigurations, long preemptions, long virtualNs, double prrUtilisation, double prrReconfiguring,
            double prrStopping) {
    }
}

package org.kerone.compare.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kerone.compare.Report;
import org.kerone.vmm.Summary;

/** Everything one policy's runs add up to: jobs per priority class and in all, totals, PRR occupancy, one Gantt chart. */
final class PolicyTally {
    final String policy;
    final Map<Integer, JobTally> classes = new TreeMap<>(Comparator.reverseOrder());
    final JobTally all = new JobTally();
    final Occupancy occupancy;
    Gantt gantt;
    int runs;
    long requests;
    long served;
    long failedRequests;
    long reconfigurations;
    long preemptions;
    long virtualNs;
    String profile;

    PolicyTally(String policy, Collection<Integer> priorities, long firstBucketNs) {
        this.policy = policy;
        priorities.forEach(p -> classes.put(p, new JobTally()));
        this.occupancy = new Occupancy(firstBucketNs);
    }

    JobTally tally(int priority) {
        return classes.computeIfAbsent(priority, p -> new JobTally());
    }

    /** Adds a finished run's summary. */
    void add(Summary s) {
        runs++;
        requests += s.requests();
        served += s.served();
        failedRequests += s.failedTotal();
        reconfigurations += s.reconfigurations();
        preemptions += s.preemptions();
        virtualNs += s.endNs();
        profile = s.profile();
    }

    List<Report.ClassResult> classResults() {
        List<Report.ClassResult> out = new ArrayList<>();
        classes.forEach((prio, t) -> out.add(new Report.ClassResult(policy, prio, runs, t.result())));
        return out;
    }

    Report.PolicyResult result() {
        return new Report.PolicyResult(policy, runs, all.result(), requests, served, failedRequests, reconfigurations,
                preemptions, virtualNs, occupancy.utilisation(), occupancy.share(Occupancy.Kind.RECONFIGURING),
                occupancy.share(Occupancy.Kind.STOPPING));
    }
}

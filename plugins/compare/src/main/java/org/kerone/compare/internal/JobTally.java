package org.kerone.compare.internal;

import org.HdrHistogram.Histogram;
import org.kerone.compare.Report;

/**
 * Counts workload jobs by outcome and records their response times: the exact sum for the mean,
 * an HdrHistogram (3 significant digits, so within 0.1 %) for the percentiles, in bounded memory.
 */
final class JobTally {
    long arrived;
    long done;
    long deadlineJobs;
    long deadlineMisses;
    long failed;
    long unfinished;
    long software;
    private long responseSumNs;
    private final Histogram responses = new Histogram(3);

    void arrived() {
        arrived++;
    }

    /** A job completed after {@code responseNs}; {@code deadlineMet} is null when it had no deadline. */
    void done(long responseNs, Boolean deadlineMet, boolean inSoftware) {
        done++;
        responseSumNs += responseNs;
        responses.recordValue(Math.max(0, responseNs));
        if (deadlineMet != null) {
            deadlineJobs++;
            if (!deadlineMet) {
                deadlineMisses++;
            }
        }
        if (inSoftware) {
            software++;
        }
    }

    /** A job's device use failed; {@code hadDeadline}: it counts as a missed deadline. */
    void failed(boolean hadDeadline) {
        failed++;
        if (hadDeadline) {
            deadlineJobs++;
            deadlineMisses++;
        }
    }

    /** A job was still open when the run ended; {@code expired}: its deadline had passed. */
    void unfinished(boolean expired) {
        unfinished++;
        if (expired) {
            deadlineJobs++;
            deadlineMisses++;
        }
    }

    Report.Jobs result() {
        if (done == 0) {
            return new Report.Jobs(arrived, 0, Double.NaN, Double.NaN, Double.NaN, deadlineJobs, deadlineMisses, failed,
                    unfinished, software);
        }
        return new Report.Jobs(arrived, done, (double) responseSumNs / done, responses.getValueAtPercentile(95),
                responses.getValueAtPercentile(99), deadlineJobs, deadlineMisses, failed, unfinished, software);
    }
}

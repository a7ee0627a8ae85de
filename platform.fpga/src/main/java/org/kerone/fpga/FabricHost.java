package org.kerone.fpga;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a fabric needs from the CPU side it is attached to: the time base and the interrupt lines.
 * The VMM implements it; every call happens on the kernel thread.
 */
@ConsumerType
public interface FabricHost {
    /** Current virtual time in nanoseconds. */
    long nowNs();

    /** Run {@code action} on the kernel thread {@code delayNs} from now (a timed fabric activity). */
    void after(long delayNs, Runnable action);

    /**
     * As {@link #after}, and returns a token for {@link #cancel}: a fabric schedules the end of a job
     * this way, so that a job stopped early leaves nothing behind in the host's event queue.
     * The default cannot cancel: it returns -1.
     */
    default long schedule(long delayNs, Runnable action) {
        after(delayNs, action);
        return -1;
    }

    /** Drops an action {@link #schedule} returned {@code token} for, if it has not run yet; -1 is ignored. */
    default void cancel(long token) {
    }

    /** PCAP-done interrupt: the PRR now holds the device requested by {@code reqId}. */
    void reconfigured(int prr, long reqId);

    /** The reconfiguration port refused the bitstream; the PRR is as it was before. */
    void reconfigurationFailed(int prr, long reqId, String reason);

    /** PRR-stopped interrupt: the job running in {@code prr} stopped at a consistent point and its context is saved in IF {@code victimIf}. */
    void stopped(int prr, long reqId, int victimIf);

    /** Accelerator-done interrupt for the job started through IF {@code ifId}. */
    void jobDone(int ifId);

    /** The monitor found a solution for a request of its searching list; the PRR is reserved for it. */
    void solutionFound(Request request, Solution solution);

    /**
     * The fabric itself asked the job in {@code prr} to stop (the PRR is being retired): the stop
     * takes {@code tPreemptNs}; {@link #stopped} with request id -1 follows.
     */
    void stopping(int prr, int victimIf, long tPreemptNs);

    /**
     * The fabric itself dropped the connection between a PRR and an IF (the PRR was cleared, retired,
     * or its device was updated or removed): the VMM makes that IF's page read-only.
     */
    void disconnected(int prr, int ifId);

    /** The job started through IF {@code ifId} was stopped for good, without saving its context. */
    void jobAborted(int ifId, String reason);

    /** A policy's answer was refused and the built-in policy decided instead. */
    void policyRefused(String policy, Request request, String reason);
}

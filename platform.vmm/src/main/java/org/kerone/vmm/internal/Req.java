package org.kerone.vmm.internal;

import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;

/** The VMM's record of one DPR request, from its trap to its end (served or failed). */
final class Req {
    final long id;
    final Guest guest;
    final int dev;
    final int ifId;
    final long trapNs;
    final Request request;
    Solution solution;
    /** Queued in the searching list once, so its path is "deferred". */
    boolean deferred;
    /** Served by the device's software implementation on the guest's CPU. */
    boolean software;
    /** The VM got the IPC acknowledgement (the allocation did not finish in one shot). */
    boolean acked;
    long queuedAtNs = -1;
    long queueNs;
    long rcfgStartNs = -1;
    long rcfgNs;
    long preemptStartNs = -1;
    long preemptNs;
    /** PRR reserved for it and not yet connected, or -1. */
    int reservedPrr = -1;
    /** Time its critical path waited for the CPU while other work ran. */
    long cpuWaitNs;
    /**
     * Its critical path is off the CPU (a reconfiguration or a stop started, or it joined the
     * searching list): the VDM steps left in the current handler (the acknowledgement) are not on
     * it, so an interrupt taken between them does not delay it.
     */
    boolean offCpuPath;
    /** Its {@code request} trace line was written (when the VMM decoded its trap, or when it failed before that). */
    boolean announced;
    boolean ended;

    Req(long id, Guest guest, int dev, int ifId, long trapNs, long deadlineNs) {
        this.id = id;
        this.guest = guest;
        this.dev = dev;
        this.ifId = ifId;
        this.trapNs = trapNs;
        this.request = new Request(id, guest.vm, dev, guest.prio, trapNs, deadlineNs);
    }

    /** Its allocation path: assign, assign_reconfig, preempt, preempt_reconfig, deferred or software. */
    String path() {
        return Stats.PATHS.get(pathIndex());
    }

    /** Index of its {@linkplain #path() path} in {@link Stats#PATHS}. */
    int pathIndex() {
        if (software) {
            return Stats.SOFTWARE;
        }
        if (deferred) {
            return Stats.DEFERRED;
        }
        return switch (solution.kind()) {
            case ASSIGN -> solution.reconfig() ? Stats.ASSIGN_RECONFIG : Stats.ASSIGN;
            case PREEMPT -> solution.reconfig() ? Stats.PREEMPT_RECONFIG : Stats.PREEMPT;
            default -> throw new IllegalStateException("request " + id + " served by " + solution);
        };
    }
}

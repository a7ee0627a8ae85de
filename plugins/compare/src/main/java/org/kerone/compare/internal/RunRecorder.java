package org.kerone.compare.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads one run's trace events into its policy's tally: workload jobs from arrival to completion
 * or failure, and what each PRR does over time. Holds only what is open: each VM's waiting jobs and
 * each PRR's current activity.
 */
final class RunRecorder implements Consumer<TraceEvent> {
    /** A job that arrived and has not ended yet. */
    private record Open(long job, int priority, long deadlineNs) {
    }

    private final PolicyTally tally;
    private final Gantt gantt;
    private final int prrs;
    private final Map<Long, ArrayDeque<Open>> open = new HashMap<>();
    private final Map<Long, String> deviceNames = new HashMap<>();
    // per PRR: current activity (null when idle), since when, for which VM and device
    private Occupancy.Kind[] kind;
    private long[] since;
    private int[] vm;
    private String[] device;
    private long[] dev;

    RunRecorder(PolicyTally tally, int prrs, Gantt gantt) {
        this.tally = tally;
        this.prrs = prrs;
        this.gantt = gantt;
        grow(prrs);
    }

    private void grow(int n) {
        int from = kind == null ? 0 : kind.length;
        if (n <= from) {
            return;
        }
        kind = kind == null ? new Occupancy.Kind[n] : java.util.Arrays.copyOf(kind, n);
        since = since == null ? new long[n] : java.util.Arrays.copyOf(since, n);
        vm = vm == null ? new int[n] : java.util.Arrays.copyOf(vm, n);
        device = device == null ? new String[n] : java.util.Arrays.copyOf(device, n);
        dev = dev == null ? new long[n] : java.util.Arrays.copyOf(dev, n);
    }

    @Override
    public void accept(TraceEvent e) {
        switch (e.ev) {
            case "vm_start" -> {
                if (gantt != null) {
                    gantt.vmPriority.put((int) e.vm, (int) e.prio);
                }
            }
            case "job_arrival" -> {
                tally.tally((int) e.prio).arrived();
                tally.all.arrived();
                open.computeIfAbsent(e.vm, v -> new ArrayDeque<>())
                        .add(new Open(e.job, (int) e.prio, e.deadlineNs == TraceEvent.NONE ? Long.MAX_VALUE : e.deadlineNs));
            }
            case "job_done" -> {
                if (e.job != TraceEvent.NONE) {
                    jobDone(e);
                }
                if (!e.software) {
                    jobLeft(e.t, e.vm, e.dev);
                }
            }
            case "failed" -> {
                // a request still open when the run stops leaves its job unfinished, not failed
                if (e.reason == null || !e.reason.startsWith("run ended")) {
                    jobFailed(e.vm);
                }
            }
            case "job_refused" -> jobFailed(e.vm);
            case "job_aborted" -> {
                jobFailed(e.vm);
                jobLeft(e.t, e.vm, e.dev);
            }
            case "reconfig_start" -> {
                if (e.device != null) {
                    deviceNames.put(e.dev, e.device);
                }
                to(e.t, (int) e.prr, Occupancy.Kind.RECONFIGURING, -1, e.dev);
            }
            case "reconfig_done", "reconfig_failed", "preempt_done", "unload", "prr_removed" -> to(e.t, (int) e.prr, null, -1, -1);
            case "preempt_start" -> to(e.t, (int) e.prr, Occupancy.Kind.STOPPING, (int) e.vm, e.dev);
            case "job_start" -> to(e.t, (int) e.prr, Occupancy.Kind.RUNNING, (int) e.vm, e.dev);
            default -> {
                // other events carry nothing the comparison counts
            }
        }
    }

    private void jobDone(TraceEvent e) {
        ArrayDeque<Open> q = open.get(e.vm);
        if (q != null) {
            for (Iterator<Open> it = q.iterator(); it.hasNext();) {
                if (it.next().job() == e.job) {
                    it.remove();
                    break;
                }
            }
        }
        boolean software = e.software;
        tally.tally((int) e.prio).done(e.responseNs, e.deadlineMet, software);
        tally.all.done(e.responseNs, e.deadlineMet, software);
    }

    /** The VM's current job (its oldest open one: a guest runs its jobs in arrival order) failed. */
    private void jobFailed(long vmId) {
        ArrayDeque<Open> q = open.get(vmId);
        Open j = q == null ? null : q.poll();
        if (j == null) {
            return; // a VM running a program, not a workload
        }
        boolean hadDeadline = j.deadlineNs() != Long.MAX_VALUE;
        tally.tally(j.priority()).failed(hadDeadline);
        tally.all.failed(hadDeadline);
    }

    /** The job of {@code vmId} on device {@code devId} left its PRR (done or aborted). */
    private void jobLeft(long t, long vmId, long devId) {
        for (int p = 0; p < kind.length; p++) {
            if ((kind[p] == Occupancy.Kind.RUNNING || kind[p] == Occupancy.Kind.STOPPING) && vm[p] == vmId && dev[p] == devId) {
                to(t, p, null, -1, -1);
                return;
            }
        }
    }

    /** PRR {@code p} turns to {@code next} (null: idle) at {@code t}; its previous activity ends. */
    private void to(long t, int p, Occupancy.Kind next, int nextVm, long nextDev) {
        if (p < 0) {
            return;
        }
        grow(p + 1);
        close(p, t);
        kind[p] = next;
        since[p] = t;
        vm[p] = nextVm;
        dev[p] = nextDev;
        device[p] = next == null ? null : deviceNames.get(nextDev);
    }

    private void close(int p, long t) {
        if (kind[p] == null) {
            return;
        }
        tally.occupancy.busy(kind[p], since[p], t);
        if (gantt != null) {
            gantt.add(p, kind[p], vm[p], device[p], since[p], t);
        }
        kind[p] = null;
    }

    /**
     * The run ended at {@code endNs} (its last event), having run until {@code stopNs} (its horizon,
     * or its end when every program ended): open activities end at {@code endNs}; open jobs are
     * unfinished, and missed their deadline if it was before {@code stopNs}.
     */
    void finish(long endNs, long stopNs) {
        for (int p = 0; p < kind.length; p++) {
            close(p, endNs);
        }
        for (ArrayDeque<Open> q : open.values()) {
            for (Open j : q) {
                boolean expired = j.deadlineNs() <= stopNs;
                tally.tally(j.priority()).unfinished(expired);
                tally.all.unfinished(expired);
            }
        }
        open.clear();
        tally.occupancy.covered(Math.max(prrs, kind.length), endNs);
        if (gantt != null) {
            gantt.endNs = endNs;
        }
    }
}

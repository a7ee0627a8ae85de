package org.kerone.vmm.internal;

import java.util.ArrayDeque;

/**
 * The single Cortex-A9 core: non-preemptible hypervisor work first, then the Virtual Device
 * Manager's domain (above every guest), then guests by priority, round-robin within a priority
 * with a time quantum. Switching the CPU between two domains costs a VM switch.
 */
final class Cpu {
    /** Marker contexts besides guests. */
    static final Object IDLE = "idle";
    static final Object VDM = "vdm";

    /**
     * A piece of privileged work, or a message for the VDM: its cost in virtual time and what it
     * does, {@link #run}, when the cost has elapsed (a message runs when the VDM takes it and
     * queues the VDM's steps). {@code waiter} is the request whose critical path starts with it
     * (or null): the time it waits for the CPU is the request's waiting, not its management
     * overhead. The CPU lets go of an item before it runs it, so that its owner may reuse it.
     */
    abstract static class Work {
        long cost;
        Req waiter;
        /** When it was queued; -1 once a message's wait for the CPU is counted. */
        long since;

        abstract void run();
    }

    /** Work whose effect is a {@link Runnable}: for the rare paths (aborted jobs). */
    private static final class Once extends Work {
        private final Runnable effect;

        Once(Runnable effect) {
            this.effect = effect;
        }

        @Override
        void run() {
            effect.run();
        }
    }

    private final Kernel kernel;
    private long switchNs;
    long quantumNs;
    private final ArrayDeque<Work> hyp = new ArrayDeque<>();
    private final ArrayDeque<Work> vdmSteps = new ArrayDeque<>();
    private final ArrayDeque<Work> mailbox = new ArrayDeque<>();
    /** Request whose VDM handler is in progress, or null. */
    private Req vdmCurrent;
    private boolean inHandler;
    /** Guests the current VDM handler resumed: they start waiting when the handler ends. */
    private final java.util.List<Guest> resumedByHandler = new java.util.ArrayList<>();
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Guest>[] ready = new ArrayDeque[org.kerone.vmm.VmSpec.MAX_PRIORITY + 1];
    /** Priorities with a ready guest, as bits of 64, and the highest of them (-1 when none). */
    private final long[] readyPrios = new long[(org.kerone.vmm.VmSpec.MAX_PRIORITY >> 6) + 1];
    private int topReady = -1;
    private Object context = IDLE;
    private boolean busy;
    private boolean dispatching;
    private Guest running;
    private long sliceStart;
    /** Length of the running guest's slice and the token of its end event. */
    private long sliceNs;
    private long sliceEnd = Kernel.NONE;
    /** While busy: the work being executed, or the domain being switched to. */
    private Work executing;
    private Object switchTarget;
    // the CPU's own kernel events, registered once: at most one of each is pending at a time
    private final int workDone;
    private final int switchDone;
    private final int sliceDone;
    long switches;

    Cpu(Kernel kernel, long switchNs, long quantumNs) {
        this.kernel = kernel;
        this.switchNs = switchNs;
        this.quantumNs = quantumNs;
        this.workDone = kernel.recurring(this::workDone);
        this.switchDone = kernel.recurring(this::switchDone);
        this.sliceDone = kernel.recurring(this::sliceDone);
    }

    Object context() {
        return context;
    }

    /** Hypervisor work (trap handling, interrupt delivery): runs before anything else, never preempted. */
    void hyp(long cost, Runnable effect) {
        hyp(new Once(effect), cost, null);
    }

    /** Hypervisor work that starts the critical path of {@code waiter} (a trap, an interrupt for it), or of none. */
    void hyp(Work w, long cost, Req waiter) {
        w.cost = cost;
        w.waiter = waiter;
        w.since = kernel.now();
        hyp.add(w);
        kick();
    }

    /** A message for the VDM domain: it {@linkplain Work#run runs} when the VDM takes it and queues the VDM's steps. */
    void post(Work message, Req waiter) {
        message.cost = 0;
        message.waiter = waiter;
        message.since = kernel.now();
        mailbox.add(message);
        kick();
    }

    /** A step of the VDM's current handler. Only called from VDM handlers and steps. */
    void vdm(Work step, long cost) {
        step.cost = cost;
        step.waiter = null;
        step.since = 0;
        vdmSteps.add(step);
    }

    boolean vdmIdle() {
        return vdmSteps.isEmpty() && mailbox.isEmpty();
    }

    /** The guest may run again; it goes behind the others of its priority. */
    void ready(Guest g) {
        if (g.removed()) {
            return;
        }
        enqueue(g, false);
        kick();
    }

    private void enqueue(Guest g, boolean front) {
        ArrayDeque<Guest> q = ready[g.prio];
        if (q == null) {
            q = new ArrayDeque<>();
            ready[g.prio] = q;
        }
        if (front) {
            q.addFirst(g);
        } else {
            q.addLast(g);
        }
        readyPrios[g.prio >> 6] |= 1L << g.prio;
        if (g.prio > topReady) {
            topReady = g.prio;
        }
    }

    private Guest highestReady() {
        return topReady < 0 ? null : ready[topReady].peekFirst();
    }

    private void removeReady(Guest g) {
        ArrayDeque<Guest> q = ready[g.prio];
        q.pollFirst();
        if (q.isEmpty()) {
            noneReadyAt(g.prio);
        }
    }

    /** The ready queue of priority {@code prio} became empty. */
    private void noneReadyAt(int prio) {
        readyPrios[prio >> 6] &= ~(1L << prio);
        if (prio == topReady) {
            topReady = -1;
            for (int w = prio >> 6; w >= 0; w--) {
                if (readyPrios[w] != 0) {
                    topReady = (w << 6) + 63 - Long.numberOfLeadingZeros(readyPrios[w]);
                    break;
                }
            }
        }
    }

    /** Takes a removed guest off the CPU and out of the ready queues. */
    void remove(Guest g) {
        if (running == g) {
            stopSlice();
        }
        ArrayDeque<Guest> q = ready[g.prio];
        if (q != null) {
            q.removeIf(x -> x == g);
            if (q.isEmpty()) {
                noneReadyAt(g.prio);
            }
        }
        resumedByHandler.remove(g);
        if (context == g) {
            context = IDLE;
        }
        dispatch();
    }

    /** Sets the round-robin quantum for slices started from now on. */
    void quantum(long ns) {
        quantumNs = ns;
    }

    /** Sets the cost of a domain switch from now on. */
    void switchCost(long ns) {
        switchNs = ns;
    }

    /** Starts guest {@code g} computing for {@code ns} (at most its quantum's rest); it is running until then. */
    void compute(Guest g, long ns) {
        kernel.cancel(sliceEnd);
        running = g;
        sliceStart = kernel.now();
        sliceNs = ns;
        sliceEnd = kernel.afterRecurring(sliceDone, ns);
    }

    /** The running guest's slice ended: it computed {@code sliceNs}. */
    private void sliceDone() {
        sliceEnd = Kernel.NONE;
        Guest g = running;
        running = null;
        g.ran(sliceNs);
        if (g.quantumLeft <= 0 && g.computing()) {
            // quantum used up with work left: behind the others of its priority
            g.quantumLeft = quantumNs;
            enqueue(g, false);
        } else {
            if (g.quantumLeft <= 0) {
                g.quantumLeft = quantumNs;
            }
            enqueue(g, true);
        }
        dispatch();
    }

    /** Takes the running guest off the CPU before its slice ends: the slice's end is cancelled. */
    private void stopSlice() {
        running = null;
        kernel.cancel(sliceEnd);
        sliceEnd = Kernel.NONE;
    }

    /** Makes the running guest yield the CPU if something more important is pending. */
    private void kick() {
        if (running != null) {
            Guest top = highestReady();
            if (!hyp.isEmpty() || !vdmIdle() || (top != null && top.prio > running.prio)) {
                Guest g = running;
                stopSlice();
                g.ran(kernel.now() - sliceStart);
                if (g.quantumLeft <= 0) {
                    g.quantumLeft = quantumNs;
                    enqueue(g, false);
                } else {
                    enqueue(g, true);
                }
            }
        }
        dispatch();
    }

    /** True while a VDM handler runs its steps. */
    boolean inVdmHandler() {
        return inHandler;
    }

    /** A guest the current VDM handler resumed; its wait for the CPU starts when the handler ends. */
    void resumedByHandler(Guest g) {
        resumedByHandler.add(g);
    }

    private void endHandler() {
        inHandler = false;
        vdmCurrent = null;
        for (int i = 0; i < resumedByHandler.size(); i++) {
            resumedByHandler.get(i).resumeWaitFrom(kernel.now());
        }
        resumedByHandler.clear();
    }

    private void exec(Work w) {
        if (w.waiter != null) {
            w.waiter.cpuWaitNs += kernel.now() - w.since;
        }
        busy = true;
        executing = w;
        kernel.afterRecurring(workDone, w.cost);
    }

    /** The work {@link #exec} started is done: its effect runs, then whatever is next. */
    private void workDone() {
        Work w = executing;
        executing = null;
        busy = false;
        boolean was = dispatching;
        dispatching = true;
        try {
            w.run();
        } finally {
            dispatching = was;
            dispatch();
        }
    }

    private void switchTo(Object target) {
        if (context instanceof Guest c && c != target) {
            c.passedOver();
        }
        busy = true;
        switches++;
        switchTarget = target;
        kernel.afterRecurring(switchDone, switchNs);
    }

    private void switchDone() {
        busy = false;
        context = switchTarget;
        switchTarget = null;
        dispatch();
    }

    /** Gives the CPU to whatever should run now. */
    void dispatch() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            while (!busy && running == null) {
                if (inHandler && vdmSteps.isEmpty()) {
                    // before any interrupt: the guests the handler resumed wait for the CPU from now on
                    endHandler();
                }
                Work w = hyp.poll();
                if (w != null) {
                    if (!vdmSteps.isEmpty() && vdmCurrent != null && !vdmCurrent.offCpuPath) {
                        // an interrupt taken in the middle of a VDM handler delays that request
                        // (unless what is left of the handler is off its critical path)
                        vdmCurrent.cpuWaitNs += w.cost;
                    } else if (vdmSteps.isEmpty() && !mailbox.isEmpty() && mailbox.peek().since < 0 && mailbox.peek().waiter != null) {
                        // the CPU was switched to the VDM for this message, whose handler has not started yet
                        mailbox.peek().waiter.cpuWaitNs += w.cost;
                    }
                    if (context instanceof Guest c) {
                        c.interrupted(kernel.now());
                    }
                    exec(w);
                    return;
                }
                if (!vdmIdle()) {
                    if (vdmSteps.isEmpty()) {
                        Work m = mailbox.peek();
                        if (m.waiter != null && m.since >= 0) {
                            m.waiter.cpuWaitNs += kernel.now() - m.since;
                            m.since = -1;
                        }
                    }
                    if (context != VDM) {
                        switchTo(VDM);
                        return;
                    }
                    if (vdmSteps.isEmpty()) {
                        Work m = mailbox.poll();
                        vdmCurrent = m.waiter;
                        if (vdmCurrent != null) {
                            vdmCurrent.offCpuPath = false;
                        }
                        inHandler = true;
                        m.run();
                        continue;
                    }
                    exec(vdmSteps.poll());
                    return;
                }
                Guest g = highestReady();
                if (g != null) {
                    g.dispatched(kernel.now());
                }
                if (context == VDM) {
                    switchTo(g == null ? IDLE : g);
                    return;
                }
                if (g == null) {
                    return;
                }
                if (context != g) {
                    switchTo(g);
                    return;
                }
                removeReady(g);
                g.run();
            }
        } finally {
            dispatching = false;
        }
    }
}

package org.kerone.vmm.internal;

import org.kerone.fpga.Fabric;
import org.kerone.fpga.PrrState;
import org.kerone.fpga.Solution;

/**
 * The Virtual Device Manager: a service in its own domain, scheduled above every guest, that turns
 * requests into allocations. Each handler queues the steps the paper lists, each step costing the
 * primitives it executes: (1) disconnect the PRR from the IF that had it and make that VM's page
 * read-only, (2) connect it to the requester and make its page read-write, (3) resume the requester;
 * for Reconfig and Preempt it starts the action, acknowledges the VM by IPC and finishes on the
 * monitor's interrupt; for Unavailable it acknowledges and waits for the pushed solution.
 *
 * <p>A request may end while its steps are queued (its VM or its device was removed): its
 * remaining steps then do nothing, and a PRR still reserved for it is released.
 *
 * <p>Messages and steps are {@link Item}s, each naming its {@link Action} and what it acts on;
 * items are reused once they ran, so that a request allocates nothing here.
 */
final class Vdm {
    /** What an item does: handle a message (when the VDM takes it) or run a step (when its cost has elapsed). */
    enum Action {
        // messages: each queues the steps of its handler
        /** A new request, posted by the VMM after its trap. */
        REQUEST,
        /** The monitor pushed a solution for a request of its searching list. */
        PUSHED,
        /** PCAP-done interrupt. */
        RECONFIGURED,
        /** PRR-stopped interrupt. */
        STOPPED,
        /** A request to end as failed, from outside the VDM's flow. */
        FAIL,
        // steps
        /** VDM_REQUEST: decode the request; refuse it when its device cannot be served at all. */
        CHECK,
        /** MONITOR: ask the PRR monitor for a solution. */
        DECIDE,
        /** VDM_COMPLETE after a pushed solution: run it. */
        COMPLETE_PUSHED,
        /** VDM_COMPLETE after PCAP done: connect and resume. */
        COMPLETE_RECONFIGURED,
        /** VDM_COMPLETE or VDM_CHAIN: the cost of the handler only. */
        COMPLETE,
        /** Step (1): the PRR leaves the IF that had it. */
        DISCONNECT,
        /** Step (2) then (3) in one: connect and resume the requester (not acknowledged yet). */
        CONNECT_AND_RESUME,
        /** Step (2) for a requester that got an acknowledgement: connect only. */
        CONNECT,
        /** Step (3) by IPC: "ready", the requester resumes. */
        READY,
        /** IPC: "ack", the allocation goes on without the requester. */
        ACK,
        /** IPC: "software", the requester runs the device's software implementation. */
        SOFTWARE,
        /** PCAP_START: the reconfiguration starts. */
        START_RECONFIGURATION,
        /** PAGE_TABLE + MONITOR: the victim's page becomes read-only and its job is asked to stop. */
        START_PREEMPTION,
        /** IPC: "preempted" to a victim whose job was suspended (not guarded by a request). */
        PREEMPTED,
        /** IPC: "error" to the VM of a failed request (not guarded: the request has ended). */
        ERROR
    }

    /** A message or a step, with what it acts on. */
    final class Item extends Cpu.Work {
        Action action;
        Req r;
        int prr;
        int victimIf;
        Solution solution;
        Guest guest;
        String reason;
        private Item nextFree;

        @Override
        void run() {
            Action a = action;
            Req req = r;
            int p = prr;
            int v = victimIf;
            Solution s = solution;
            Guest g = guest;
            String why = reason;
            recycle(this);
            perform(a, req, p, v, s, g, why);
        }
    }

    private final Machine m;
    private final Cpu cpu;
    private final Fabric fabric;
    private Item free;

    Vdm(Machine machine) {
        this.m = machine;
        this.cpu = machine.cpu;
        this.fabric = machine.fabric;
    }

    private Item item(Action action, Req r) {
        Item i = free;
        if (i == null) {
            i = new Item();
        } else {
            free = i.nextFree;
            i.nextFree = null;
        }
        i.action = action;
        i.r = r;
        i.prr = -1;
        i.victimIf = -1;
        return i;
    }

    private void recycle(Item i) {
        i.r = null;
        i.solution = null;
        i.guest = null;
        i.reason = null;
        i.nextFree = free;
        free = i;
    }

    // --- messages, posted by the VMM -------------------------------------------------------------------

    /** A new request, after its trap: the VDM takes it when it gets the CPU. */
    Cpu.Work request(Req r) {
        return item(Action.REQUEST, r);
    }

    /** The PCAP-done interrupt for {@code r}'s reconfiguration of {@code prr}. */
    Cpu.Work reconfigured(Req r, int prr) {
        Item i = item(Action.RECONFIGURED, r);
        i.prr = prr;
        return i;
    }

    /** The PRR-stopped interrupt; {@code r} is null when no request caused the stop. */
    Cpu.Work stopped(Req r, int prr, int victimIf) {
        Item i = item(Action.STOPPED, r);
        i.prr = prr;
        i.victimIf = victimIf;
        return i;
    }

    /** The monitor pushed {@code s} for {@code r}. */
    Cpu.Work pushed(Req r, Solution s) {
        Item i = item(Action.PUSHED, r);
        i.solution = s;
        return i;
    }

    /** {@code r} is to end as failed for {@code reason}. */
    Cpu.Work failure(Req r, String reason) {
        Item i = item(Action.FAIL, r);
        i.reason = reason;
        return i;
    }

    // --- steps ------------------------------------------------------------------------------------------

    private Item step(Req r, Primitive p, Action action) {
        Item i = item(action, r);
        cpu.vdm(i, m.costs.cost(p));
        return i;
    }

    private Item step(Req r, Primitive p, Primitive q, Action action) {
        Item i = item(action, r);
        cpu.vdm(i, m.costs.cost(p) + m.costs.cost(q));
        return i;
    }

    /** Runs a message's handler or a step. A step of a request that ended does nothing but release its PRR. */
    private void perform(Action action, Req r, int prr, int victimIf, Solution s, Guest guest, String reason) {
        switch (action) {
            case REQUEST -> onRequest(r);
            case PUSHED -> onPushed(r, s);
            case RECONFIGURED -> onReconfigured(r, prr);
            case STOPPED -> onStopped(r, prr, victimIf);
            case FAIL -> fail(r, reason);
            case PREEMPTED -> {
                if (!guest.removed()) {
                    m.traceIpc(guest, "preempted", -1);
                    guest.preempted();
                }
            }
            case ERROR -> {
                if (!r.guest.removed()) {
                    m.traceIpc(r.guest, "error", r.id);
                    r.guest.failed(r);
                }
            }
            default -> {
                if (r == null || !r.ended) {
                    guarded(action, r, prr, s);
                } else {
                    release(r);
                }
            }
        }
    }

    /** The steps that act for a request that has not ended. */
    private void guarded(Action action, Req r, int prr, Solution s) {
        switch (action) {
            case CHECK -> {
                String refusal = m.refusal(r.dev);
                if (refusal != null) {
                    fail(r, refusal);
                    return;
                }
                step(r, Primitive.MONITOR, Action.DECIDE);
            }
            case DECIDE -> decide(r);
            case COMPLETE_PUSHED -> {
                if (s.kind() == Solution.Kind.SOFTWARE) {
                    software(r);
                } else {
                    apply(r, s);
                }
            }
            case COMPLETE_RECONFIGURED -> connectAndResume(r, prr);
            case COMPLETE -> {
            }
            case DISCONNECT -> m.disconnect(prr, r);
            case CONNECT_AND_RESUME -> {
                connect(r, prr);
                r.guest.resume(r);
            }
            case CONNECT -> connect(r, prr);
            case READY -> {
                m.traceIpc(r.guest, "ready", r.id);
                r.guest.resume(r);
            }
            case ACK -> {
                r.acked = true;
                m.traceIpc(r.guest, "ack", r.id);
            }
            case SOFTWARE -> {
                m.traceIpc(r.guest, "software", r.id);
                r.guest.resume(r);
            }
            case START_RECONFIGURATION -> {
                m.startReconfiguration(prr, r);
                r.offCpuPath = true;
            }
            case START_PREEMPTION -> {
                if (fabric.state(prr) != PrrState.BUSY) {
                    // the victim's job ended since the monitor answered: the PRR is simply free now
                    Solution assign = Solution.assign(prr, s.reconfig());
                    r.solution = assign;
                    apply(r, assign);
                    return;
                }
                m.startPreemption(prr, r);
                r.offCpuPath = true;
                ack(r);
            }
            default -> throw new IllegalStateException("not a step: " + action);
        }
    }

    /** A request that ended early gives back the PRR reserved for it, unless an action in flight will. */
    private void release(Req r) {
        int prr = r.reservedPrr;
        if (prr < 0) {
            return;
        }
        r.reservedPrr = -1;
        PrrState state = fabric.state(prr);
        if (state != PrrState.RECONFIGURING && state != PrrState.STOPPING && fabric.prr(prr).reserved()) {
            fabric.unreserve(prr);
        }
    }

    /** A new request posted by the VMM after a trap. */
    void onRequest(Req r) {
        step(r, Primitive.VDM_REQUEST, Action.CHECK);
    }

    /** The monitor's answer to a new request. */
    private void decide(Req r) {
        Solution s = fabric.request(r.request);
        r.solution = s;
        m.traceSolution(r, s);
        if (s.kind() == Solution.Kind.SOFTWARE) {
            software(r);
            return;
        }
        if (!s.available()) {
            r.deferred = true;
            r.queuedAtNs = m.now();
            r.offCpuPath = true;
            m.traceQueued(r);
            ack(r);
            return;
        }
        r.reservedPrr = s.prr();
        apply(r, s);
    }

    /** The monitor pushed a solution for a request of its searching list. */
    void onPushed(Req r, Solution s) {
        r.solution = s;
        if (s.available()) {
            r.reservedPrr = s.prr();
        }
        step(r, Primitive.VDM_COMPLETE, Action.COMPLETE_PUSHED).solution = s;
    }

    /** The policy chose the device's software implementation: the guest runs the job on its own CPU time. */
    private void software(Req r) {
        r.software = true;
        step(r, Primitive.IPC, Action.SOFTWARE);
    }

    /** PCAP-done interrupt. */
    void onReconfigured(Req r, int prr) {
        step(r, Primitive.VDM_COMPLETE, Action.COMPLETE_RECONFIGURED).prr = prr;
    }

    /** PRR-stopped interrupt: the victim's context is saved. {@code r} is null when no request caused the stop. */
    void onStopped(Req r, int prr, int victimIf) {
        boolean suspended = victimIf >= 0 && fabric.hasSuspendedJob(victimIf);
        Guest victim = victimIf >= 0 ? m.guestOfIf(victimIf) : null;
        if (r == null) {
            step(null, Primitive.VDM_COMPLETE, Action.COMPLETE);
            notifyPreempted(victim, suspended);
            return;
        }
        if (r.solution.reconfig()) {
            step(r, Primitive.VDM_CHAIN, Action.COMPLETE);
            notifyPreempted(victim, suspended);
            startReconfiguration(r, r.solution.prr());
        } else {
            step(r, Primitive.VDM_COMPLETE, Action.COMPLETE);
            connectAndResume(r, prr);
            notifyPreempted(victim, suspended);
        }
    }

    private void notifyPreempted(Guest victim, boolean suspended) {
        if (victim != null && suspended) {
            step(null, Primitive.IPC, Action.PREEMPTED).guest = victim;
        }
    }

    private void apply(Req r, Solution s) {
        int prr = s.prr();
        if (s.kind() == Solution.Kind.ASSIGN) {
            int old = fabric.connectedInterface(prr);
            if (old >= 0) {
                step(r, Primitive.PAGE_TABLE, Action.DISCONNECT).prr = prr;
            }
            if (s.reconfig()) {
                startReconfiguration(r, prr);
                ack(r);
            } else {
                connectAndResume(r, prr);
            }
        } else {
            Item i = step(r, Primitive.PAGE_TABLE, Primitive.MONITOR, Action.START_PREEMPTION);
            i.prr = prr;
            i.solution = s;
        }
    }

    private void startReconfiguration(Req r, int prr) {
        step(r, Primitive.PCAP_START, Action.START_RECONFIGURATION).prr = prr;
    }

    private void connectAndResume(Req r, int prr) {
        if (r.acked) {
            step(r, Primitive.MONITOR, Primitive.PAGE_TABLE, Action.CONNECT).prr = prr;
            step(r, Primitive.IPC, Action.READY);
        } else {
            step(r, Primitive.MONITOR, Primitive.PAGE_TABLE, Action.CONNECT_AND_RESUME).prr = prr;
        }
    }

    private void connect(Req r, int prr) {
        m.connect(prr, r);
        r.reservedPrr = -1;
    }

    private void ack(Req r) {
        if (!r.acked) {
            step(r, Primitive.IPC, Action.ACK);
        }
    }

    /** Ends the request as failed and tells its VM by an IPC error. */
    void fail(Req r, String reason) {
        if (!r.ended) {
            m.failed(r, reason);
        }
        release(r);
        step(r, Primitive.IPC, Action.ERROR);
    }
}

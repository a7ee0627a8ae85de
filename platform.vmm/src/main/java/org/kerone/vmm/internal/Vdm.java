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
 */
final class Vdm {
    private final Machine m;
    private final Cpu cpu;
    private final Fabric fabric;

    Vdm(Machine machine) {
        this.m = machine;
        this.cpu = machine.cpu;
        this.fabric = machine.fabric;
    }

    private void step(Req r, Primitive p, Runnable effect) {
        cpu.vdm(m.costs.cost(p), guarded(r, effect));
    }

    private void step(Req r, Primitive p, Primitive q, Runnable effect) {
        cpu.vdm(m.costs.cost(p) + m.costs.cost(q), guarded(r, effect));
    }

    private Runnable guarded(Req r, Runnable effect) {
        return () -> {
            if (r == null || !r.ended) {
                effect.run();
            } else {
                release(r);
            }
        };
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
        step(r, Primitive.VDM_REQUEST, () -> {
            String refusal = m.refusal(r.dev);
            if (refusal != null) {
                fail(r, refusal);
                return;
            }
            step(r, Primitive.MONITOR, () -> {
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
                    m.traceQueued(r);
                    ack(r);
                    return;
                }
                r.reservedPrr = s.prr();
                apply(r, s);
            });
        });
    }

    /** The monitor pushed a solution for a request of its searching list. */
    void onPushed(Req r, Solution s) {
        r.solution = s;
        if (s.available()) {
            r.reservedPrr = s.prr();
        }
        step(r, Primitive.VDM_COMPLETE, () -> {
            if (s.kind() == Solution.Kind.SOFTWARE) {
                software(r);
            } else {
                apply(r, s);
            }
        });
    }

    /** The policy chose the device's software implementation: the guest runs the job on its own CPU time. */
    private void software(Req r) {
        r.software = true;
        step(r, Primitive.IPC, () -> {
            m.traceIpc(r.guest, "software", r.id);
            r.guest.resume(r);
        });
    }

    /** PCAP-done interrupt. */
    void onReconfigured(Req r, int prr) {
        step(r, Primitive.VDM_COMPLETE, () -> connectAndResume(r, prr));
    }

    /** PRR-stopped interrupt: the victim's context is saved. {@code r} is null when no request caused the stop. */
    void onStopped(Req r, int prr, int victimIf) {
        boolean suspended = victimIf >= 0 && fabric.hasSuspendedJob(victimIf);
        Guest victim = victimIf >= 0 ? m.guestOf(fabric.interfaceVm(victimIf)) : null;
        if (r == null) {
            step(null, Primitive.VDM_COMPLETE, () -> { });
            notifyPreempted(victim, suspended);
            return;
        }
        if (r.solution.reconfig()) {
            step(r, Primitive.VDM_CHAIN, () -> { });
            notifyPreempted(victim, suspended);
            startReconfiguration(r, r.solution.prr());
        } else {
            step(r, Primitive.VDM_COMPLETE, () -> { });
            connectAndResume(r, prr);
            notifyPreempted(victim, suspended);
        }
    }

    private void notifyPreempted(Guest victim, boolean suspended) {
        if (victim != null && suspended) {
            step(null, Primitive.IPC, () -> {
                if (!victim.removed()) {
                    m.traceIpc(victim, "preempted", -1);
                    victim.preempted();
                }
            });
        }
    }

    private void apply(Req r, Solution s) {
        int prr = s.prr();
        if (s.kind() == Solution.Kind.ASSIGN) {
            int old = fabric.connectedInterface(prr);
            if (old >= 0) {
                step(r, Primitive.PAGE_TABLE, () -> m.disconnect(prr, r));
            }
            if (s.reconfig()) {
                startReconfiguration(r, prr);
                ack(r);
            } else {
                connectAndResume(r, prr);
            }
        } else {
            step(r, Primitive.PAGE_TABLE, Primitive.MONITOR, () -> {
                if (fabric.state(prr) != PrrState.BUSY) {
                    // the victim's job ended since the monitor answered: the PRR is simply free now
                    Solution assign = Solution.assign(prr, s.reconfig());
                    r.solution = assign;
                    apply(r, assign);
                    return;
                }
                m.startPreemption(prr, r);
                ack(r);
            });
        }
    }

    private void startReconfiguration(Req r, int prr) {
        step(r, Primitive.PCAP_START, () -> m.startReconfiguration(prr, r));
    }

    private void connectAndResume(Req r, int prr) {
        if (r.acked) {
            step(r, Primitive.MONITOR, Primitive.PAGE_TABLE, () -> connect(r, prr));
            step(r, Primitive.IPC, () -> {
                m.traceIpc(r.guest, "ready", r.id);
                r.guest.resume(r);
            });
        } else {
            step(r, Primitive.MONITOR, Primitive.PAGE_TABLE, () -> {
                connect(r, prr);
                r.guest.resume(r);
            });
        }
    }

    private void connect(Req r, int prr) {
        m.connect(prr, r);
        r.reservedPrr = -1;
    }

    private void ack(Req r) {
        if (!r.acked) {
            step(r, Primitive.IPC, () -> {
                r.acked = true;
                m.traceIpc(r.guest, "ack", r.id);
            });
        }
    }

    /** Ends the request as failed and tells its VM by an IPC error. */
    void fail(Req r, String reason) {
        if (!r.ended) {
            m.failed(r, reason);
        }
        release(r);
        step(null, Primitive.IPC, () -> {
            if (!r.guest.removed()) {
                m.traceIpc(r.guest, "error", r.id);
                r.guest.failed();
            }
        });
    }
}

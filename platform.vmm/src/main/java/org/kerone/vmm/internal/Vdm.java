package org.kerone.vmm.internal;

import org.kerone.fpga.Fabric;
import org.kerone.fpga.Solution;

/**
 * The Virtual Device Manager: a service in its own domain, scheduled above every guest, that turns
 * requests into allocations. Each handler queues the steps the paper lists, each step costing the
 * primitives it executes: (1) disconnect the PRR from the IF that had it and make that VM's page
 * read-only, (2) connect it to the requester and make its page read-write, (3) resume the requester;
 * for Reconfig and Preempt it starts the action, acknowledges the VM by IPC and finishes on the
 * monitor's interrupt; for Unavailable it acknowledges and waits for the pushed solution.
 */
final class Vdm {
    private final Machine m;
    private final Cpu cpu;
    private final Fabric fabric;
    private final CostProfile costs;

    Vdm(Machine machine) {
        this.m = machine;
        this.cpu = machine.cpu;
        this.fabric = machine.fabric;
        this.costs = machine.costs;
    }

    private void step(Primitive p, Runnable effect) {
        cpu.vdm(costs.cost(p), effect);
    }

    private void step(Primitive p, Primitive q, Runnable effect) {
        cpu.vdm(costs.cost(p) + costs.cost(q), effect);
    }

    /** A new request posted by the VMM after a trap. */
    void onRequest(Req r) {
        step(Primitive.VDM_REQUEST, () -> {
            String refusal = m.refusal(r.dev);
            if (refusal != null) {
                fail(r, refusal);
                return;
            }
            step(Primitive.MONITOR, () -> {
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
                apply(r, s);
            });
        });
    }

    /** The monitor pushed a solution for a request of its searching list. */
    void onPushed(Req r, Solution s) {
        r.solution = s;
        if (s.kind() == Solution.Kind.SOFTWARE) {
            step(Primitive.VDM_COMPLETE, () -> software(r));
        } else {
            step(Primitive.VDM_COMPLETE, () -> apply(r, s));
        }
    }

    /** The policy chose the device's software implementation: the guest runs the job on its own CPU time. */
    private void software(Req r) {
        r.software = true;
        step(Primitive.IPC, () -> {
            m.traceIpc(r.guest, "software", r.id);
            r.guest.resume(r);
        });
    }

    /** PCAP-done interrupt. */
    void onReconfigured(Req r, int prr) {
        step(Primitive.VDM_COMPLETE, () -> connectAndResume(r, prr));
    }

    /** PRR-stopped interrupt: the victim's context is saved. {@code r} is null when no request caused the stop. */
    void onStopped(Req r, int prr, int victimIf) {
        boolean suspended = victimIf >= 0 && fabric.hasSuspendedJob(victimIf);
        Guest victim = victimIf >= 0 ? m.guestOf(fabric.interfaceVm(victimIf)) : null;
        if (r == null) {
            step(Primitive.VDM_COMPLETE, () -> { });
            notifyPreempted(victim, suspended);
            return;
        }
        if (r.solution.reconfig()) {
            step(Primitive.VDM_CHAIN, () -> { });
            notifyPreempted(victim, suspended);
            startReconfiguration(r, r.solution.prr());
        } else {
            step(Primitive.VDM_COMPLETE, () -> { });
            connectAndResume(r, prr);
            notifyPreempted(victim, suspended);
        }
    }

    private void notifyPreempted(Guest victim, boolean suspended) {
        if (victim != null && suspended) {
            step(Primitive.IPC, () -> {
                m.traceIpc(victim, "preempted", -1);
                victim.preempted();
            });
        }
    }

    private void apply(Req r, Solution s) {
        int prr = s.prr();
        if (s.kind() == Solution.Kind.ASSIGN) {
            int old = fabric.connectedInterface(prr);
            if (old >= 0) {
                step(Primitive.PAGE_TABLE, () -> m.disconnect(prr, r));
            }
            if (s.reconfig()) {
                startReconfiguration(r, prr);
                ack(r);
            } else {
                connectAndResume(r, prr);
            }
        } else {
            step(Primitive.PAGE_TABLE, Primitive.MONITOR, () -> m.startPreemption(prr, r));
            ack(r);
        }
    }

    private void startReconfiguration(Req r, int prr) {
        step(Primitive.PCAP_START, () -> m.startReconfiguration(prr, r));
    }

    private void connectAndResume(Req r, int prr) {
        if (r.acked) {
            step(Primitive.MONITOR, Primitive.PAGE_TABLE, () -> m.connect(prr, r));
            step(Primitive.IPC, () -> {
                m.traceIpc(r.guest, "ready", r.id);
                r.guest.resume(r);
            });
        } else {
            step(Primitive.MONITOR, Primitive.PAGE_TABLE, () -> {
                m.connect(prr, r);
                r.guest.resume(r);
            });
        }
    }

    private void ack(Req r) {
        if (!r.acked) {
            step(Primitive.IPC, () -> {
                r.acked = true;
                m.traceIpc(r.guest, "ack", r.id);
            });
        }
    }

    private void fail(Req r, String reason) {
        m.failed(r, reason);
        step(Primitive.IPC, () -> {
            m.traceIpc(r.guest, "error", r.id);
            r.guest.failed();
        });
    }
}

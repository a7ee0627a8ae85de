package org.kerone.fpga.policy;

import org.kerone.fpga.PrrState;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;

/**
 * Building blocks policies share: finding an allocatable PRR and a preemption victim. Pure functions
 * of the view; ties are broken by PRR index so that decisions are deterministic.
 */
public final class Choices {
    private Choices() {
    }

    /**
     * The paper's direct allocation: an idle PRR already holding the device (no reconfiguration),
     * else an empty PRR, else the idle PRR holding another device that changed least recently.
     * A PRR in HOLD for a VM of strictly lower priority counts as idle. Reserved PRRs are never
     * chosen. Returns null when none is allocatable.
     */
    public static Solution idleFirst(Request request, FabricView fabric) {
        return direct(request, fabric, true);
    }

    /**
     * {@link #idleFirst} without taking PRRs in HOLD from anyone: for policies that do not order by
     * priority (first come first served, earliest deadline), where a later request must not take a
     * PRR the monitor has just given to an earlier one. Returns null when none is free.
     */
    public static Solution free(Request request, FabricView fabric) {
        return direct(request, fabric, false);
    }

    private static Solution direct(Request request, FabricView fabric, boolean takeLowerHold) {
        int holding = -1;
        int empty = -1;
        int other = -1;
        long otherAge = Long.MAX_VALUE;
        long holdingAge = Long.MAX_VALUE;
        for (int p : fabric.compatiblePrrs(request.dev())) {
            PrrView prr = fabric.prr(p);
            if (prr.reserved()) {
                continue;
            }
            PrrState state = prr.state();
            if (takeLowerHold && state == PrrState.HOLD && prr.jobPrio() < request.prio()) {
                state = PrrState.IDLE;
            }
            if (state == PrrState.IDLE && prr.device() == request.dev()) {
                if (prr.lastChangeNs() < holdingAge) {
                    holding = p;
                    holdingAge = prr.lastChangeNs();
                }
            } else if (state == PrrState.EMPTY) {
                if (empty < 0) {
                    empty = p;
                }
            } else if (state == PrrState.IDLE && prr.lastChangeNs() < otherAge) {
                other = p;
                otherAge = prr.lastChangeNs();
            }
        }
        if (holding >= 0) {
            return Solution.assign(holding, false);
        }
        if (empty >= 0) {
            return Solution.assign(empty, true);
        }
        if (other >= 0) {
            return Solution.assign(other, true);
        }
        return null;
    }

    /**
     * A busy PRR whose job belongs to a VM of strictly lower priority than the request: one
     * holding the device first (no reconfiguration), then the lowest job priority, then the lowest
     * index. Returns null when there is none.
     */
    public static Solution lowerPriorityVictim(Request request, FabricView fabric) {
        int best = -1;
        boolean bestHolds = false;
        int bestPrio = Integer.MAX_VALUE;
        for (int p : fabric.compatiblePrrs(request.dev())) {
            PrrView prr = fabric.prr(p);
            if (prr.reserved() || prr.state() != PrrState.BUSY || prr.jobPrio() >= request.prio()) {
                continue;
            }
            boolean holds = prr.device() == request.dev();
            if (best < 0 || (holds && !bestHolds) || (holds == bestHolds && prr.jobPrio() < bestPrio)) {
                best = p;
                bestHolds = holds;
                bestPrio = prr.jobPrio();
            }
        }
        return best < 0 ? null : Solution.preempt(best, !bestHolds);
    }
}

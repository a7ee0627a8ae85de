package org.kerone.fpga.policy;

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
        int dev = request.dev();
        int holdBelow = takeLowerHold ? request.prio() : Integer.MIN_VALUE;
        int holding = fabric.oldestIdle(dev, true, holdBelow);
        if (holding >= 0) {
            return Solution.assign(holding, false);
        }
        int empty = fabric.firstEmpty(dev);
        if (empty >= 0) {
            return Solution.assign(empty, true);
        }
        int other = fabric.oldestIdle(dev, false, holdBelow);
        return other >= 0 ? Solution.assign(other, true) : null;
    }

    /**
     * A busy PRR whose job belongs to a VM of strictly lower priority than the request: one
     * holding the device first (no reconfiguration), then the lowest job priority, then the lowest
     * index. Returns null when there is none.
     */
    public static Solution lowerPriorityVictim(Request request, FabricView fabric) {
        int holding = fabric.weakestBusy(request.dev(), true, request.prio());
        if (holding >= 0) {
            return Solution.preempt(holding, false);
        }
        int other = fabric.weakestBusy(request.dev(), false, request.prio());
        return other >= 0 ? Solution.preempt(other, true) : null;
    }
}

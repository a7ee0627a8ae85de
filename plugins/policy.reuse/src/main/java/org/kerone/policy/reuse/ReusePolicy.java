package org.kerone.policy.reuse;

import org.kerone.fpga.PrrState;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.Choices;
import org.kerone.fpga.policy.FabricView;
import org.kerone.fpga.policy.PrrView;
import org.osgi.service.component.annotations.Component;

/**
 * Reuse-aware allocation: answers requests so that the fabric loads as few bitstreams as possible.
 *
 * <p>The answer, in this order: (1) an idle PRR already holding the device, without reconfiguration,
 * the least recently changed first, then the lowest index (a PRR in HOLD for a VM of strictly lower
 * priority counts as idle, as in {@link Choices#idleFirst}, here and in (2)); (2) a PRR to
 * reconfigure: an empty one first (lowest index), else an idle one whose loaded device fewest
 * waiting requests want, then the one that changed least recently, then the lowest index;
 * (3) preemption of a job of strictly lower priority, a PRR holding the device first
 * ({@link Choices#lowerPriorityVictim}); (4) Unavailable. Reserved PRRs are never chosen. The
 * searching list is served by priority, then arrival (the SPI's default order).
 *
 * <p>Sparing: in (2) a PRR is not reconfigured for a request while a waiting request of equal or
 * higher priority wants the device the PRR holds; the monitor reaches that request next in the
 * same search and gives it the PRR as it is. Starvation bound: a request spares a PRR only while
 * it has waited less than the time to load its own bitstream into that PRR
 * ({@code now - arrival < T_RCFG(dev, prr)}); past that, waiting longer costs it more than the
 * reconfiguration it would save, and it takes the PRR. Sparing thus delays a request by at most
 * that T_RCFG plus the job of the last request it spared for.
 *
 * <p>Cost: (1), the empty PRR of (2) and (3) are the view's indexed queries; so is the rest of (2)
 * when the least recently changed idle PRR holds a device no request waits for (it is then the
 * answer). Otherwise (2) visits the idle PRRs the device fits, counting the requests waiting for
 * each one's device with {@link FabricView#waitingFor}, not by reading the searching list.
 */
@Component(service = AllocationPolicy.class, property = AllocationPolicy.NAME + "=" + ReusePolicy.NAME)
public final class ReusePolicy implements AllocationPolicy {
    static final String NAME = "reuse";

    @Override
    public Solution solve(Request request, FabricView fabric) {
        int holding = fabric.oldestIdle(request.dev(), true, request.prio());
        if (holding >= 0) {
            return Solution.assign(holding, false);
        }
        int empty = fabric.firstEmpty(request.dev());
        if (empty >= 0) {
            return Solution.assign(empty, true);
        }
        int replaced = leastWanted(request, fabric);
        if (replaced >= 0) {
            return Solution.assign(replaced, true);
        }
        Solution victim = Choices.lowerPriorityVictim(request, fabric);
        return victim != null ? victim : Solution.UNAVAILABLE;
    }

    /**
     * The idle PRR of (2) holding another device, not spared, whose device fewest waiting requests
     * want, then the least recently changed, then the lowest index; -1 when there is none.
     */
    private static int leastWanted(Request request, FabricView fabric) {
        int dev = request.dev();
        int oldest = fabric.oldestIdle(dev, false, request.prio());
        if (oldest < 0 || fabric.waitingFor(fabric.prr(oldest).device(), Integer.MIN_VALUE) == 0) {
            // none; or the least recently changed holds a device no request waits for: wanted by the
            // fewest and spared for nobody, it is the answer
            return oldest;
        }
        int best = -1;
        int bestWanted = Integer.MAX_VALUE;
        long bestAge = Long.MAX_VALUE;
        for (int p : fabric.compatiblePrrs(dev)) {
            PrrView prr = fabric.prr(p);
            boolean idle = prr.state() == PrrState.IDLE || (prr.state() == PrrState.HOLD && prr.jobPrio() < request.prio());
            if (prr.reserved() || !idle || prr.device() == dev || spares(request, prr, fabric)) {
                continue;
            }
            int wanted = fabric.waitingFor(prr.device(), Integer.MIN_VALUE);
            if (wanted < bestWanted || (wanted == bestWanted && prr.lastChangeNs() < bestAge)) {
                best = p;
                bestWanted = wanted;
                bestAge = prr.lastChangeNs();
            }
        }
        return best;
    }

    /**
     * True when {@code request} leaves {@code prr}, which holds another device than the request's, to
     * a waiting request of equal or higher priority that can use that device as it is, within the
     * starvation bound.
     */
    private static boolean spares(Request request, PrrView prr, FabricView fabric) {
        if (fabric.nowNs() - request.arrivalNs() >= fabric.reconfigurationTimeNs(request.dev(), prr.index())) {
            return false;
        }
        return fabric.waitingFor(prr.device(), request.prio()) > 0;
    }
}

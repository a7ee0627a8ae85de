package org.kerone.policy.reuse;

import java.util.List;
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
 * the least recently changed first
 * (a PRR in HOLD for a VM of strictly lower priority counts as idle, as in {@link Choices#idleFirst});
 * (2) a PRR to reconfigure: an empty one first (lowest index), else an idle one whose loaded device
 * fewest waiting requests want, then the one that changed least recently, then the lowest index;
 * (3) preemption of a job of strictly lower priority, a PRR holding the device first
 * ({@link Choices#lowerPriorityVictim}); (4) Unavailable. The searching list is served by priority,
 * then arrival (the SPI's default order).
 *
 * <p>Sparing: in (2) a PRR is not reconfigured for a request while a waiting request of equal or
 * higher priority wants the device the PRR holds; the monitor reaches that request next in the
 * same search and gives it the PRR as it is. Starvation bound: a request spares a PRR only while
 * it has waited less than the time to load its own bitstream into that PRR
 * ({@code now - arrival < T_RCFG(dev, prr)}); past that, waiting longer costs it more than the
 * reconfiguration it would save, and it takes the PRR. Sparing thus delays a request by at most
 * that T_RCFG plus the job of the last request it spared for.
 */
@Component(service = AllocationPolicy.class, property = AllocationPolicy.NAME + "=" + ReusePolicy.NAME)
public final class ReusePolicy implements AllocationPolicy {
    static final String NAME = "reuse";

    @Override
    public Solution solve(Request request, FabricView fabric) {
        List<Request> waiting = fabric.searchingList();
        int holding = -1;
        int empty = -1;
        int best = -1;
        int bestWanted = Integer.MAX_VALUE;
        for (int p : fabric.compatiblePrrs(request.dev())) {
            PrrView prr = fabric.prr(p);
            if (prr.reserved()) {
                continue;
            }
            PrrState state = prr.state();
            if (state == PrrState.HOLD && prr.jobPrio() < request.prio()) {
                state = PrrState.IDLE;
            }
            if (state == PrrState.EMPTY) {
                empty = empty < 0 ? p : empty;
            } else if (state == PrrState.IDLE && prr.device() == request.dev()) {
                if (holding < 0 || prr.lastChangeNs() < fabric.prr(holding).lastChangeNs()) {
                    holding = p;
                }
            } else if (state == PrrState.IDLE && !spares(request, prr, waiting, fabric)) {
                int wanted = wanted(prr.device(), waiting);
                if (best < 0 || wanted < bestWanted
                        || (wanted == bestWanted && prr.lastChangeNs() < fabric.prr(best).lastChangeNs())) {
                    best = p;
                    bestWanted = wanted;
                }
            }
        }
        if (holding >= 0) {
            return Solution.assign(holding, false);
        }
        if (empty >= 0 || best >= 0) {
            return Solution.assign(empty >= 0 ? empty : best, true);
        }
        Solution victim = Choices.lowerPriorityVictim(request, fabric);
        return victim != null ? victim : Solution.UNAVAILABLE;
    }

    /** True when {@code request} leaves {@code prr} to a waiting request that can use its device as it is. */
    private static boolean spares(Request request, PrrView prr, List<Request> waiting, FabricView fabric) {
        if (fabric.nowNs() - request.arrivalNs() >= fabric.reconfigurationTimeNs(request.dev(), prr.index())) {
            return false;
        }
        for (Request w : waiting) {
            if (w.dev() == prr.device() && w.prio() >= request.prio() && w.id() != request.id()) {
                return true;
            }
        }
        return false;
    }

    /** How many waiting requests want {@code dev}. */
    private static int wanted(int dev, List<Request> waiting) {
        int n = 0;
        for (Request w : waiting) {
            if (w.dev() == dev) {
                n++;
            }
        }
        return n;
    }
}

package org.kerone.policy.deadline;

import org.kerone.fpga.PrrState;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.Choices;
import org.kerone.fpga.policy.FabricView;
import org.kerone.fpga.policy.PrrView;
import org.osgi.service.component.annotations.Component;

/**
 * Deadline-aware allocation: serves requests earliest deadline first and takes a PRR from another
 * VM only to save a deadline.
 *
 * <p>{@link Request#deadlineNs()} is an absolute virtual time, {@link Long#MAX_VALUE} for none. The
 * answer: (1) a free PRR, chosen as {@link Choices#idleFirst} chooses (idle and holding the device,
 * else empty, else idle and least recently changed), except that a PRR in HOLD is not free; (2) for
 * a request with a deadline, a PRR in HOLD or BUSY for a VM of strictly lower priority, unreserved,
 * if the request can then start by its deadline: {@code now + T_RCFG <= deadline}, T_RCFG counted
 * only when the PRR holds another device (T_preempt, a context save of microseconds, is not visible
 * to policies and counted as 0); among those, the one where it starts soonest, then one in HOLD
 * (Assign: its VM loses no work) before one BUSY (Preempt), then the lowest job priority, then the
 * lowest index; (3) Unavailable. A request without deadline, or one that would miss its deadline
 * even so, never takes a PRR from anyone. The searching list is ordered by deadline, requests
 * without one last, ties by priority (higher first) then arrival.
 *
 * <p>Why take a PRR as soon as waiting is not sure to succeed: the view shows when a busy job
 * started but not when it will end (neither its size nor its end time is visible), so waiting cannot
 * be shown to meet any deadline. Why "start by its deadline": a request carries no input size, so
 * its own job time is unknown and the deadline is the latest start that could still meet it. Why only from strictly lower priorities: the victim's deadline is
 * not visible either, and two requests of equal priority could otherwise take the PRR from each
 * other in turn. Why HOLD is not free as in {@code idleFirst}: the monitor has just given that PRR
 * to the holder, maybe for an earlier deadline; a higher priority alone must not undo that.
 *
 * <p>Cost: (1) is the view's indexed queries, and so is (2) when it finds nothing: a deadline
 * already passed (T_RCFG is never negative) or no PRR in HOLD or BUSY for a lower priority at
 * all. Otherwise (2) visits the PRRs the device fits, because no combination of the indexed
 * queries gives its order with its tie-breaks: its first key, the start time, is each PRR's own
 * T_RCFG (the view gives it per PRR, not per class, and nothing says it is above 0, so even the
 * PRRs holding the device do not always come first), while {@code weakestBusy} ranks the busy
 * PRRs of all the classes the device fits by job priority only, and {@code oldestIdle} ranks those
 * in HOLD by age, not by job priority.
 */
@Component(service = AllocationPolicy.class, property = AllocationPolicy.NAME + "=" + DeadlinePolicy.NAME)
public final class DeadlinePolicy implements AllocationPolicy {
    static final String NAME = "deadline";

    @Override
    public Solution solve(Request request, FabricView fabric) {
        Solution free = Choices.free(request, fabric);
        if (free != null) {
            return free;
        }
        if (request.deadlineNs() == Long.MAX_VALUE) {
            return Solution.UNAVAILABLE;
        }
        long slack = request.deadlineNs() - fabric.nowNs();
        if (slack < 0 || nothingToTake(request, fabric)) {
            return Solution.UNAVAILABLE;
        }
        int best = -1;
        long bestStart = Long.MAX_VALUE;
        for (int p : fabric.compatiblePrrs(request.dev())) {
            PrrView prr = fabric.prr(p);
            boolean taken = prr.state() == PrrState.BUSY || prr.state() == PrrState.HOLD;
            if (prr.reserved() || !taken || prr.jobPrio() >= request.prio()) {
                continue;
            }
            long start = prr.device() == request.dev() ? 0 : fabric.reconfigurationTimeNs(request.dev(), p);
            if (start <= slack && (best < 0 || start < bestStart || (start == bestStart && before(prr, fabric.prr(best))))) {
                best = p;
                bestStart = start;
            }
        }
        if (best < 0) {
            return Solution.UNAVAILABLE;
        }
        boolean reconfig = fabric.prr(best).device() != request.dev();
        return fabric.prr(best).state() == PrrState.HOLD ? Solution.assign(best, reconfig) : Solution.preempt(best, reconfig);
    }

    /** Earliest deadline first, requests without deadline last; then higher priority, then earlier arrival. */
    @Override
    public int compare(Request a, Request b) {
        int byDeadline = Long.compare(a.deadlineNs(), b.deadlineNs());
        if (byDeadline != 0) {
            return byDeadline;
        }
        int byPrio = Integer.compare(b.prio(), a.prio());
        return byPrio != 0 ? byPrio : Long.compare(a.id(), b.id());
    }

    /**
     * True when no unreserved PRR the device fits is in HOLD or BUSY for a VM of strictly lower
     * priority, from the view's indexes: {@code oldestIdle} with the request's priority finds a PRR
     * in HOLD for a lower priority when there is one (it counts it as idle), {@code weakestBusy} a
     * busy one.
     */
    private static boolean nothingToTake(Request request, FabricView fabric) {
        int dev = request.dev();
        int prio = request.prio();
        return fabric.oldestIdle(dev, true, prio) < 0 && fabric.oldestIdle(dev, false, prio) < 0
                && fabric.weakestBusy(dev, true, prio) < 0 && fabric.weakestBusy(dev, false, prio) < 0;
    }

    /** Between two victims where the request starts at the same time: HOLD first, then the lower job priority. */
    private static boolean before(PrrView a, PrrView b) {
        boolean aHold = a.state() == PrrState.HOLD;
        boolean bHold = b.state() == PrrState.HOLD;
        return aHold != bHold ? aHold : a.jobPrio() < b.jobPrio();
    }
}

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

    /** Between two victims where the request starts at the same time: HOLD first, then the lower job priority. */
    private static boolean before(PrrView a, PrrView b) {
        boolean aHold = a.state() == PrrState.HOLD;
        boolean bHold = b.state() == PrrState.HOLD;
        return aHold != bHold ? aHold : a.jobPrio() < b.jobPrio();
    }


    private static int olderOf(FabricView fabric, int best, int p) {
        return best < 0 || fabric.prr(p).lastChangeNs() < fabric.prr(best).lastChangeNs() ? p : best;
    }
}

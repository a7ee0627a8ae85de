package org.kerone.policy.deadline;

import org.kerone.fpga.policy.FakeFabric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.kerone.fpga.policy.FakeFabric.AES;
import static org.kerone.fpga.policy.FakeFabric.SHA;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.Choices;

/**
 * Deadline-aware allocation: a free PRR first, preemption of a strictly lower priority only when it
 * lets the request start by its deadline, the searching list earliest deadline first.
 *
 * <p>In the fake fabric T_RCFG into a large PRR is 4 ms. The clock stands at 10 ms.
 */
class DeadlinePolicyTest {
    private static final long MS = 1_000_000;
    private static final long NONE = Long.MAX_VALUE;

    private final DeadlinePolicy policy = new DeadlinePolicy();
    private final FakeFabric fabric = FakeFabric.withAesAndSha();

    @BeforeEach
    void at10ms() {
        fabric.now = 10 * MS;
    }

    private static Request request(long id, int dev, int prio, long deadline) {
        return new Request(id, (int) id, dev, prio, 10 * MS, deadline);
    }

    @Test
    void aFreePrrIsAssignedAsIdleFirstChoosesIt() {
        fabric.addPrr("large").idle(SHA, 0);
        fabric.addPrr("large").busy(AES, 9, 1, 0);
        Request r = request(1, AES, 10, 11 * MS);
        // then prr0 is reconfigured for AES, though preempting prr1 (AES, priority 1) would avoid T_RCFG
        assertThat(policy.solve(r, fabric)).isEqualTo(Choices.idleFirst(r, fabric)).isEqualTo(Solution.assign(0, true));
    }

    @Test
    void aRequestWithoutDeadlineNeverPreempts() {
        // given the only PRR runs a priority-1 AES job; a priority-90 AES request has no deadline
        fabric.addPrr("large").busy(AES, 9, 1, 0);
        Request r = request(1, AES, 90, NONE);
        // then the paper's policy would preempt; this one waits
        assertThat(Choices.lowerPriorityVictim(r, fabric)).isEqualTo(Solution.preempt(0, false));
        assertThat(policy.solve(r, fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void aRequestWithADeadlinePreemptsALowerPriorityJobHoldingItsDevice() {
        // given the only PRR runs a priority-1 AES job; an AES request of priority 10 must start by 10.5 ms
        fabric.addPrr("large").busy(AES, 9, 1, 0);
        // then preempting lets it start now (no T_RCFG): preempt without reconfiguration
        assertThat(policy.solve(request(1, AES, 10, 10 * MS + 500_000), fabric)).isEqualTo(Solution.preempt(0, false));
    }

    @Test
    void preemptionNeedingAReconfigurationIsChosenOnlyWhenTheDeadlineAllowsT_RCFG() {
        // given the only PRR runs a priority-1 AES job; a SHA request (priority 10) needs 4 ms of T_RCFG there
        fabric.addPrr("large").busy(AES, 9, 1, 0);
        // then with the deadline at 14 ms - 1 ns it would start too late: it waits, nobody is stopped for nothing
        assertThat(policy.solve(request(1, SHA, 10, 14 * MS - 1), fabric)).isEqualTo(Solution.UNAVAILABLE);
        // and with the deadline at 14 ms it starts just in time: preempt and reconfigure
        assertThat(policy.solve(request(2, SHA, 10, 14 * MS), fabric)).isEqualTo(Solution.preempt(0, true));
        // and a request already past its deadline never preempts
        assertThat(policy.solve(request(3, AES, 10, 9 * MS), fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void theVictimIsWhereTheRequestStartsSoonestThenTheLowestJobPriority() {
        // given prr0 runs a priority-1 SHA job (AES would need T_RCFG), prr1 and prr2 run AES jobs of priorities 5 and 3
        fabric.addPrr("large").busy(SHA, 7, 1, 0);
        fabric.addPrr("large").busy(AES, 8, 5, 0);
        fabric.addPrr("large").busy(AES, 9, 3, 0);
        // then an AES request with a deadline far away still prefers no reconfiguration, and of those the priority-3 job
        assertThat(policy.solve(request(1, AES, 10, 100 * MS), fabric)).isEqualTo(Solution.preempt(2, false));
    }

    @Test
    void aPrrInHoldIsNotFreeButMayBeTakenFromALowerPriorityToSaveADeadline() {
        // given prr0 was just given to VM 9 (priority 1), which has not started its job
        fabric.addPrr("large").hold(AES, 9, 1, 0);
        // then Choices.idleFirst would give it to any higher priority; without deadline this policy waits
        assertThat(Choices.idleFirst(request(1, AES, 10, NONE), fabric)).isEqualTo(Solution.assign(0, false));
        assertThat(policy.solve(request(1, AES, 10, NONE), fabric)).isEqualTo(Solution.UNAVAILABLE);
        // and with a deadline it takes it: Assign, the holder has no work to save
        assertThat(policy.solve(request(2, AES, 10, 11 * MS), fabric)).isEqualTo(Solution.assign(0, false));
        // and a SHA request takes it with reconfiguration if its deadline leaves the 4 ms of T_RCFG
        assertThat(policy.solve(request(3, SHA, 10, 13 * MS), fabric)).isEqualTo(Solution.UNAVAILABLE);
        assertThat(policy.solve(request(4, SHA, 10, 14 * MS), fabric)).isEqualTo(Solution.assign(0, true));
    }

    @Test
    void aPrrInHoldGoesBeforeABusyOneWhereTheRequestStartsAsSoon() {
        // given prr0 runs a priority-1 AES job, prr1 is in HOLD with AES for a priority-5 VM
        fabric.addPrr("large").busy(AES, 8, 1, 0);
        fabric.addPrr("large").hold(AES, 9, 5, 0);
        assertThat(policy.solve(request(1, AES, 10, 11 * MS), fabric)).isEqualTo(Solution.assign(1, false));
    }

    @Test
    void equalOrHigherPriorityJobsAndReservedPrrsAreNeverPreempted() {
        fabric.addPrr("large").busy(AES, 7, 10, 0);
        fabric.addPrr("large").busy(AES, 8, 20, 0);
        fabric.addPrr("large").busy(AES, 9, 1, 0).reserve();
        assertThat(policy.solve(request(1, AES, 10, 11 * MS), fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void theSearchingListIsEarliestDeadlineFirstThenPriorityThenArrival() {
        Request late = request(1, AES, 90, 30 * MS);
        Request none = request(2, AES, 90, NONE);
        Request soonLowPrio = request(3, AES, 5, 20 * MS);
        Request soonHighPrio = request(4, AES, 50, 20 * MS);
        Request noneLowPrio = request(5, AES, 5, NONE);
        Request noneLowPrioLater = request(6, AES, 5, NONE);
        List<Request> list = new ArrayList<>(List.of(noneLowPrioLater, none, late, noneLowPrio, soonLowPrio, soonHighPrio));
        list.sort(policy::compare);
        // deadlines 20 ms (priority 50, then 5), 30 ms, then no deadline by priority (90, 5), then arrival (5 before 6)
        assertThat(list).containsExactly(soonHighPrio, soonLowPrio, late, none, noneLowPrio, noneLowPrioLater);
    }
}

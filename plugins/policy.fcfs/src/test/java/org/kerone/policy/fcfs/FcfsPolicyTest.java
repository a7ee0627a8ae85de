package org.kerone.policy.fcfs;

import org.kerone.fpga.policy.FakeFabric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.kerone.fpga.policy.FakeFabric.AES;
import static org.kerone.fpga.policy.FakeFabric.SHA;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.Choices;

/**
 * First come, first served: a free PRR or Unavailable, never Preempt, the searching list in
 * arrival order.
 */
class FcfsPolicyTest {
    private final FcfsPolicy policy = new FcfsPolicy();
    private final FakeFabric fabric = FakeFabric.withAesAndSha();

    @Test
    void anIdlePrrHoldingTheDeviceIsAssignedWithoutReconfiguration() {
        // given prr0 idle with SHA, prr1 idle with AES
        fabric.addPrr("large").idle(SHA, 0);
        fabric.addPrr("large").idle(AES, 0);
        // then an AES request takes prr1 as it is: no bitstream to load
        assertThat(policy.solve(new Request(1, 1, AES, 10, 0), fabric)).isEqualTo(Solution.assign(1, false));
    }

    @Test
    void anEmptyPrrIsAssignedWithReconfiguration() {
        fabric.addPrr("large");
        assertThat(policy.solve(new Request(1, 1, SHA, 10, 0), fabric)).isEqualTo(Solution.assign(0, true));
    }

    @Test
    void aBusyPrrIsNeverPreemptedEvenForAHigherPriority() {
        // given the only PRR runs a job of a priority-10 VM, and a priority-90 VM asks for the same device
        fabric.addPrr("large").busy(AES, 1, 10, 0);
        Request urgent = new Request(2, 2, AES, 90, 5);
        // then the paper's policy would preempt it, FCFS waits
        assertThat(Choices.lowerPriorityVictim(urgent, fabric)).isEqualTo(Solution.preempt(0, false));
        assertThat(policy.solve(urgent, fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void reservedPrrsAreNotFree() {
        fabric.addPrr("large").idle(AES, 0).reserve();
        assertThat(policy.solve(new Request(1, 1, AES, 10, 0), fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void aPrrInHoldIsNotFreeEvenForAHigherPriority() {
        // given prr0 just given to VM 1 (priority 20), which has not started its job yet
        fabric.addPrr("large").hold(AES, 1, 20, 0);
        Request later = new Request(3, 3, AES, 30, 1);
        // then Choices.idleFirst would hand it to a priority-30 request; FCFS lets VM 1 keep it
        assertThat(Choices.idleFirst(later, fabric)).isEqualTo(Solution.assign(0, false));
        assertThat(policy.solve(later, fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void anEmptyPrrGoesBeforeAnIdlePrrHoldingAnotherDevice() {
        fabric.addPrr("large").idle(SHA, 0);
        fabric.addPrr("large");
        assertThat(policy.solve(new Request(1, 1, AES, 10, 0), fabric)).isEqualTo(Solution.assign(1, true));
    }

    @Test
    void amongIdlePrrsOfAnotherDeviceTheLeastRecentlyChangedIsReconfigured() {
        // given prr0 idle with SHA since 300 ns, prr1 idle with SHA since 200 ns, prr2 idle with SHA since 200 ns
        fabric.addPrr("large").idle(SHA, 300);
        fabric.addPrr("large").idle(SHA, 200);
        fabric.addPrr("large").idle(SHA, 200);
        // then an AES request reconfigures prr1: the oldest, and the lower index of the tie
        assertThat(policy.solve(new Request(1, 1, AES, 10, 400), fabric)).isEqualTo(Solution.assign(1, true));
    }

    @Test
    void theSearchingListIsServedInArrivalOrderWhateverThePriorities() {
        // given requests 1..4 arrived in that order, with priorities 10, 90, 50, 90
        Request r1 = new Request(1, 1, AES, 10, 100);
        Request r2 = new Request(2, 2, AES, 90, 200);
        Request r3 = new Request(3, 3, SHA, 50, 300);
        Request r4 = new Request(4, 4, AES, 90, 400);
        List<Request> list = new ArrayList<>(List.of(r4, r2, r3, r1));
        list.sort(policy::compare);
        // then arrival order: the default order would give 2, 4, 3, 1
        assertThat(list).containsExactly(r1, r2, r3, r4);
        assertThat(policy.compare(r2, r2)).isZero();
    }
}

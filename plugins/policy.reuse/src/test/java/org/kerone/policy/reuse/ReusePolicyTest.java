package org.kerone.policy.reuse;

import org.kerone.fpga.policy.FakeFabric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.kerone.fpga.policy.FakeFabric.AES;
import static org.kerone.fpga.policy.FakeFabric.SHA;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.policy.Choices;

/**
 * Reuse-aware allocation: PRRs holding the device first, a loaded device spared for the waiting
 * request that wants it (within the starvation bound), preemption of strictly lower priorities.
 *
 * <p>In the fake fabric every T_RCFG into a large PRR is 4 ms, so the bound on sparing is 4 ms.
 */
class ReusePolicyTest {
    /** A third device that fits large PRRs. */
    private static final int FFT = 2;
    private static final long MS = 1_000_000;

    private final ReusePolicy policy = new ReusePolicy();
    private final FakeFabric fabric = FakeFabric.withAesAndSha();

    @BeforeEach
    void addFft() {
        fabric.device(FFT, DeviceInfo.builder("fft").bitstream("large", 400_000).build());
        fabric.now = 10 * MS;
    }

    @Test
    void anIdlePrrHoldingTheDeviceGoesFirstTheLeastRecentlyChangedOfThem() {
        // given prr0 empty, prr1 idle with AES since 3 ms, prr2 idle with AES since 2 ms
        fabric.addPrr("large");
        fabric.addPrr("large").idle(AES, 3 * MS);
        fabric.addPrr("large").idle(AES, 2 * MS);
        // then an AES request takes prr2 as it is
        assertThat(policy.solve(new Request(1, 1, AES, 10, 10 * MS), fabric)).isEqualTo(Solution.assign(2, false));
    }

    @Test
    void aPrrIsSparedForAnEqualPriorityWaitingRequestThatWantsItsDevice() {
        // given prr0 idle with AES; request 1 (SHA, priority 10) is decided while request 2 (AES, priority 10) waits
        fabric.addPrr("large").idle(AES, 0);
        Request sha = new Request(1, 1, SHA, 10, 9 * MS);
        Request aes = new Request(2, 2, AES, 10, 9 * MS);
        fabric.waiting.add(sha);
        fabric.waiting.add(aes);
        // then the paper's direct allocation would reconfigure prr0 for SHA (and request 2 would reconfigure it back)
        assertThat(Choices.idleFirst(sha, fabric)).isEqualTo(Solution.assign(0, true));
        // and reuse declines: request 2 takes prr0 without reconfiguration when the monitor reaches it
        assertThat(policy.solve(sha, fabric)).isEqualTo(Solution.UNAVAILABLE);
        assertThat(policy.solve(aes, fabric)).isEqualTo(Solution.assign(0, false));
    }

    @Test
    void aLowerPriorityWaitingRequestDoesNotHoldBackAReconfiguration() {
        fabric.addPrr("large").idle(AES, 0);
        fabric.waiting.add(new Request(2, 2, AES, 5, 9 * MS));
        assertThat(policy.solve(new Request(3, 1, SHA, 10, 9 * MS), fabric)).isEqualTo(Solution.assign(0, true));
    }

    @Test
    void aRequestThatHasWaitedAsLongAsItsReconfigurationStopsSparing() {
        // given the same PRR and waiter, at 10 ms; T_RCFG of SHA into prr0 is 4 ms
        fabric.addPrr("large").idle(AES, 0);
        fabric.waiting.add(new Request(2, 2, AES, 10, 9 * MS));
        // then a SHA request raised at 6 ms + 1 ns (waited 4 ms - 1 ns) still spares prr0
        assertThat(policy.solve(new Request(1, 1, SHA, 10, 6 * MS + 1), fabric)).isEqualTo(Solution.UNAVAILABLE);
        // and one raised at 6 ms (waited exactly 4 ms) reconfigures it
        assertThat(policy.solve(new Request(1, 1, SHA, 10, 6 * MS), fabric)).isEqualTo(Solution.assign(0, true));
    }

    @Test
    void anEmptyPrrIsNeverSparedAndGoesBeforeIdleOnes() {
        fabric.addPrr("large").idle(SHA, 0);
        fabric.addPrr("large");
        assertThat(policy.solve(new Request(1, 1, AES, 10, 10 * MS), fabric)).isEqualTo(Solution.assign(1, true));
    }

    @Test
    void theIdlePrrToReconfigureIsTheOneWhoseDeviceIsNotWanted() {
        // given prr0 idle with AES since 0 (least recently changed), prr1 idle with SHA since 1 ms;
        // a priority-10 AES request waits
        fabric.addPrr("large").idle(AES, 0);
        fabric.addPrr("large").idle(SHA, 1 * MS);
        fabric.waiting.add(new Request(2, 2, AES, 10, 9 * MS));
        Request fft = new Request(3, 3, FFT, 10, 10 * MS);
        // then least-recently-changed would reconfigure prr0; reuse spares it and reconfigures prr1
        assertThat(Choices.idleFirst(fft, fabric)).isEqualTo(Solution.assign(0, true));
        assertThat(policy.solve(fft, fabric)).isEqualTo(Solution.assign(1, true));
    }

    @Test
    void amongUnsparedPrrsTheDeviceFewestWaitersWantIsReplaced() {
        // given prr0 (AES, since 0) wanted by two priority-5 waiters, prr1 (SHA, since 1 ms) by one
        fabric.addPrr("large").idle(AES, 0);
        fabric.addPrr("large").idle(SHA, 1 * MS);
        fabric.waiting.add(new Request(2, 2, AES, 5, 9 * MS));
        fabric.waiting.add(new Request(4, 4, AES, 5, 9 * MS));
        fabric.waiting.add(new Request(5, 5, SHA, 5, 9 * MS));
        // then a priority-10 FFT request spares neither (lower priorities) and replaces SHA: fewer waiters lose their device
        assertThat(policy.solve(new Request(3, 3, FFT, 10, 10 * MS), fabric)).isEqualTo(Solution.assign(1, true));
    }

    @Test
    void whenEveryIdlePrrIsSparedALowerPriorityJobIsPreempted() {
        // given prr0 idle with AES, spared for a waiting priority-10 AES request; prr1 runs a priority-1 SHA job
        fabric.addPrr("large").idle(AES, 0);
        fabric.addPrr("large").busy(SHA, 7, 1, 0);
        fabric.waiting.add(new Request(2, 2, AES, 10, 9 * MS));
        // then an FFT request of priority 10 preempts prr1 and reconfigures it
        assertThat(policy.solve(new Request(3, 3, FFT, 10, 10 * MS), fabric)).isEqualTo(Solution.preempt(1, true));
    }

    @Test
    void preemptionPrefersAVictimHoldingTheDeviceAndNeverTakesAnEqualPriority() {
        // given prr0 runs a priority-5 AES job, prr1 a priority-1 SHA job, prr2 a priority-10 AES job
        fabric.addPrr("large").busy(AES, 5, 5, 0);
        fabric.addPrr("large").busy(SHA, 6, 1, 0);
        fabric.addPrr("large").busy(AES, 7, 10, 0);
        // then a priority-10 AES request preempts prr0: it holds AES, so no reconfiguration
        assertThat(policy.solve(new Request(1, 1, AES, 10, 10 * MS), fabric)).isEqualTo(Solution.preempt(0, false));
        // and a priority-5 AES request may not take prr0 (equal priority): it preempts prr1, reconfiguring it
        assertThat(policy.solve(new Request(2, 2, AES, 5, 10 * MS), fabric)).isEqualTo(Solution.preempt(1, true));
        // and a priority-1 request finds nothing
        assertThat(policy.solve(new Request(3, 3, AES, 1, 10 * MS), fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void aPrrInHoldForALowerPriorityCountsAsIdleAndReservedPrrsDoNot() {
        fabric.addPrr("large").idle(AES, 0).reserve();
        fabric.addPrr("large").hold(AES, 4, 5, 0);
        assertThat(policy.solve(new Request(1, 1, AES, 10, 10 * MS), fabric)).isEqualTo(Solution.assign(1, false));
        assertThat(policy.solve(new Request(2, 2, AES, 5, 10 * MS), fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void theSearchingListIsServedByPriorityThenArrival() {
        Request low = new Request(1, 1, AES, 5, 0);
        Request highLate = new Request(3, 3, AES, 50, 2);
        Request highEarly = new Request(2, 2, SHA, 50, 1);
        assertThat(policy.compare(highEarly, highLate)).isNegative();
        assertThat(policy.compare(highLate, low)).isNegative();
    }
}

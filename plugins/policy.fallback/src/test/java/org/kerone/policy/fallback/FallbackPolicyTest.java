package org.kerone.policy.fallback;

import org.kerone.fpga.policy.FakeFabric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.kerone.fpga.policy.FakeFabric.AES;
import static org.kerone.fpga.policy.FakeFabric.SHA;

import java.lang.annotation.Annotation;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.Choices;

/**
 * Software fallback: the decorated policy's Unavailable becomes Software for devices with a
 * software implementation; the decorated policy is found by its configured name.
 *
 * <p>In these cases AES has a software implementation (500 ns a unit), SHA has none.
 */
class FallbackPolicyTest {
    /** Preempts whatever runs: lets a test tell the decorated policy's answers from idleFirst's. */
    private static final AllocationPolicy GREEDY = (request, fabric) -> {
        Solution free = Choices.idleFirst(request, fabric);
        return free != null ? free : Solution.preempt(0, fabric.prr(0).device() != request.dev());
    };
    /** Never allocates; serves its list by arrival only. */
    private static final AllocationPolicy NEVER = new AllocationPolicy() {
        @Override
        public Solution solve(Request request, org.kerone.fpga.policy.FabricView fabric) {
            return Solution.UNAVAILABLE;
        }

        @Override
        public int compare(Request a, Request b) {
            return Long.compare(a.id(), b.id());
        }
    };

    private final FakeFabric fabric = new FakeFabric()
            .device(AES, DeviceInfo.builder("aes").bitstream("large", 400_000).softwareNsPerUnit(500).build())
            .device(SHA, DeviceInfo.builder("sha").bitstream("large", 400_000).build());
    private final FallbackPolicy policy = new FallbackPolicy("never");

    @BeforeEach
    void bind() {
        policy.addPolicy(NEVER, Map.of(AllocationPolicy.NAME, "never"));
        policy.addPolicy(GREEDY, Map.of(AllocationPolicy.NAME, "greedy"));
    }

    private static FallbackPolicy.Config config(String delegate) {
        return new FallbackPolicy.Config() {
            @Override
            public String delegate() {
                return delegate;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return FallbackPolicy.Config.class;
            }
        };
    }

    @Test
    void unavailableBecomesSoftwareForADeviceWithASoftwareImplementation() {
        // given an empty PRR, which the "never" policy does not give
        fabric.addPrr("large");
        // then AES runs in software and SHA, which has none, waits
        assertThat(policy.solve(new Request(1, 1, AES, 10, 0), fabric)).isEqualTo(Solution.SOFTWARE);
        assertThat(policy.solve(new Request(2, 2, SHA, 10, 0), fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void aDeviceThatIsNotInstalledIsLeftUnavailable() {
        fabric.addPrr("large");
        assertThat(policy.solve(new Request(1, 1, 7, 10, 0), fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void everyOtherAnswerOfTheDecoratedPolicyPassesUnchanged() {
        // given the "greedy" delegate; prr0 runs a priority-90 SHA job
        policy.modified(config("greedy"));
        fabric.addPrr("large").busy(SHA, 9, 90, 0);
        // then its Preempt stands, although AES could run in software
        assertThat(policy.solve(new Request(1, 1, AES, 10, 0), fabric)).isEqualTo(Solution.preempt(0, true));
    }

    @Test
    void theDelegateIsChosenByItsConfiguredNameAndCanChange() {
        fabric.addPrr("large").busy(SHA, 9, 90, 0);
        Request aes = new Request(1, 1, AES, 10, 0);
        assertThat(new FallbackPolicy(config("greedy")).solve(aes, fabric)).as("nothing bound yet").isEqualTo(Solution.SOFTWARE);
        assertThat(policy.solve(aes, fabric)).isEqualTo(Solution.SOFTWARE);
        policy.modified(config("greedy"));
        assertThat(policy.solve(aes, fabric)).isEqualTo(Solution.preempt(0, true));
    }

    @Test
    void withoutItsDelegateItAllocatesAsIdleFirstAndNeverPreempts() {
        // given the configured delegate is not there (never bound, or gone)
        policy.modified(config("greedy"));
        policy.removePolicy(GREEDY, Map.of(AllocationPolicy.NAME, "greedy"));
        fabric.addPrr("large").busy(AES, 9, 1, 0);
        fabric.addPrr("large").idle(SHA, 0);
        // then a free PRR is assigned as idleFirst would (prr1, reconfigured for AES)
        assertThat(policy.solve(new Request(1, 1, AES, 10, 0), fabric)).isEqualTo(Solution.assign(1, true));
        // and once prr1 is taken, AES runs in software rather than preempting prr0's priority-1 job
        fabric.prrs.get(1).reserve();
        assertThat(policy.solve(new Request(2, 2, AES, 10, 0), fabric)).isEqualTo(Solution.SOFTWARE);
        assertThat(policy.solve(new Request(3, 3, SHA, 10, 0), fabric)).isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void removingAnotherServiceOfTheSameNameKeepsTheBoundDelegate() {
        policy.removePolicy(GREEDY, Map.of(AllocationPolicy.NAME, "never"));
        fabric.addPrr("large");
        Request sha = new Request(1, 1, SHA, 10, 0);
        assertThat(policy.solve(sha, fabric)).as("still NEVER, not idleFirst").isEqualTo(Solution.UNAVAILABLE);
    }

    @Test
    void theSearchingListFollowsTheDelegatesOrderOrTheDefaultWithoutIt() {
        Request lowEarly = new Request(1, 1, SHA, 5, 0);
        Request highLate = new Request(2, 2, SHA, 50, 1);
        // "never" serves by arrival: the priority-5 request first
        assertThat(policy.compare(lowEarly, highLate)).isNegative();
        // without a delegate: the SPI's default, priority first
        policy.modified(config("absent"));
        assertThat(policy.compare(lowEarly, highLate)).isPositive();
    }
}

package org.kerone.fpga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Solutions a policy makes, for any PRR index it names: the monitor, not the factory, refuses a PRR that does not exist. */
class SolutionTest {
    @Test
    void anyNonNegativePrrIndexMakesASolution() {
        for (int prr : new int[] {0, 1023, 1024, 1 << 29, Integer.MAX_VALUE}) {
            assertThat(Solution.assign(prr, true)).isEqualTo(new Solution(Solution.Kind.ASSIGN, prr, true));
            assertThat(Solution.preempt(prr, false)).isEqualTo(new Solution(Solution.Kind.PREEMPT, prr, false));
        }
        assertThat(Solution.assign(3, false)).isSameAs(Solution.assign(3, false));
    }

    @Test
    void aNegativePrrIndexIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Solution.assign(-1, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inconsistent solution ASSIGN prr=-1 reconfig=false");
    }
}

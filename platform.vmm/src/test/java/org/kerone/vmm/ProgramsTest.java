package org.kerone.vmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text form of a program (a live VM's configuration): parsing, formatting, and the times it refuses. */
class ProgramsTest {
    @Test
    void parsesStepsWithUnitsAndFormatsThemBack() {
        List<Step> steps = Programs.parse("compute 1.5ms; use crc32 4096 deadline 2ms");

        assertThat(steps).containsExactly(new Step.Compute(1_500_000), new Step.Use("crc32", 4096, 2_000_000));
        assertThat(Programs.parse(Programs.format(steps))).isEqualTo(steps);
    }

    @Test
    void takesEveryNanosecondOfALongTime() {
        // beyond 2^53 a double would round: 104 days and 1 ns is kept exactly
        assertThat(Programs.parse("compute 9007199254740993")).containsExactly(new Step.Compute(9_007_199_254_740_993L));
        assertThatIllegalArgumentException().isThrownBy(() -> Programs.parse("compute 1.0000000001s"))
                .withMessageContaining("is not a whole number of nanoseconds");
    }

    @Test
    void takesTheLongestTimeAndRefusesALongerOne() {
        assertThat(Programs.parse("compute 4611686018427387904")).containsExactly(new Step.Compute(Scenario.MAX_TIME_NS));
        assertThatIllegalArgumentException().isThrownBy(() -> Programs.parse("compute 4611686018427387905"))
                .withMessageContaining("is longer than the 4611686018427387904 ns");
        assertThatIllegalArgumentException().isThrownBy(() -> Programs.parse("compute 5000000000s"))
                .withMessageContaining("'5000000000s' is longer than the 4611686018427387904 ns (about 146 years) a program may name");
        assertThatIllegalArgumentException().isThrownBy(() -> Programs.parse("use aes128 16 deadline 9223372036854775807"))
                .withMessageContaining("is longer than the 4611686018427387904 ns");
    }
}

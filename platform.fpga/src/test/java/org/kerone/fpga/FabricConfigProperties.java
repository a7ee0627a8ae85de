package org.kerone.fpga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Cycle-to-time conversion against exact arithmetic: rounded up, or refused when the time does not fit a long. */
class FabricConfigProperties {
    @Property(tries = 2000)
    void cyclesToNsIsTheExactCeiling(@ForAll @LongRange(min = 1, max = 4_000_000_000L) long clockHz,
            @ForAll @LongRange(min = 0, max = 5_000_000_000_000L) long cycles) {
        FabricConfig config = new FabricConfig(clockHz, 1, 0, 1);
        BigInteger exact = new BigDecimal(BigInteger.valueOf(cycles).multiply(BigInteger.valueOf(1_000_000_000L)))
                .divide(BigDecimal.valueOf(clockHz), 0, RoundingMode.CEILING).toBigIntegerExact();

        if (exact.bitLength() < Long.SIZE) {
            assertThat(config.cyclesToNs(cycles)).isEqualTo(exact.longValueExact());
        } else {
            assertThatThrownBy(() -> config.cyclesToNs(cycles)).isInstanceOf(ArithmeticException.class);
        }
    }
}

package org.kerone.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.kerone.compare.internal.Occupancy.Kind;

/** PRR busy time in time buckets: split across buckets, widened by pairs when a run goes long, in bounded memory. */
class OccupancyTest {
    @Test
    void busyTimeIsSplitAcrossBuckets() {
        // given buckets of 10 ns and 2 PRRs over a run of 40 ns
        Occupancy o = new Occupancy(10);
        // when one PRR runs a job over [5, 25) and the other loads a bitstream over [20, 30)
        o.busy(Kind.RUNNING, 5, 25);
        o.busy(Kind.RECONFIGURING, 20, 30);
        o.covered(2, 40);
        // then bucket by bucket (20 PRR-ns each): 5, 10, 5 + 10, 0 ns busy
        assertThat(o.usedBuckets()).isEqualTo(4);
        assertThat(o.utilisation(0)).isEqualTo(0.25);
        assertThat(o.utilisation(1)).isEqualTo(0.5);
        assertThat(o.utilisation(2)).isEqualTo(0.75);
        assertThat(o.utilisation(3)).isZero();
        assertThat(o.utilisation(4)).isNaN();
        // and overall: 30 of 80 PRR-ns busy, 10 of them loading
        assertThat(o.utilisation()).isEqualTo(30.0 / 80);
        assertThat(o.share(Kind.RECONFIGURING)).isEqualTo(10.0 / 80);
        assertThat(o.share(Kind.STOPPING)).isZero();
    }

    @Test
    void aLongRunWidensTheBucketsByPairsAndKeepsTheTotals() {
        // given buckets of 10 ns: 128 of them cover 1280 ns
        Occupancy o = new Occupancy(10);
        o.busy(Kind.RUNNING, 0, 10);
        o.busy(Kind.RUNNING, 15, 20);
        // when a run goes on to 5000 ns: 1280 → 2560 → 5120, width 40 ns
        o.busy(Kind.STOPPING, 4990, 5000);
        o.covered(1, 5000);
        assertThat(o.widthNs()).isEqualTo(40);
        assertThat(o.usedBuckets()).isEqualTo(125);
        // then the first bucket holds the first 40 ns: 15 ns busy
        assertThat(o.utilisation(0)).isEqualTo(15.0 / 40);
        assertThat(o.utilisation(124)).isEqualTo(10.0 / 40);
        assertThat(o.utilisation()).isCloseTo(25.0 / 5000, within(1e-15));
    }

    @Test
    void bucketsCanBeBroughtToAWiderCommonWidth() {
        Occupancy o = new Occupancy(10);
        o.busy(Kind.RUNNING, 0, 30);
        o.covered(1, 40);
        o.widenTo(40);
        assertThat(o.widthNs()).isEqualTo(40);
        assertThat(o.usedBuckets()).isEqualTo(1);
        assertThat(o.utilisation(0)).isEqualTo(0.75);
    }

    @Test
    void runsOfOnePolicyAddUp() {
        Occupancy o = new Occupancy(10);
        o.busy(Kind.RUNNING, 0, 10);
        o.covered(1, 20);
        o.busy(Kind.RUNNING, 10, 20);
        o.covered(1, 10);
        // bucket 0: 10 busy of 20 covered; bucket 1: 10 of 10
        assertThat(o.utilisation(0)).isEqualTo(0.5);
        assertThat(o.utilisation(1)).isEqualTo(1.0);
        assertThat(o.utilisation()).isEqualTo(20.0 / 30);
    }
}

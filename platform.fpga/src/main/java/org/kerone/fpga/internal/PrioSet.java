package org.kerone.fpga.internal;

/**
 * PRR indexes by job priority, to find the lowest priority and then the lowest index without
 * visiting the others. Priorities are bucketed 0..255 (others are clamped into the end buckets;
 * the VMM's are 0..100); adding and removing allocate nothing once a bucket exists.
 */
final class PrioSet {
    static final int BUCKETS = 256;

    private final Bits[] byPrio = new Bits[BUCKETS];
    /** Bit p set when bucket p is not empty. */
    private final long[] used = new long[BUCKETS / 64];

    static int bucket(int prio) {
        return Math.max(0, Math.min(BUCKETS - 1, prio));
    }

    void add(int prio, int prr) {
        int b = bucket(prio);
        Bits set = byPrio[b];
        if (set == null) {
            set = new Bits();
            byPrio[b] = set;
        }
        set.set(prr);
        used[b >>> 6] |= 1L << b;
    }

    void remove(int prio, int prr) {
        int b = bucket(prio);
        Bits set = byPrio[b];
        set.clear(prr);
        if (set.isEmpty()) {
            used[b >>> 6] &= ~(1L << b);
        }
    }

    /** The first non-empty bucket at or after {@code from}, or -1. */
    int nextBucket(int from) {
        for (int w = from >>> 6; w < used.length; w++) {
            long bits = used[w] & (w == from >>> 6 ? -1L << from : -1L);
            if (bits != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(bits);
            }
        }
        return -1;
    }

    Bits bucketSet(int bucket) {
        return byPrio[bucket];
    }
}

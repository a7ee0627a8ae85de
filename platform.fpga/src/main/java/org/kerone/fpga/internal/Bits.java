package org.kerone.fpga.internal;

import java.util.Arrays;

/**
 * A set of small non-negative ints as bit words, for the monitor's indexes: like
 * {@link java.util.BitSet} without its bookkeeping of the words in use on every clear, and with its
 * element count at hand.
 */
final class Bits {
    private long[] words = new long[1];
    private int count;

    void set(int i) {
        int w = i >>> 6;
        if (w >= words.length) {
            words = Arrays.copyOf(words, Math.max(w + 1, 2 * words.length));
        }
        long bit = 1L << i;
        if ((words[w] & bit) == 0) {
            words[w] |= bit;
            count++;
        }
    }

    void clear(int i) {
        int w = i >>> 6;
        long bit = 1L << i;
        if (w < words.length && (words[w] & bit) != 0) {
            words[w] &= ~bit;
            count--;
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The least element at or above {@code from}, or -1. */
    int next(int from) {
        int w = from >>> 6;
        if (count == 0 || w >= words.length) {
            return -1;
        }
        long bits = words[w] & (-1L << from);
        while (true) {
            if (bits != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(bits);
            }
            if (++w == words.length) {
                return -1;
            }
            bits = words[w];
        }
    }
}

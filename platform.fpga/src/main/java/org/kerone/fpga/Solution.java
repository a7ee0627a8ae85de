package org.kerone.fpga;

/**
 * The PRR Monitor's answer to a {@link Request}: {@code Assign(prr)} or {@code Preempt(prr)},
 * either with a {@code Reconfig} flag when the PRR does not hold the device, or {@code Unavailable}.
 * A policy may also answer {@code Software}: the guest runs the device's software implementation
 * on its own CPU time instead of waiting (only for devices that declare one).
 *
 * @param kind the method
 * @param prr PRR index for assign and preempt, -1 for unavailable
 * @param reconfig true when the PRR must first load the device's bitstream
 */
public record Solution(Kind kind, int prr, boolean reconfig) {
    /** The allocation methods of the paper. */
    public enum Kind { ASSIGN, PREEMPT, UNAVAILABLE, SOFTWARE }

    /** The one Unavailable answer. */
    public static final Solution UNAVAILABLE = new Solution(Kind.UNAVAILABLE, -1, false);

    /** The one Software answer. */
    public static final Solution SOFTWARE = new Solution(Kind.SOFTWARE, -1, false);

    public Solution {
        if (kind == null) {
            throw new IllegalArgumentException("kind must be set");
        }
        boolean noPrr = kind == Kind.UNAVAILABLE || kind == Kind.SOFTWARE;
        if (noPrr ? (prr != -1 || reconfig) : prr < 0) {
            throw new IllegalArgumentException("inconsistent solution " + kind + " prr=" + prr + " reconfig=" + reconfig);
        }
    }

    /** Solutions for the first PRRs, made once: deciding allocates nothing. Index: prr * 4 + kind * 2 + reconfig. */
    private static final Solution[] MADE = new Solution[4 * 1024];

    public static Solution assign(int prr, boolean reconfig) {
        return made(Kind.ASSIGN, prr, reconfig);
    }

    public static Solution preempt(int prr, boolean reconfig) {
        return made(Kind.PREEMPT, prr, reconfig);
    }

    private static Solution made(Kind kind, int prr, boolean reconfig) {
        if (prr < 0 || prr >= MADE.length / 4) {
            return new Solution(kind, prr, reconfig); // checked as any; an index of 2^29 and more overflowed prr * 4 below
        }
        int i = prr * 4 + (kind == Kind.PREEMPT ? 2 : 0) + (reconfig ? 1 : 0);
        Solution s = MADE[i];
        if (s == null) {
            s = new Solution(kind, prr, reconfig); // immutable: a racing thread at worst makes an equal one
            MADE[i] = s;
        }
        return s;
    }

    /** True for Assign and Preempt: a PRR is reserved for the request. */
    public boolean available() {
        return kind == Kind.ASSIGN || kind == Kind.PREEMPT;
    }

    /** Name of the allocation path this solution starts: assign, assign_reconfig, preempt, preempt_reconfig or unavailable. */
    public String path() {
        return switch (kind) {
            case ASSIGN -> reconfig ? "assign_reconfig" : "assign";
            case PREEMPT -> reconfig ? "preempt_reconfig" : "preempt";
            case UNAVAILABLE -> "unavailable";
            case SOFTWARE -> "software";
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ASSIGN -> "Assign(" + prr + (reconfig ? ", Reconfig)" : ")");
            case PREEMPT -> "Preempt(" + prr + (reconfig ? ", Reconfig)" : ")");
            case UNAVAILABLE -> "Unavailable";
            case SOFTWARE -> "Software";
        };
    }
}

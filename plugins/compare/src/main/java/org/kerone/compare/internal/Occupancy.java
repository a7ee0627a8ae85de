package org.kerone.compare.internal;

/**
 * PRR time by activity in time buckets of a fixed count: busy time (running a job, loading a
 * bitstream, stopping a job) and covered time (PRR time the runs lasted). When a run goes past the
 * last bucket, the buckets pair up and double their width, so memory stays the same whatever the
 * runs' length. Runs of one policy add up in one instance; widths are always the first width times a
 * power of two, so instances can be brought to a common width.
 */
final class Occupancy {
    /** Activities a PRR is busy with. */
    enum Kind { RUNNING, RECONFIGURING, STOPPING }

    static final int BUCKETS = 128;

    private long widthNs;
    /** [kind][bucket] busy PRR-ns. */
    private final double[][] busy = new double[Kind.values().length][BUCKETS];
    private final double[] covered = new double[BUCKETS];
    private final double[] totalBusy = new double[Kind.values().length];
    private double totalCovered;

    Occupancy(long firstWidthNs) {
        this.widthNs = Math.max(1, firstWidthNs);
    }

    long widthNs() {
        return widthNs;
    }

    /** The PRR was busy with {@code kind} during [from, to). */
    void busy(Kind kind, long from, long to) {
        if (to <= from) {
            return;
        }
        totalBusy[kind.ordinal()] += to - from;
        spread(busy[kind.ordinal()], from, to);
    }

    /** {@code prrs} PRRs existed during [0, endNs) of one run. */
    void covered(int prrs, long endNs) {
        if (endNs <= 0 || prrs <= 0) {
            return;
        }
        totalCovered += (double) prrs * endNs;
        fit(endNs);
        for (int b = 0; b < BUCKETS; b++) {
            long lo = b * widthNs;
            if (lo >= endNs) {
                break;
            }
            covered[b] += (double) prrs * (Math.min(endNs, lo + widthNs) - lo);
        }
    }

    private void spread(double[] into, long from, long to) {
        fit(to);
        long b = from / widthNs;
        while (b < BUCKETS) {
            long lo = b * widthNs;
            if (lo >= to) {
                break;
            }
            long a = Math.max(from, lo);
            long z = Math.min(to, lo + widthNs);
            into[(int) b] += z - a;
            b++;
        }
    }

    /** Widens the buckets until time {@code t} falls inside the last one (or on its end). */
    private void fit(long t) {
        while (t > BUCKETS * widthNs) {
            for (double[] row : busy) {
                pairUp(row);
            }
            pairUp(covered);
            widthNs *= 2;
        }
    }

    private static void pairUp(double[] row) {
        for (int b = 0; b < BUCKETS / 2; b++) {
            row[b] = row[2 * b] + row[2 * b + 1];
        }
        java.util.Arrays.fill(row, BUCKETS / 2, BUCKETS, 0);
    }

    /** Brings the buckets to {@code width} (the first width times a power of two, at least the current one). */
    void widenTo(long width) {
        while (widthNs < width) {
            for (double[] row : busy) {
                pairUp(row);
            }
            pairUp(covered);
            widthNs *= 2;
        }
    }

    /** Busy fraction (all activities) of bucket {@code b}, or NaN where no run lasted. */
    double utilisation(int b) {
        if (covered[b] <= 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double[] row : busy) {
            sum += row[b];
        }
        return sum / covered[b];
    }

    /** Number of buckets some run reached. */
    int usedBuckets() {
        int n = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (covered[b] > 0) {
                n = b + 1;
            }
        }
        return n;
    }

    /** Fraction of all PRR time busy with {@code kind}; 0 when nothing was covered. */
    double share(Kind kind) {
        return totalCovered <= 0 ? 0 : totalBusy[kind.ordinal()] / totalCovered;
    }

    /** Fraction of all PRR time busy with anything; 0 when nothing was covered. */
    double utilisation() {
        if (totalCovered <= 0) {
            return 0;
        }
        double sum = 0;
        for (double v : totalBusy) {
            sum += v;
        }
        return sum / totalCovered;
    }
}

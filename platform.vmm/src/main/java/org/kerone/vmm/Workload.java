package org.kerone.vmm;

import java.util.Map;
import java.util.TreeMap;

/**
 * A generated guest program: jobs arrive by a periodic or Poisson process; each uses a device drawn
 * by weight, on an input size drawn from a distribution, optionally after some CPU time and with a
 * relative deadline. Seeded: the same scenario seed gives the same jobs.
 *
 * @param poisson true for Poisson arrivals (exponential gaps), false for periodic ones
 * @param meanGapNs period, or mean gap between two arrivals
 * @param devices device name to weight (positive)
 * @param sizes input size distribution
 * @param deadlineNs relative deadline of each job from its arrival, 0 for none
 * @param computeNs CPU time a job needs before its device use
 * @param jobs number of jobs, 0 for as many as fit before the horizon
 */
public record Workload(boolean poisson, long meanGapNs, Map<String, Integer> devices, Sizes sizes, long deadlineNs,
        long computeNs, int jobs) {
    public Workload {
        if (meanGapNs <= 0) {
            throw new IllegalArgumentException("the arrival gap must be positive");
        }
        if (devices.isEmpty() || devices.values().stream().anyMatch(w -> w == null || w <= 0)) {
            throw new IllegalArgumentException("a workload needs devices with positive weights");
        }
        devices = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(devices)); // sorted: draws do not depend on hash order
    }

    /**
     * Input sizes in bytes: {@code fixed} (always {@code a}), {@code uniform} in {@code [a, b]}, or
     * {@code exponential} of mean {@code a} (capped at {@code b}).
     */
    public record Sizes(String dist, int a, int b) {
        public Sizes {
            if (!dist.equals("fixed") && !dist.equals("uniform") && !dist.equals("exponential")) {
                throw new IllegalArgumentException("size distribution '" + dist + "' is not fixed, uniform or exponential");
            }
            if (a < 0 || b < a) {
                // named as a scenario names them: "min" and "max" of a uniform distribution, "mean" and "max" of an exponential one
                String first = dist.equals("exponential") ? "mean" : dist.equals("uniform") ? "min" : "bytes";
                throw new IllegalArgumentException(a < 0 ? first + " must not be negative, got " + a
                        : first + " " + a + " is above max " + b);
            }
        }

        /** The smallest size the distribution draws. */
        public int min() {
            return dist.equals("exponential") ? 0 : a;
        }
    }
}

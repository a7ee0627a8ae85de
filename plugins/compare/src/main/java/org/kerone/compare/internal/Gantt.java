package org.kerone.compare.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PRR occupancy of one run, for a Gantt chart: what each PRR did from when to when, within a time
 * window from 0 and up to a number of segments, so it stays small whatever the run's length.
 */
final class Gantt {
    /**
     * One stretch of a PRR's time.
     *
     * @param prr PRR index
     * @param kind what the PRR did
     * @param vm the VM whose job ran or was stopped; -1 while loading a bitstream
     * @param device the device running, stopped or loaded (null if unknown)
     * @param fromNs start
     * @param toNs end (clipped to the window)
     */
    record Segment(int prr, Occupancy.Kind kind, int vm, String device, long fromNs, long toNs) {
    }

    static final int MAX_SEGMENTS = 20_000;

    final String policy;
    final long seed;
    final long windowNs;
    final List<String> prrIds;
    /** VM id to priority, for the legend. */
    final Map<Integer, Integer> vmPriority = new TreeMap<>();
    final List<Segment> segments = new ArrayList<>();
    boolean truncated;
    long endNs;

    Gantt(String policy, long seed, long windowNs, List<String> prrIds) {
        this.policy = policy;
        this.seed = seed;
        this.windowNs = windowNs;
        this.prrIds = List.copyOf(prrIds);
    }

    void add(int prr, Occupancy.Kind kind, int vm, String device, long from, long to) {
        if (from >= windowNs || to <= from) {
            return;
        }
        if (segments.size() == MAX_SEGMENTS) {
            truncated = true;
            return;
        }
        segments.add(new Segment(prr, kind, vm, device, from, Math.min(to, windowNs)));
    }

    /** The time the chart shows: the window, or the run if it was shorter. */
    long shownNs() {
        return Math.min(windowNs, Math.max(endNs, 1));
    }
}

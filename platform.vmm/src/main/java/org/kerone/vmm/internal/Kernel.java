package org.kerone.vmm.internal;

import java.util.Arrays;

/**
 * The deterministic discrete-event kernel: virtual time in nanoseconds and a queue of actions
 * ordered by time, then by the order they were scheduled. Single-threaded.
 */
final class Kernel {
    private long now;
    private long sequence;
    private long[] times = new long[64];
    private long[] seqs = new long[64];
    private Runnable[] actions = new Runnable[64];
    private int size;
    private long fired;
    private Runnable observer;

    long now() {
        return now;
    }

    /** Events run so far. */
    long fired() {
        return fired;
    }

    int pending() {
        return size;
    }

    /** Called after every event; tests hang the invariant checker here. */
    void observe(Runnable afterEachEvent) {
        this.observer = afterEachEvent;
    }

    void after(long delayNs, Runnable action) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs);
        }
        long time;
        try {
            time = Math.addExact(now, delayNs);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("delay " + delayNs + " ns overflows virtual time", e);
        }
        at(time, action);
    }

    void at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("time " + time + " is in the past (now " + now + ")");
        }
        if (size == times.length) {
            int n = size * 2;
            times = Arrays.copyOf(times, n);
            seqs = Arrays.copyOf(seqs, n);
            actions = Arrays.copyOf(actions, n);
        }
        int i = size++;
        long seq = sequence++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(time, seq, times[parent], seqs[parent])) {
                break;
            }
            times[i] = times[parent];
            seqs[i] = seqs[parent];
            actions[i] = actions[parent];
            i = parent;
        }
        times[i] = time;
        seqs[i] = seq;
        actions[i] = action;
    }

    /** Moves virtual time forward to {@code time} when no event is due before it (a live platform idling). */
    void advanceTo(long time) {
        if (time > now && (size == 0 || times[0] > time)) {
            now = time;
        }
    }

    /** Time of the next event, or {@link Long#MAX_VALUE} when none is scheduled. */
    long nextTime() {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    /** Runs the next event; false when there is none. */
    boolean step() {
        if (size == 0) {
            return false;
        }
        long time = times[0];
        Runnable action = actions[0];
        size--;
        long lastTime = times[size];
        long lastSeq = seqs[size];
        Runnable last = actions[size];
        actions[size] = null;
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(times[right], seqs[right], times[child], seqs[child])) {
                child = right;
            }
            if (!before(times[child], seqs[child], lastTime, lastSeq)) {
                break;
            }
            times[i] = times[child];
            seqs[i] = seqs[child];
            actions[i] = actions[child];
            i = child;
        }
        if (size > 0) {
            times[i] = lastTime;
            seqs[i] = lastSeq;
            actions[i] = last;
        }
        now = time;
        fired++;
        action.run();
        if (observer != null) {
            observer.run();
        }
        return true;
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}

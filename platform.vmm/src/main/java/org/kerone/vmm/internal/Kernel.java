package org.kerone.vmm.internal;

import java.util.Arrays;

/**
 * The deterministic discrete-event kernel: virtual time in nanoseconds and a queue of actions
 * ordered by time, then by the order they were scheduled. Single-threaded.
 *
 * <p>The queue is a binary heap indexed by slot: every pending action holds a slot, which knows
 * where its entry sits in the heap, so that a cancelled action leaves the heap at once instead of
 * staying there until its time. Scheduling returns a token naming the slot and its use (a slot is
 * reused once its action ran or was cancelled, and a token of an earlier use then names nothing).
 * The kernel itself allocates nothing per event; the actions it runs are the caller's objects.
 *
 * <p>An action that recurs (the CPU's own events: at most one of each pending at a time) can be
 * {@linkplain #recurring registered} once: it keeps its slot for good, and scheduling it stores
 * numbers only.
 *
 * <p>An event scheduled before everything pending waits in a front place outside the heap: the
 * CPU's short steps, each scheduled and run before anything else is due, then never enter the heap.
 */
final class Kernel {
    /** A token that names no action: {@link #cancel} ignores it. */
    static final long NONE = -1;
    /** Position of the slot in front. */
    private static final int FRONT = -2;

    private long now;
    private long sequence;
    // the heap: entry i is (times[i], seqs[i]) and belongs to slot slotOf[i]
    private long[] times = new long[64];
    private long[] seqs = new long[64];
    private int[] slotOf = new int[64];
    private int size;
    /** The front event, before every heap entry, or frontSlot -1. */
    private long frontTime;
    private long frontSeq;
    private int frontSlot = -1;
    // the slots: action, heap position (-1 when not pending, FRONT in front) and use count of each; free slots on a stack
    private Runnable[] actions = new Runnable[64];
    private int[] position = new int[64];
    /** Slots of recurring actions: never freed, their action stays. */
    private boolean[] recurring = new boolean[64];
    private int[] use = new int[64];
    private int[] free = new int[64];
    private int freeCount;
    private long fired;
    private Runnable observer;

    Kernel() {
        for (int s = 0; s < free.length; s++) {
            free[s] = free.length - 1 - s;
            position[s] = -1;
        }
        freeCount = free.length;
    }

    long now() {
        return now;
    }

    /** Events run so far. */
    long fired() {
        return fired;
    }

    /** Events scheduled and neither run nor cancelled. */
    int pending() {
        return frontSlot < 0 ? size : size + 1;
    }

    /** Called after every event; tests hang the invariant checker here. */
    void observe(Runnable afterEachEvent) {
        this.observer = afterEachEvent;
    }

    /** Runs {@code action} {@code delayNs} from now; returns a token for {@link #cancel}. */
    long after(long delayNs, Runnable action) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs);
        }
        long time;
        try {
            time = Math.addExact(now, delayNs);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("delay " + delayNs + " ns overflows virtual time", e);
        }
        return at(time, action);
    }

    /** Runs {@code action} at virtual time {@code time}; returns a token for {@link #cancel}. */
    long at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("time " + time + " is in the past (now " + now + ")");
        }
        if (freeCount == 0) {
            grow();
        }
        int slot = free[--freeCount];
        actions[slot] = action;
        place(time, slot);
        return ((long) use[slot] << 32) | slot;
    }

    /**
     * Registers an action that recurs, with at most one occurrence pending at a time; returns the
     * id to {@linkplain #afterRecurring schedule} it by.
     */
    int recurring(Runnable action) {
        if (freeCount == 0) {
            grow();
        }
        int slot = free[--freeCount];
        actions[slot] = action;
        recurring[slot] = true;
        return slot;
    }

    /** Runs recurring action {@code id} {@code delayNs} from now; returns a token for {@link #cancel}. */
    long afterRecurring(int id, long delayNs) {
        if (position[id] != -1) {
            throw new IllegalStateException("recurring event " + id + " is pending already");
        }
        long time = now + delayNs;
        if (delayNs < 0 || time < now) {
            throw new IllegalArgumentException("delay " + delayNs + " ns is negative or overflows virtual time");
        }
        place(time, id);
        return ((long) use[id] << 32) | id;
    }

    /** Queues {@code slot} at {@code time}: in front when it comes before everything pending, else in the heap. */
    private void place(long time, int slot) {
        long seq = sequence++;
        // the new event is scheduled last: it comes first only when strictly earlier
        if (frontSlot < 0) {
            if (size == 0 || time < times[0]) {
                toFront(time, seq, slot);
            } else {
                siftUp(size++, time, seq, slot);
            }
        } else if (time < frontTime) {
            siftUp(size++, frontTime, frontSeq, frontSlot);
            toFront(time, seq, slot);
        } else {
            siftUp(size++, time, seq, slot);
        }
    }

    private void toFront(long time, long seq, int slot) {
        frontTime = time;
        frontSeq = seq;
        frontSlot = slot;
        position[slot] = FRONT;
    }

    /**
     * Drops the action scheduled under {@code token} if it has neither run nor been cancelled yet;
     * returns whether it did. Tokens of actions that ran, or {@link #NONE}, are ignored.
     */
    boolean cancel(long token) {
        if (token < 0) {
            return false;
        }
        int slot = (int) token;
        if (slot >= actions.length || position[slot] == -1 || use[slot] != (int) (token >>> 32)) {
            return false;
        }
        int i = position[slot];
        release(slot);
        if (i == FRONT) {
            frontSlot = -1;
        } else {
            removeAt(i);
        }
        return true;
    }

    /** Moves virtual time forward to {@code time} when no event is due before it (a live platform idling). */
    void advanceTo(long time) {
        if (time > now && nextTime() > time) {
            now = time;
        }
    }

    /** Time of the next event, or {@link Long#MAX_VALUE} when none is scheduled. */
    long nextTime() {
        return frontSlot >= 0 ? frontTime : size == 0 ? Long.MAX_VALUE : times[0];
    }

    /** Runs the next event; false when there is none. */
    boolean step() {
        long time;
        int slot;
        if (frontSlot >= 0) {
            time = frontTime;
            slot = frontSlot;
            frontSlot = -1;
        } else if (size > 0) {
            time = times[0];
            slot = slotOf[0];
            removeAt(0);
        } else {
            return false;
        }
        Runnable action = actions[slot];
        release(slot);
        now = time;
        fired++;
        action.run();
        if (observer != null) {
            observer.run();
        }
        return true;
    }

    /** The slot's action ran or was cancelled: its tokens name nothing from now on. */
    private void release(int slot) {
        position[slot] = -1;
        use[slot] = (use[slot] + 1) & Integer.MAX_VALUE;
        if (!recurring[slot]) {
            actions[slot] = null;
            free[freeCount++] = slot;
        }
    }

    /** Takes heap entry {@code i} out, filling its place with the last entry. */
    private void removeAt(int i) {
        int last = --size;
        if (i == last) {
            return;
        }
        long t = times[last];
        long s = seqs[last];
        int slot = slotOf[last];
        if (i > 0 && before(t, s, times[(i - 1) >>> 1], seqs[(i - 1) >>> 1])) {
            siftUp(i, t, s, slot);
        } else {
            siftDown(i, t, s, slot);
        }
    }

    /** Places entry (t, s, slot) at the hole {@code i} or above it. */
    private void siftUp(int i, long t, long s, int slot) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, s, times[parent], seqs[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, t, s, slot);
    }

    /** Places entry (t, s, slot) at the hole {@code i} or below it. */
    private void siftDown(int i, long t, long s, int slot) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(times[right], seqs[right], times[child], seqs[child])) {
                child = right;
            }
            if (!before(times[child], seqs[child], t, s)) {
                break;
            }
            move(child, i);
            i = child;
        }
        put(i, t, s, slot);
    }

    private void move(int from, int to) {
        times[to] = times[from];
        seqs[to] = seqs[from];
        int slot = slotOf[from];
        slotOf[to] = slot;
        position[slot] = to;
    }

    private void put(int i, long t, long s, int slot) {
        times[i] = t;
        seqs[i] = s;
        slotOf[i] = slot;
        position[slot] = i;
    }

    private void grow() {
        int old = times.length;
        int n = old * 2;
        times = Arrays.copyOf(times, n);
        seqs = Arrays.copyOf(seqs, n);
        slotOf = Arrays.copyOf(slotOf, n);
        actions = Arrays.copyOf(actions, n);
        position = Arrays.copyOf(position, n);
        recurring = Arrays.copyOf(recurring, n);
        use = Arrays.copyOf(use, n);
        free = Arrays.copyOf(free, n);
        // the new slots are free
        for (int s = n - 1; s >= old; s--) {
            position[s] = -1;
            free[freeCount++] = s;
        }
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}

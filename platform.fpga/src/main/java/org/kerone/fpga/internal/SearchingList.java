package org.kerone.fpga.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.AbstractList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.TreeSet;
import org.kerone.fpga.Request;
import org.kerone.fpga.policy.AllocationPolicy;

/**
 * The PRR Monitor's unsolved requests, in the order the policy serves them, kept per device: when
 * one PRR changes, the monitor visits only the requests of the devices that fit it, and among them
 * only those of a priority that could take it, without walking the rest of the list.
 *
 * <p>A policy whose {@link AllocationPolicy#compare} throws loses its order: the list is sorted
 * again in the built-in policy's order, which it keeps until a policy is set again, and the failure
 * is told once. So does one whose order is seen to break its contract without throwing: a request
 * it no longer finds where the order says (an order that changed while requests waited, one that
 * depends on the time or on the policy's own changing state), or a sort that finds it inconsistent.
 */
final class SearchingList {
    private static final int PRIOS = PrioSet.BUCKETS;

    /** Told when the policy's order threw, with a request it was comparing and the reason. */
    interface OrderFailure {
        void failed(Request request, String reason);
    }

    private final AllocationPolicy fallback;
    private final OrderFailure onFailure;
    /** The policy whose order the list keeps. */
    private AllocationPolicy ordering;
    /** What the policy's compare threw (the list is in the fallback's order since), or null. */
    private Throwable failure;
    /** The failure is an order seen inconsistent, not one that threw. */
    private boolean inconsistent;
    private Request failedOn;
    private boolean failureTold;
    private final Comparator<Request> order = this::inOrder;
    private TreeSet<Request>[] byDevice = newSets(8);
    /** Requests per device and priority bucket (0..255). */
    private int[][] counts = new int[8][];
    private int[] sizes = new int[8];
    private final int[] byPriority = new int[PRIOS];
    private int size;
    private int max = Integer.MIN_VALUE;
    private List<Request> snapshot;
    /** Bumped when the list is sorted in another order (another policy, or the fallback from a throwing one). */
    private int orders;
    /** Bumped on every change, so that a snapshot taken before cannot be read after. */
    private long version;

    /** An empty list in {@code fallback}'s order, which it also falls back to when a policy's order throws. */
    SearchingList(AllocationPolicy fallback, OrderFailure onFailure) {
        this.fallback = fallback;
        this.onFailure = onFailure;
        this.ordering = fallback;
    }

    /** The policy's order (the fallback's once it threw), made total by arrival (request id) for requests it ranks equal. */
    private int inOrder(Request a, Request b) {
        int c = failure == null ? policyOrder(a, b) : fallback.compare(a, b);
        return c != 0 ? c : Long.compare(a.id(), b.id());
    }

    private int policyOrder(Request a, Request b) {
        try {
            return ordering.compare(a, b);
        } catch (RuntimeException | LinkageError e) {
            failure = e;
            failedOn = a;
            return fallback.compare(a, b);
        }
    }

    /**
     * After an operation during which the policy's order threw: the sets, built partly in one order
     * and partly in the other, are sorted again in the fallback's order, and the failure is told.
     */
    private void mendOrder() {
        if (failure == null || failureTold) {
            return;
        }
        failureTold = true;
        resort();
        onFailure.failed(failedOn, "its searching-list order " + (inconsistent ? "is not consistent: " + failure.getMessage()
                : "threw " + failure) + "; the list is in the " + BuiltinPolicy.NAME + " policy's order until a policy is selected again");
    }

    /** The policy's order was seen to break its contract without throwing: handled as one that threw. */
    private void inconsistentOrder(Request r, String problem) {
        if (failure == null) {
            failure = new IllegalStateException(problem);
            inconsistent = true;
            failedOn = r;
        }
        mendOrder();
    }

    /** Times the list was sorted in another order: a walk that sees this change starts again from the front. */
    int orders() {
        return orders;
    }

    private void resort() {
        orders++;
        for (int d = 0; d < byDevice.length; d++) {
            if (byDevice[d] != null) {
                TreeSet<Request> sorted = new TreeSet<>(order);
                // one by one: TreeSet.addAll would copy a set with the same comparator object as it is,
                // in its old order, without comparing anything
                for (Request r : byDevice[d]) {
                    sorted.add(r);
                }
                byDevice[d] = sorted;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static TreeSet<Request>[] newSets(int n) {
        return new TreeSet[n];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(Request request) {
        int dev = request.dev();
        if (dev >= byDevice.length) {
            int n = Math.max(dev + 1, byDevice.length * 2);
            byDevice = Arrays.copyOf(byDevice, n);
            counts = Arrays.copyOf(counts, n);
            sizes = Arrays.copyOf(sizes, n);
        }
        if (byDevice[dev] == null) {
            byDevice[dev] = new TreeSet<>(order);
            counts[dev] = new int[PRIOS];
        }
        byDevice[dev].add(request);
        sizes[dev]++;
        size++;
        int b = PrioSet.bucket(request.prio());
        counts[dev][b]++;
        byPriority[b]++;
        max = Math.max(max, b);
        snapshot = null;
        version++;
        mendOrder();
    }

    /** Removes a request by id (a request withdrawn: rare, so found by visiting the list). */
    boolean remove(long requestId) {
        for (TreeSet<Request> set : byDevice) {
            if (set != null) {
                for (Request r : set) {
                    if (r.id() == requestId) {
                        remove(r);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    void remove(Request r) {
        TreeSet<Request> set = byDevice[r.dev()];
        // the monitor nearly always serves the first of a device's requests: no search for it then
        if (set.first() == r) {
            set.pollFirst();
        } else if (!set.remove(r)) {
            // the order threw while it looked the request up, or it changed since the request was added: found
            // again in the mended order (and, should even that fail, by identity: a request never stays once removed)
            inconsistentOrder(r, "request " + r.id() + " was no longer where it placed it (an order must not change while requests wait)");
            TreeSet<Request> mended = byDevice[r.dev()];
            if (!mended.remove(r)) {
                mended.removeIf(x -> x == r);
            }
        }
        sizes[r.dev()]--;
        size--;
        int b = PrioSet.bucket(r.prio());
        counts[r.dev()][b]--;
        if (--byPriority[b] == 0 && b == max) {
            while (max >= 0 && byPriority[max] == 0) {
                max--;
            }
            if (max < 0) {
                max = Integer.MIN_VALUE;
            }
        }
        snapshot = null;
        version++;
    }

    /** The highest priority waiting (clamped to 0..255), or Integer.MIN_VALUE when none waits. */
    int maxPriority() {
        return max;
    }

    /**
     * How many requests for {@code dev} of a priority above {@code prio} wait, at least: priorities
     * beyond 0..255 share the end buckets, so the count may include some that are not above.
     */
    int countAbove(int dev, int prio) {
        if (dev >= counts.length || counts[dev] == null || sizes[dev] == 0) {
            return 0;
        }
        if (prio < 0) {
            return sizes[dev];
        }
        return countFrom(counts[dev], Math.min(PRIOS - 1, prio + 1));
    }

    /**
     * Exactly how many requests for {@code dev} of a priority of at least {@code prio} wait
     * ({@link org.kerone.fpga.policy.FabricView#waitingFor}): summed from the priority buckets,
     * except when {@code prio} falls in an end bucket that also holds lower priorities (it is 0 or
     * below, or above 255) and some request is in that bucket: then counted among the device's
     * requests one by one.
     */
    int countAtLeast(int dev, int prio) {
        if (dev < 0 || dev >= counts.length || counts[dev] == null || sizes[dev] == 0) {
            return 0;
        }
        if (prio == Integer.MIN_VALUE) {
            return sizes[dev];
        }
        int[] c = counts[dev];
        int first = PrioSet.bucket(prio);
        boolean bucketOfItsOwn = prio > 0 && prio < PRIOS;
        if (!bucketOfItsOwn && c[first] > 0) {
            int n = 0;
            for (Request r : byDevice[dev]) {
                if (r.prio() >= prio) {
                    n++;
                }
            }
            return n;
        }
        return countFrom(c, first);
    }

    /** The requests of one device's bucket counts {@code c} from bucket {@code first} up to the highest in use. */
    private int countFrom(int[] c, int first) {
        int n = 0;
        for (int b = first; b <= max; b++) {
            n += c[b];
        }
        return n;
    }

    /** Removes and returns the requests for {@code dev}, in order. */
    List<Request> removeDevice(int dev) {
        if (dev >= byDevice.length || byDevice[dev] == null || byDevice[dev].isEmpty()) {
            return List.of();
        }
        List<Request> removed = new ArrayList<>(byDevice[dev]);
        removed.forEach(this::remove);
        return removed;
    }

    /** Re-sorts the list under another policy's order. */
    void reorder(AllocationPolicy policy) {
        ordering = policy;
        failure = null;
        inconsistent = false;
        failedOn = null;
        failureTold = false;
        resort();
        snapshot = null;
        version++;
        mendOrder();
    }

    /**
     * The first request after {@code after} (null: from the start) in the list's order among the
     * requests for the devices {@code devs} (null: all), or null; {@code after} need not be in the
     * list any more.
     */
    Request next(Request after, int[] devs) {
        Request best = null;
        int n = devs == null ? byDevice.length : devs.length;
        for (int i = 0; i < n; i++) {
            int d = devs == null ? i : devs[i];
            TreeSet<Request> set = d < byDevice.length ? byDevice[d] : null;
            if (set == null || set.isEmpty()) {
                continue;
            }
            Request r = after == null ? set.first() : set.higher(after);
            if (r != null && (best == null || order.compare(r, best) < 0)) {
                best = r;
            }
        }
        if (failure != null && !failureTold) {
            mendOrder();
            return next(after, devs);
        }
        return best;
    }

    /**
     * The whole list in service order, read-only, valid until the list changes. Its size is known
     * at once; the merge of the per-device lists is made on the first element asked for.
     */
    List<Request> snapshot() {
        if (snapshot == null) {
            snapshot = new Snapshot(size);
        }
        return snapshot;
    }

    private final class Snapshot extends AbstractList<Request> implements RandomAccess {
        private final int length;
        private final long taken = version;
        private Request[] sorted;

        Snapshot(int length) {
            this.length = length;
        }

        @Override
        public int size() {
            return length;
        }

        @Override
        public Request get(int index) {
            Objects.checkIndex(index, length);
            if (sorted == null) {
                if (taken != version) {
                    throw new java.util.ConcurrentModificationException("the searching list changed since this view of it was taken");
                }
                List<Request> all = new ArrayList<>(length);
                for (TreeSet<Request> set : byDevice) {
                    if (set != null) {
                        all.addAll(set);
                    }
                }
                boolean ordered = failure == null;
                try {
                    all.sort(order);
                } catch (IllegalArgumentException e) {
                    if (!ordered) {
                        throw e; // the built-in order: not one to mend
                    }
                    if (failure == null) {
                        inconsistentOrder(all.get(0), "sorting the list found it inconsistent (" + e.getMessage() + ")");
                    }
                }
                if (ordered && failure != null) {
                    mendOrder();
                    all.sort(order);
                }
                sorted = all.toArray(new Request[0]);
            }
            return sorted[index];
        }
    }
}

package org.kerone.fpga.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.kerone.fpga.Request;
import org.kerone.fpga.policy.AllocationPolicy;

/** The PRR Monitor's unsolved requests, kept in the order the policy serves them. */
final class SearchingList {
    private final List<Request> requests = new ArrayList<>();
    /** Requests per priority (clamped to 0..255), to know the highest waiting priority in O(256). */
    private final int[] byPriority = new int[256];
    private AllocationPolicy order;
    private int cursor = -1;

    SearchingList(AllocationPolicy order) {
        this.order = order;
    }

    boolean isEmpty() {
        return requests.isEmpty();
    }

    int size() {
        return requests.size();
    }

    void add(Request request) {
        int lo = 0;
        int hi = requests.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order.compare(requests.get(mid), request) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        requests.add(lo, request);
        byPriority[slot(request)]++;
    }

    private static int slot(Request r) {
        return Math.max(0, Math.min(255, r.prio()));
    }

    /** The highest priority waiting, or Integer.MIN_VALUE when none waits. */
    int maxPriority() {
        for (int p = 255; p >= 0; p--) {
            if (byPriority[p] > 0) {
                return p;
            }
        }
        return Integer.MIN_VALUE;
    }

    boolean remove(long requestId) {
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).id() == requestId) {
                byPriority[slot(requests.remove(i))]--;
                if (i <= cursor) {
                    cursor--;
                }
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the requests matching {@code filter}, in order. */
    List<Request> removeIf(Predicate<Request> filter) {
        List<Request> removed = new ArrayList<>();
        requests.removeIf(r -> {
            if (filter.test(r)) {
                removed.add(r);
                byPriority[slot(r)]--;
                return true;
            }
            return false;
        });
        return removed;
    }

    /** Re-sorts the list under another policy's order (stable, so ties keep their order). */
    void reorder(AllocationPolicy newOrder) {
        order = newOrder;
        requests.sort(newOrder::compare);
    }

    /** Visits the requests in order while {@code visitor} returns true; it may call {@link #removeCurrent()}. */
    void forEachUntil(Predicate<Request> visitor) {
        try {
            for (cursor = 0; cursor < requests.size(); cursor++) {
                if (!visitor.test(requests.get(cursor))) {
                    return;
                }
            }
        } finally {
            cursor = -1;
        }
    }

    void removeCurrent() {
        byPriority[slot(requests.remove(cursor--))]--;
    }

    List<Request> snapshot() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }
}

package org.kerone.fpga.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.FabricView;

/**
 * The searching list after its order changed (another policy selected, or the policy's order threw
 * and the list fell back to the built-in one): walking it, removing from it and its snapshot all
 * follow the new order, and no request is lost or seen twice.
 */
class SearchingListOrderProperties {
    /** First come, first served: the order most unlike the built-in one (priority first). */
    private static final class Arrival implements AllocationPolicy {
        @Override
        public Solution solve(Request request, FabricView fabric) {
            return Solution.UNAVAILABLE;
        }

        @Override
        public int compare(Request a, Request b) {
            return Long.compare(a.id(), b.id());
        }
    }

    /** Arrival order, except that comparing request {@code bad} throws. */
    private static final class Throwing implements AllocationPolicy {
        private final long bad;

        Throwing(long bad) {
            this.bad = bad;
        }

        @Override
        public Solution solve(Request request, FabricView fabric) {
            return Solution.UNAVAILABLE;
        }

        @Override
        public int compare(Request a, Request b) {
            if (a.id() == bad || b.id() == bad) {
                throw new IllegalStateException("order bug");
            }
            return Long.compare(a.id(), b.id());
        }
    }

    @Property(tries = 300)
    void aListReorderedUnderAnotherPolicyIsWalkedAndEmptiedInThatOrder(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 100) Integer> prios,
            @ForAll @IntRange(min = 1, max = 3) int devices, @ForAll boolean toArrival) {
        // given requests in the built-in order (or in arrival order), then the other order selected
        SearchingList list = new SearchingList(new BuiltinPolicy(), (r, reason) -> { });
        List<Request> requests = requests(prios, devices);
        if (!toArrival) {
            list.reorder(new Arrival());
        }
        requests.forEach(list::add);
        AllocationPolicy now = toArrival ? new Arrival() : new BuiltinPolicy();
        list.reorder(now);

        assertServedInOrder(list, requests, now::compare);
    }

    @Property(tries = 300)
    void aListWhoseOrderThrowsFallsBackToTheBuiltinOrderWithEveryRequest(
            @ForAll @Size(min = 2, max = 40) List<@IntRange(min = 1, max = 100) Integer> prios,
            @ForAll @IntRange(min = 1, max = 3) int devices, @ForAll @IntRange(min = 0, max = 39) int badIndex) {
        // given a policy whose order throws for one request, added among the others
        List<String> told = new ArrayList<>();
        SearchingList list = new SearchingList(new BuiltinPolicy(), (r, reason) -> told.add(reason));
        List<Request> requests = requests(prios, devices);
        long bad = requests.get(badIndex % requests.size()).id();
        list.reorder(new Throwing(bad));
        requests.forEach(list::add);

        // then the list is in the built-in order, and that was said once
        // (the bad request's own insertion compares it, even into an empty set)
        assertThat(told).hasSize(1);
        assertServedInOrder(list, requests, new BuiltinPolicy()::compare);
    }

    private static List<Request> requests(List<Integer> prios, int devices) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < prios.size(); i++) {
            requests.add(new Request(i, i % 7, i % devices, prios.get(i), i * 10L, -1));
        }
        return requests;
    }

    /** The snapshot and a walk give every request once in {@code order}; serving them from the front empties the list. */
    private static void assertServedInOrder(SearchingList list, List<Request> requests, Comparator<Request> order) {
        List<Request> expected = new ArrayList<>(requests);
        expected.sort(order.thenComparingLong(Request::id));
        assertThat(new ArrayList<>(list.snapshot())).containsExactlyElementsOf(expected);
        List<Request> walked = new ArrayList<>();
        for (Request r = list.next(null, null); r != null; r = list.next(r, null)) {
            walked.add(r);
        }
        assertThat(walked).containsExactlyElementsOf(expected);
        for (Request r : expected) {
            assertThat(list.next(null, null)).isEqualTo(r);
            list.remove(r);
        }
        assertThat(list.size()).isZero();
        assertThat(list.snapshot()).isEmpty();
        assertThat(list.next(null, null)).isNull();
    }
}

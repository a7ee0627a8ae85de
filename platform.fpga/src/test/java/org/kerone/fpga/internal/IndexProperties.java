package org.kerone.fpga.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.Request;
import org.kerone.fpga.Resources;

/** The monitor's index structures against plain sorted collections and counts, under random adds and removes. */
class IndexProperties {
    private static List<Prr> prrs(int n) {
        List<Prr> prrs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            prrs.add(new Prr(i, new PrrSpec("p" + i, "c", new Resources(1, 1, 1, 1)), 0));
        }
        return prrs;
    }

    /** Each op: PRR index (low bits) and add/remove; ages repeat often so that ties are broken by index. */
    @Property(tries = 200)
    void ageListKeepsAgeThenIndexOrder(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 10_000) Integer> ops) {
        List<Prr> prrs = prrs(16);
        AgeList list = new AgeList();
        Comparator<AgeList.Node> byAge = Comparator.<AgeList.Node>comparingLong(n -> n.age).thenComparingInt(n -> n.prr.index);
        TreeSet<AgeList.Node> reference = new TreeSet<>(byAge);
        long clock = 0;
        for (int op : ops) {
            AgeList.Node node = prrs.get(op % 16).byClass;
            if (reference.remove(node)) {
                list.remove(node);
            } else {
                // mostly the latest time, sometimes an older one (a PRR put back with its old time)
                long age = op % 5 == 0 ? clock - (op % 7) : clock;
                clock += op % 3;
                list.add(node, age);
                reference.add(node);
            }
            List<AgeList.Node> walked = new ArrayList<>();
            for (AgeList.Node n = list.first(); n != null; n = n.next) {
                walked.add(n);
            }
            assertThat(walked).containsExactlyElementsOf(reference);
        }
    }

    /** Each op: PRR index and priority; a present PRR is removed, an absent one added at that priority. */
    @Property(tries = 200)
    void prioSetFindsLowestPriorityThenLowestIndex(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 1_000_000) Integer> ops,
            @ForAll @IntRange(min = -5, max = 300) int below) {
        PrioSet set = new PrioSet();
        int[] prioOf = new int[64];
        java.util.Arrays.fill(prioOf, Integer.MIN_VALUE);
        for (int op : ops) {
            int prr = op % 64;
            int prio = (op / 64) % 300 - 10;
            if (prioOf[prr] != Integer.MIN_VALUE) {
                set.remove(prioOf[prr], prr);
                prioOf[prr] = Integer.MIN_VALUE;
            } else {
                set.add(prio, prr);
                prioOf[prr] = prio;
            }
            // the first bucket's lowest index, as SimFabric reads it, against a scan
            int expectedBucket = Integer.MAX_VALUE;
            int expected = -1;
            for (int p = 0; p < 64; p++) {
                if (prioOf[p] != Integer.MIN_VALUE && PrioSet.bucket(prioOf[p]) < expectedBucket) {
                    expectedBucket = PrioSet.bucket(prioOf[p]);
                    expected = p;
                }
            }
            int bucket = set.nextBucket(0);
            assertThat(bucket).isEqualTo(expected < 0 ? -1 : expectedBucket);
            if (bucket >= 0) {
                assertThat(set.bucketSet(bucket).next(0)).isEqualTo(expected);
                int next = set.nextBucket(bucket + 1);
                int expectedNext = -1;
                for (int p = 0; p < 64; p++) {
                    int b = prioOf[p] == Integer.MIN_VALUE ? -1 : PrioSet.bucket(prioOf[p]);
                    if (b > bucket && (expectedNext < 0 || b < expectedNext)) {
                        expectedNext = b;
                    }
                }
                assertThat(next).isEqualTo(expectedNext);
            }
        }
    }

    /** Each op: an element below 300 set or cleared; then the next element from a few places, against a TreeSet. */
    @Property(tries = 200)
    void bitsAgreeWithASortedSet(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 599) Integer> ops) {
        Bits bits = new Bits();
        java.util.TreeSet<Integer> reference = new java.util.TreeSet<>();
        for (int op : ops) {
            int e = op % 300;
            if (op >= 300) {
                bits.clear(e);
                reference.remove(e);
            } else {
                bits.set(e);
                reference.add(e);
            }
            assertThat(bits.isEmpty()).isEqualTo(reference.isEmpty());
            for (int from : new int[] {0, e, e + 1, 63, 64, 65, 299, 300, 1000}) {
                Integer expected = reference.ceiling(from);
                assertThat(bits.next(from)).as("next(%d)", from).isEqualTo(expected == null ? -1 : expected);
            }
        }
    }

    /**
     * Each op: a request added (device 0..3, a priority from both ends of the buckets and beyond)
     * or, when op is odd and some wait, the op-th waiting one removed; then the per-device counts
     * of waiting requests of at least a priority, against a count over the requests added.
     */
    @Property(tries = 300)
    void searchingListCountsWaitingRequestsPerDeviceExactly(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 1_000_000) Integer> ops) {
        int[] prios = {Integer.MIN_VALUE, -7, -1, 0, 1, 2, 50, 100, 254, 255, 256, 300, Integer.MAX_VALUE};
        SearchingList list = new SearchingList(new BuiltinPolicy(), (r, reason) -> { });
        List<Request> waiting = new ArrayList<>();
        long id = 0;
        for (int op : ops) {
            if (op % 2 == 1 && !waiting.isEmpty()) {
                list.remove(waiting.remove(op % waiting.size()));
            } else {
                Request r = new Request(id++, 1, op % 4, prios[(op / 4) % prios.length], 0);
                list.add(r);
                waiting.add(r);
            }
            for (int dev = -1; dev <= 4; dev++) {
                for (int min : prios) {
                    int d = dev;
                    long expected = waiting.stream().filter(r -> r.dev() == d && r.prio() >= min).count();
                    assertThat(list.countAtLeast(dev, min)).as("device %d, at least %d", dev, min).isEqualTo((int) expected);
                }
            }
        }
    }
}

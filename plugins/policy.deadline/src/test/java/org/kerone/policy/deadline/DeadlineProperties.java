package org.kerone.policy.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.kerone.fpga.PrrState;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.Choices;
import org.kerone.fpga.policy.FabricView;
import org.kerone.fpga.policy.FakeFabric;
import org.kerone.fpga.policy.PrrView;
import org.kerone.fpga.policy.RandomFabric;

/**
 * The deadline policy, which answers from the view's indexed queries when no PRR can be taken,
 * decides exactly as its first version did by visiting every PRR: same solution on random fabric
 * states, with deadlines just before, on and just after each T_RCFG, ties, HOLD and reservations.
 */
class DeadlineProperties {
    private static final String HOLD = "assign a PRR in HOLD";
    private static final String PREEMPT = "preempt";
    private static final String NO_DEADLINE = "unavailable: no deadline";
    private static final String PASSED = "unavailable: deadline passed";
    private static final String NOTHING = "unavailable: nothing to take";
    private static final String NONE_IN_TIME = "unavailable: nothing to take in time";

    private final DeadlinePolicy policy = new DeadlinePolicy();

    /** PRRs in any state. */
    @Property(tries = 10_000)
    void decidesAsTheScanningVersion(@ForAll Random random) {
        FakeFabric fabric = RandomFabric.of(random);
        Request request = RandomFabric.request(random, fabric);

        String kind = sameAnswer(request, fabric);

        Statistics.label("answer").collect(kind).coverage(c -> {
            c.check("assign a free PRR").percentage(p -> p > 5);
            c.check(HOLD).percentage(p -> p > 0.5);
            c.check(PREEMPT).percentage(p -> p > 1);
            c.check(NO_DEADLINE).percentage(p -> p > 5);
            c.check(NONE_IN_TIME).percentage(p -> p > 0.5);
        });
    }

    /** No PRR free: where a PRR is taken from a lower priority, or not, by the deadline. */
    @Property(tries = 20_000)
    void takesAPrrAsTheScanningVersion(@ForAll Random random) {
        FakeFabric fabric = RandomFabric.of(random, PrrState.RECONFIGURING, PrrState.HOLD, PrrState.BUSY, PrrState.STOPPING);
        Request request = RandomFabric.request(random, fabric);

        String kind = sameAnswer(request, fabric);

        Statistics.label("answer").collect(kind).coverage(c -> {
            c.check(HOLD).percentage(p -> p > 2);
            c.check(PREEMPT).percentage(p -> p > 2);
            c.check(NONE_IN_TIME).percentage(p -> p > 2);
            c.check(NOTHING).percentage(p -> p > 2);
            c.check(PASSED).percentage(p -> p > 2);
        });
    }

    /** Asserts that both versions answer the same; returns which rule gave the answer. */
    private String sameAnswer(Request request, FakeFabric fabric) {
        Solution expected = Scanning.solve(request, fabric);
        assertThat(policy.solve(request, fabric)).as("%s for %s", fabric, request).isEqualTo(expected);
        // with no PRR free, which rule answered (the labels of unavailable answers assume that)
        return switch (expected.kind()) {
            case ASSIGN -> fabric.prr(expected.prr()).state() == PrrState.HOLD ? HOLD : "assign a free PRR";
            case PREEMPT -> PREEMPT;
            default -> request.deadlineNs() == Long.MAX_VALUE ? NO_DEADLINE
                    : request.deadlineNs() < fabric.nowNs() ? PASSED
                    : Arrays.stream(fabric.compatiblePrrs(request.dev())).mapToObj(fabric::prr).noneMatch(prr -> takable(prr, request))
                            ? NOTHING
                    : NONE_IN_TIME;
        };
    }

    /** Unreserved, in HOLD or BUSY for a lower priority than the request's. */
    private static boolean takable(PrrView prr, Request request) {
        return !prr.reserved() && (prr.state() == PrrState.HOLD || prr.state() == PrrState.BUSY) && prr.jobPrio() < request.prio();
    }

    /** The first version of {@link DeadlinePolicy#solve}, verbatim: every compatible PRR for (2). */
    static final class Scanning {
        static Solution solve(Request request, FabricView fabric) {
            Solution free = Choices.free(request, fabric);
            if (free != null) {
                return free;
            }
            if (request.deadlineNs() == Long.MAX_VALUE) {
                return Solution.UNAVAILABLE;
            }
            long slack = request.deadlineNs() - fabric.nowNs();
            int best = -1;
            long bestStart = Long.MAX_VALUE;
            for (int p : fabric.compatiblePrrs(request.dev())) {
                PrrView prr = fabric.prr(p);
                boolean taken = prr.state() == PrrState.BUSY || prr.state() == PrrState.HOLD;
                if (prr.reserved() || !taken || prr.jobPrio() >= request.prio()) {
                    continue;
                }
                long start = prr.device() == request.dev() ? 0 : fabric.reconfigurationTimeNs(request.dev(), p);
                if (start <= slack && (best < 0 || start < bestStart || (start == bestStart && before(prr, fabric.prr(best))))) {
                    best = p;
                    bestStart = start;
                }
            }
            if (best < 0) {
                return Solution.UNAVAILABLE;
            }
            boolean reconfig = fabric.prr(best).device() != request.dev();
            return fabric.prr(best).state() == PrrState.HOLD ? Solution.assign(best, reconfig) : Solution.preempt(best, reconfig);
        }

        private static boolean before(PrrView a, PrrView b) {
            boolean aHold = a.state() == PrrState.HOLD;
            boolean bHold = b.state() == PrrState.HOLD;
            return aHold != bHold ? aHold : a.jobPrio() < b.jobPrio();
        }
    }
}

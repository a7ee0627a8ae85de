package org.kerone.policy.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
 * The reuse policy answers from the view's indexed queries exactly as its first version did by
 * visiting every PRR and reading the searching list for each: same solution on random fabric
 * states, ties, HOLD, reservations and the sparing bound included.
 */
class ReuseProperties {
    private final ReusePolicy policy = new ReusePolicy();

    /** PRRs in any state. */
    @Property(tries = 10_000)
    void decidesAsTheScanningVersion(@ForAll Random random) {
        FakeFabric fabric = RandomFabric.of(random);
        Request request = RandomFabric.request(random, fabric);

        String kind = sameAnswer(request, fabric);

        Statistics.label("answer").collect(kind).coverage(c -> {
            c.check("reuse").percentage(p -> p > 5);
            c.check("empty").percentage(p -> p > 5);
            c.check(OLDEST).percentage(p -> p > 2);
            c.check(OTHER).percentage(p -> p > 0.2);
            c.check("preempt").percentage(p -> p > 2);
            c.check("unavailable").percentage(p -> p > 5);
        });
    }

    /** No PRR empty: where an idle PRR holding another device is chosen by its waiters and sparing. */
    @Property(tries = 20_000)
    void choosesTheIdlePrrToReconfigureAsTheScanningVersion(@ForAll Random random) {
        FakeFabric fabric = RandomFabric.of(random, PrrState.IDLE, PrrState.HOLD, PrrState.BUSY);
        Request request = RandomFabric.request(random, fabric);

        String kind = sameAnswer(request, fabric);

        Statistics.label("answer").collect(kind).coverage(c -> {
            c.check(OLDEST).percentage(p -> p > 5);
            c.check(OTHER).percentage(p -> p > 1);
        });
    }

    private static final String OLDEST = "reconfigure the oldest idle";
    private static final String OTHER = "reconfigure another idle (fewer wanted or spared)";

    /** Asserts that both versions answer the same; returns which rule gave the answer. */
    private String sameAnswer(Request request, FakeFabric fabric) {
        Solution expected = Scanning.solve(request, fabric);
        assertThat(policy.solve(request, fabric)).as("%s for %s", fabric, request).isEqualTo(expected);
        return kind(expected, request, fabric);
    }

    /** Which rule gave the answer; for the coverage check that random states reach every rule. */
    private static String kind(Solution s, Request request, FabricView fabric) {
        return switch (s.kind()) {
            case ASSIGN -> !s.reconfig() ? "reuse"
                    : fabric.prr(s.prr()).state() == PrrState.EMPTY ? "empty"
                    : s.prr() == fabric.oldestIdle(request.dev(), false, request.prio()) ? OLDEST
                    : OTHER;
            case PREEMPT -> "preempt";
            default -> s.kind().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The first version of {@link ReusePolicy#solve}, verbatim: every compatible PRR, the whole list per PRR. */
    static final class Scanning {
        static Solution solve(Request request, FabricView fabric) {
            List<Request> waiting = fabric.searchingList();
            int holding = -1;
            int empty = -1;
            int best = -1;
            int bestWanted = Integer.MAX_VALUE;
            for (int p : fabric.compatiblePrrs(request.dev())) {
                PrrView prr = fabric.prr(p);
                if (prr.reserved()) {
                    continue;
                }
                PrrState state = prr.state();
                if (state == PrrState.HOLD && prr.jobPrio() < request.prio()) {
                    state = PrrState.IDLE;
                }
                if (state == PrrState.EMPTY) {
                    empty = empty < 0 ? p : empty;
                } else if (state == PrrState.IDLE && prr.device() == request.dev()) {
                    if (holding < 0 || prr.lastChangeNs() < fabric.prr(holding).lastChangeNs()) {
                        holding = p;
                    }
                } else if (state == PrrState.IDLE && !spares(request, prr, waiting, fabric)) {
                    int wanted = wanted(prr.device(), waiting);
                    if (best < 0 || wanted < bestWanted
                            || (wanted == bestWanted && prr.lastChangeNs() < fabric.prr(best).lastChangeNs())) {
                        best = p;
                        bestWanted = wanted;
                    }
                }
            }
            if (holding >= 0) {
                return Solution.assign(holding, false);
            }
            if (empty >= 0 || best >= 0) {
                return Solution.assign(empty >= 0 ? empty : best, true);
            }
            Solution victim = Choices.lowerPriorityVictim(request, fabric);
            return victim != null ? victim : Solution.UNAVAILABLE;
        }

        private static boolean spares(Request request, PrrView prr, List<Request> waiting, FabricView fabric) {
            if (fabric.nowNs() - request.arrivalNs() >= fabric.reconfigurationTimeNs(request.dev(), prr.index())) {
                return false;
            }
            for (Request w : waiting) {
                if (w.dev() == prr.device() && w.prio() >= request.prio() && w.id() != request.id()) {
                    return true;
                }
            }
            return false;
        }

        private static int wanted(int dev, List<Request> waiting) {
            int n = 0;
            for (Request w : waiting) {
                if (w.dev() == dev) {
                    n++;
                }
            }
            return n;
        }
    }
}

package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The discrete-event kernel: time order, FIFO ties, relative scheduling, cancellation, refusals and counters. */
class KernelTest {

    @Test
    void runsEventsInTimeOrderWhateverTheSchedulingOrder() {
        // given
        Kernel kernel = new Kernel();
        List<Long> seen = new ArrayList<>();
        for (long t : new long[] {30, 10, 50, 20, 40}) {
            kernel.at(t, () -> seen.add(kernel.now()));
        }

        // when
        while (kernel.step()) {
            // run
        }

        // then
        assertThat(seen).containsExactly(10L, 20L, 30L, 40L, 50L);
        assertThat(kernel.now()).isEqualTo(50);
    }

    @Test
    void runsEventsOfTheSameTimeInSchedulingOrder() {
        // given
        Kernel kernel = new Kernel();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String name = "e" + i;
            kernel.at(7, () -> seen.add(name));
        }

        // when
        while (kernel.step()) {
            // run
        }

        // then
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("e" + i);
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void anEventScheduledForNowRunsAfterTheEventsAlreadyDueNow() {
        // given
        Kernel kernel = new Kernel();
        List<String> seen = new ArrayList<>();
        kernel.at(5, () -> {
            seen.add("a");
            kernel.after(0, () -> seen.add("a+0"));
        });
        kernel.at(5, () -> seen.add("b"));

        // when
        while (kernel.step()) {
            // run
        }

        // then
        assertThat(seen).containsExactly("a", "b", "a+0");
    }

    @Test
    void afterIsRelativeToNow() {
        // given
        Kernel kernel = new Kernel();
        long[] ranAt = new long[1];
        kernel.at(100, () -> kernel.after(25, () -> ranAt[0] = kernel.now()));

        // when
        kernel.step();

        // then
        assertThat(kernel.nextTime()).isEqualTo(125);
        kernel.step();
        assertThat(ranAt[0]).isEqualTo(125);
    }

    @Test
    void refusesATimeInThePast() {
        // given
        Kernel kernel = new Kernel();
        kernel.at(100, () -> { });
        kernel.step();

        // when / then
        assertThatThrownBy(() -> kernel.at(99, () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99")
                .hasMessageContaining("past");
        assertThat(kernel.pending()).isZero();
    }

    @Test
    void acceptsTheCurrentTime() {
        // given
        Kernel kernel = new Kernel();
        kernel.at(100, () -> { });
        kernel.step();

        // when
        kernel.at(100, () -> { });

        // then
        assertThat(kernel.nextTime()).isEqualTo(100);
    }

    @Test
    void refusesANegativeDelay() {
        // given
        Kernel kernel = new Kernel();

        // when / then
        assertThatThrownBy(() -> kernel.after(-1, () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative delay -1");
        assertThat(kernel.pending()).isZero();
    }

    @Test
    void anEmptyKernelHasNothingToRun() {
        // given
        Kernel kernel = new Kernel();

        // when
        boolean ran = kernel.step();

        // then
        assertThat(ran).isFalse();
        assertThat(kernel.nextTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(kernel.pending()).isZero();
        assertThat(kernel.fired()).isZero();
        assertThat(kernel.now()).isZero();
    }

    @Test
    void countsPendingAndFiredEvents() {
        // given
        Kernel kernel = new Kernel();
        kernel.at(3, () -> { });
        kernel.at(1, () -> { });
        kernel.at(2, () -> { });

        // when
        kernel.step();

        // then
        assertThat(kernel.pending()).isEqualTo(2);
        assertThat(kernel.fired()).isEqualTo(1);
        assertThat(kernel.now()).isEqualTo(1);
        assertThat(kernel.nextTime()).isEqualTo(2);
    }

    @Test
    void theObserverRunsAfterEveryEventOnceItsActionIsDone() {
        // given
        Kernel kernel = new Kernel();
        List<String> log = new ArrayList<>();
        kernel.at(1, () -> log.add("action@" + kernel.now()));
        kernel.at(2, () -> log.add("action@" + kernel.now()));
        kernel.observe(() -> log.add("observe@" + kernel.now() + "#" + kernel.fired()));

        // when
        while (kernel.step()) {
            // run
        }

        // then
        assertThat(log).containsExactly("action@1", "observe@1#1", "action@2", "observe@2#2");
    }

    @Test
    void aLargeRandomSchedulePopsSortedByTimeThenSchedulingOrder() {
        // given: times drawn from a small range so that many tie
        Kernel kernel = new Kernel();
        SplittableRandom random = new SplittableRandom(7);
        int n = 20_000;
        long[][] expected = new long[n][];
        List<long[]> popped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = random.nextLong(1_000);
            long seq = i;
            expected[i] = new long[] {t, seq};
            kernel.at(t, () -> popped.add(new long[] {kernel.now(), seq}));
        }
        Arrays.sort(expected, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));

        // when
        while (kernel.step()) {
            // run
        }

        // then
        assertThat(popped).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(popped.get(i)).as("event %d", i).containsExactly(expected[i]);
        }
    }

    @Property(tries = 200)
    void interleavedSchedulingAndSteppingNeverGoesBackInTime(@ForAll @IntRange(min = 1, max = 300) int events,
            @ForAll @LongRange(min = 0, max = 1_000) long maxDelay, @ForAll long seed) {
        // given: events that schedule further events while the kernel runs
        Kernel kernel = new Kernel();
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> times = new ArrayList<>();
        int[] budget = {events};
        Runnable[] spawn = new Runnable[1];
        spawn[0] = () -> {
            times.add(kernel.now());
            int children = random.nextInt(3);
            for (int c = 0; c < children && budget[0] > 0; c++, budget[0]--) {
                kernel.after(random.nextLong(maxDelay + 1), spawn[0]);
            }
        };
        kernel.at(0, spawn[0]);

        // when
        while (kernel.step()) {
            // run
        }

        // then
        assertThat(times).isSorted();
        assertThat(kernel.fired()).isEqualTo(times.size());
        assertThat(kernel.pending()).isZero();
    }

    @Test
    void aCancelledActionNeverRunsAndLeavesTheQueueAtOnce() {
        // given
        Kernel kernel = new Kernel();
        List<String> seen = new ArrayList<>();
        kernel.at(10, () -> seen.add("a"));
        long b = kernel.at(20, () -> seen.add("b"));
        kernel.at(30, () -> seen.add("c"));

        // when
        boolean cancelled = kernel.cancel(b);

        // then
        assertThat(cancelled).isTrue();
        assertThat(kernel.pending()).isEqualTo(2);
        while (kernel.step()) {
            // run
        }
        assertThat(seen).containsExactly("a", "c");
        assertThat(kernel.fired()).isEqualTo(2);
        assertThat(kernel.now()).isEqualTo(30);
    }

    @Test
    void aTokenNamesOneSchedulingOnly() {
        // given: an action that ran, and a new action that reuses its place in the queue
        Kernel kernel = new Kernel();
        List<String> seen = new ArrayList<>();
        long ran = kernel.at(1, () -> seen.add("first"));
        kernel.step();
        long next = kernel.at(2, () -> seen.add("second"));

        // when: the old token, a cancelled one and NONE are cancelled (again)
        boolean old = kernel.cancel(ran);
        boolean none = kernel.cancel(Kernel.NONE);
        long dropped = kernel.at(3, () -> seen.add("dropped"));
        boolean once = kernel.cancel(dropped);
        boolean twice = kernel.cancel(dropped);

        // then: only the live scheduling was cancelled, and only once
        assertThat(old).isFalse();
        assertThat(none).isFalse();
        assertThat(once).isTrue();
        assertThat(twice).isFalse();
        assertThat(next).isNotEqualTo(ran);
        while (kernel.step()) {
            // run
        }
        assertThat(seen).containsExactly("first", "second");
    }

    @Property(tries = 200)
    void cancellingAnyPendingActionsKeepsTheOthersInTimeThenSchedulingOrder(@ForAll @IntRange(min = 1, max = 2_000) int events,
            @ForAll @LongRange(min = 1, max = 500) long maxTime, @ForAll long seed) {
        // given: actions scheduled and cancelled at random, some from inside running actions
        Kernel kernel = new Kernel();
        SplittableRandom random = new SplittableRandom(seed);
        List<long[]> expected = new ArrayList<>();
        List<long[]> popped = new ArrayList<>();
        List<Long> tokens = new ArrayList<>();
        java.util.Map<Long, long[]> byToken = new java.util.HashMap<>();
        long[] order = {0};
        Runnable[] schedule = new Runnable[1];
        schedule[0] = () -> {
            long t = kernel.now() + random.nextLong(maxTime);
            long[] entry = {t, order[0]++};
            long token = kernel.at(t, () -> {
                popped.add(entry);
                if (order[0] < events && random.nextBoolean()) {
                    schedule[0].run();
                }
            });
            tokens.add(token);
            byToken.put(token, entry);
            expected.add(entry);
        };
        for (int i = 0; i < events / 2; i++) {
            schedule[0].run();
        }
        int cancelled = 0;
        for (int i = 0; i < events / 4; i++) {
            long token = tokens.get(random.nextInt(tokens.size()));
            if (kernel.cancel(token)) {
                expected.remove(byToken.get(token));
                cancelled++;
            }
        }
        int pendingAfterCancels = kernel.pending();

        // when
        while (kernel.step()) {
            if (random.nextInt(4) == 0) {
                long token = tokens.get(random.nextInt(tokens.size()));
                if (kernel.cancel(token)) {
                    expected.remove(byToken.get(token));
                }
            }
        }

        // then: every action ran once unless cancelled, in time order then scheduling order
        assertThat(pendingAfterCancels).isEqualTo(events / 2 - cancelled);
        assertThat(popped).containsExactlyInAnyOrderElementsOf(expected);
        for (int i = 1; i < popped.size(); i++) {
            long[] a = popped.get(i - 1);
            long[] b = popped.get(i);
            assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])).as("%s before %s", Arrays.toString(a), Arrays.toString(b))
                    .isTrue();
        }
        assertThat(kernel.pending()).isZero();
    }

    @Test
    void aRecurringActionRunsOncePerSchedulingAndCanBeCancelled() {
        // given: a recurring action among ordinary ones
        Kernel kernel = new Kernel();
        List<String> seen = new ArrayList<>();
        int tick = kernel.recurring(() -> seen.add("tick@" + kernel.now()));
        kernel.at(5, () -> seen.add("a@" + kernel.now()));

        // when: it is scheduled, runs, is scheduled again and cancelled, then scheduled once more
        kernel.afterRecurring(tick, 5);
        while (kernel.step()) {
            // run
        }
        long token = kernel.afterRecurring(tick, 1);
        boolean cancelled = kernel.cancel(token);
        boolean again = kernel.cancel(token);
        kernel.afterRecurring(tick, 2);

        // then: it ran in scheduling order with the others, and its second scheduling never ran
        assertThat(cancelled).isTrue();
        assertThat(again).isFalse();
        assertThatThrownBy(() -> kernel.afterRecurring(tick, 3)).isInstanceOf(IllegalStateException.class);
        while (kernel.step()) {
            // run
        }
        assertThat(seen).containsExactly("a@5", "tick@5", "tick@7");
        assertThat(kernel.pending()).isZero();
    }

    @Test
    void recurringActionsKeepTheirSlotsWhileTheQueueGrows() {
        // given: recurring actions registered before and after many ordinary events were queued
        Kernel kernel = new Kernel();
        List<Long> seen = new ArrayList<>();
        int first = kernel.recurring(() -> seen.add(-kernel.now()));
        for (int i = 0; i < 1_000; i++) {
            kernel.at(1_000 + i, () -> seen.add(kernel.now()));
        }
        int second = kernel.recurring(() -> seen.add(-kernel.now()));

        // when
        kernel.afterRecurring(first, 1_500);
        kernel.afterRecurring(second, 10);
        while (kernel.step()) {
            // run
        }

        // then
        assertThat(seen).hasSize(1_002);
        assertThat(seen.get(0)).isEqualTo(-10L);
        assertThat(seen.indexOf(-1_500L)).isEqualTo(502);
    }

    @Test
    void anEventEarlierThanEverythingPendingKeepsTimeThenSchedulingOrder() {
        // given: A, then B at the same time, then C and D earlier, then E earlier still, cancelled
        Kernel kernel = new Kernel();
        List<String> seen = new ArrayList<>();
        kernel.at(5, () -> seen.add("A"));
        kernel.at(5, () -> seen.add("B"));
        kernel.at(3, () -> seen.add("C"));
        kernel.at(3, () -> seen.add("D"));
        long e = kernel.at(1, () -> seen.add("E"));

        // when
        long firstDue = kernel.nextTime();
        kernel.cancel(e);
        long nextDue = kernel.nextTime();
        int pending = kernel.pending();
        while (kernel.step()) {
            // run
        }

        // then
        assertThat(firstDue).isEqualTo(1);
        assertThat(nextDue).isEqualTo(3);
        assertThat(pending).isEqualTo(4);
        assertThat(seen).containsExactly("C", "D", "A", "B");
    }
}

package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class EventPublisherTest {
    /** An Event Admin the publisher may only send to, from its own thread. */
    interface SendOnly extends EventAdmin {
        @Override
        default void postEvent(Event event) {
            throw new AssertionError("events are sent from the publisher's thread, not posted");
        }
    }

    /** An Event Admin whose subscriber takes its time: the first event blocks until released. */
    static final class SlowAdmin implements SendOnly {
        final List<Event> delivered = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void sendEvent(Event event) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(event);
        }
    }

    private final List<String> reports = new CopyOnWriteArrayList<>();
    private EventPublisher publisher;

    @AfterEach
    void stop() throws InterruptedException {
        if (publisher != null) {
            publisher.stop();
        }
    }

    @Test
    void aSlowSubscriberMakesEventsDroppedAndCountedInsteadOfQueuedWithoutBound() throws Exception {
        // given a publisher that may be 100 events behind, and a subscriber stuck on the first event
        SlowAdmin admin = new SlowAdmin();
        publisher = new EventPublisher(() -> admin, () -> true, reports::add, 100);
        publisher.publish("trap", Map.of("t", 0L));
        assertThat(admin.entered.await(5, TimeUnit.SECONDS)).isTrue();

        // when the platform goes on with 105 more events
        for (long t = 1; t <= 105; t++) {
            publisher.publish("trap", Map.of("t", t));
        }

        // then 100 wait, the 5 that do not fit are dropped, and one line says so at once
        assertThat(publisher.backlog()).isEqualTo(100);
        assertThat(reports).containsExactly("Event Admin's subscribers are 100 trace events behind the platform:"
                + " further events are not posted until they catch up");

        // and once the subscriber catches up, every queued event arrives in order and the loss is counted
        admin.release.countDown();
        waitFor(() -> reports.size() == 2);
        assertThat(admin.delivered).extracting(e -> e.getProperty("t")).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(0, 100).boxed().toList());
        assertThat(admin.delivered).allSatisfy(e -> assertThat(e.getTopic()).isEqualTo("kerone/trap"));
        assertThat(reports.get(1)).isEqualTo("5 trace events were not posted to Event Admin while its subscribers were behind");

        // and an event after that is delivered without a word
        publisher.publish("served", Map.of("t", 200L));
        waitFor(() -> admin.delivered.size() == 102);
        assertThat(reports).hasSize(2);
    }

    @Test
    void stoppingSendsTheEventsStillWaitingFirst() throws Exception {
        // given a subscriber taking 2 ms an event, and the last events of a platform that stops (its requests failing)
        List<Event> delivered = new CopyOnWriteArrayList<>();
        SendOnly admin = event -> {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(event);
        };
        publisher = new EventPublisher(() -> admin, () -> true, reports::add, 100);
        for (long t = 0; t < 20; t++) {
            publisher.publish("failed", Map.of("t", t));
        }

        // when the platform stops
        publisher.stop();

        // then every one of them reached the subscriber, in order
        assertThat(delivered).extracting(e -> e.getProperty("t")).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 20).boxed().toList());
        assertThat(reports).isEmpty();
    }

    @Test
    void withoutEventAdminNothingIsKept() throws Exception {
        publisher = new EventPublisher(() -> null, () -> true, reports::add, 10);
        for (int i = 0; i < 50; i++) {
            publisher.publish("trap", Map.of("t", (long) i));
        }
        assertThat(publisher.backlog()).isZero();
        assertThat(reports).isEmpty();
    }

    @Test
    void withoutASubscriberToKeroneTopicsNothingIsKept() throws Exception {
        // given an Event Admin but no handler of kerone/ topics (Event Admin would deliver to no one)
        SlowAdmin admin = new SlowAdmin();
        admin.release.countDown();
        java.util.concurrent.atomic.AtomicBoolean subscribed = new java.util.concurrent.atomic.AtomicBoolean();
        publisher = new EventPublisher(() -> admin, subscribed::get, reports::add, 10);

        // when the platform publishes, then nothing is queued nor sent, and nothing is said
        for (int i = 0; i < 50; i++) {
            publisher.publish("trap", Map.of("t", (long) i));
        }
        assertThat(publisher.backlog()).isZero();
        assertThat(admin.delivered).isEmpty();
        assertThat(reports).isEmpty();

        // and once a handler subscribes, events are sent
        subscribed.set(true);
        publisher.publish("trap", Map.of("t", 50L));
        waitFor(() -> admin.delivered.size() == 1);
    }

    @Test
    void aHandlerListensWhenOneOfItsTopicsCoversAKeroneEvent() {
        assertThat(EventPublisher.listens("kerone/*")).isTrue();
        assertThat(EventPublisher.listens("kerone/served")).isTrue();
        assertThat(EventPublisher.listens("*")).isTrue();
        assertThat(EventPublisher.listens(new String[] {"org/osgi/framework/*", "kerone/trap"})).isTrue();
        assertThat(EventPublisher.listens(List.of("org/osgi/*", "kerone/*"))).isTrue();
        assertThat(EventPublisher.listens("org/osgi/framework/BundleEvent/*")).isFalse();
        assertThat(EventPublisher.listens("keroneX/*")).isFalse();
        assertThat(EventPublisher.listens(new String[] {"a/b"})).isFalse();
        assertThat(EventPublisher.listens(null)).isFalse();
    }

    /** Like Felix Event Admin 1.6 (its DenylistLatch): an interrupt during sendEvent ends the wait and is swallowed. */
    static final class InterruptSwallowingAdmin implements SendOnly {
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public void sendEvent(Event event) {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // swallowed: the interrupt status is cleared and not restored
            }
        }
    }

    @Test
    void stopEndsTheThreadEvenWhenEventAdminSwallowsTheInterrupt() throws Exception {
        // given a publisher whose thread is inside an Event Admin that swallows interrupts
        InterruptSwallowingAdmin admin = new InterruptSwallowingAdmin();
        publisher = new EventPublisher(() -> admin, () -> true, reports::add, 100);
        publisher.publish("trap", Map.of("t", 0L));
        assertThat(admin.entered.await(5, TimeUnit.SECONDS)).isTrue();

        // when the platform stops it
        publisher.stop();

        // then its thread ends (a thread left waiting keeps the stopped platform, its machine and fabric, for good)
        assertThat(publisher.alive()).isFalse();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}

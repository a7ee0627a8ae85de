package org.kerone.vmm.internal;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Hands the live platform's trace events to Event Admin from a thread of its own, at most
 * {@code capacity} events behind the kernel. The kernel never waits for a subscriber; when the
 * subscribers fall that far behind, the events that do not fit are dropped and counted instead of
 * queuing without bound (Event Admin's own asynchronous queue grows as long as a subscriber is slower
 * than the platform). Two lines tell of it: one when events start being dropped, one with their
 * number once the subscribers have caught up. Events keep their order; those still waiting when the
 * platform stops are sent before it ends. While no event handler subscribes to {@code kerone/}
 * topics, nothing is queued: Event Admin would deliver to no one.
 */
final class EventPublisher {
    /** Events waiting for Event Admin at most, by default: a few seconds of a busy platform's trace. */
    static final int CAPACITY = 10_000;
    /** Put in the queue by {@link #stop} to wake the thread: never delivered. */
    private static final Event END = new Event("kerone/end", Map.of());

    private final Supplier<EventAdmin> admin;
    private final BooleanSupplier subscribed;
    private final Consumer<String> report;
    private final BlockingQueue<Event> queue;
    private final int capacity;
    /** Events dropped since the subscribers last caught up. */
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    /** Set by {@link #stop}: the thread ends once the events waiting are sent. */
    private volatile boolean closing;
    /**
     * Set by {@link #stop} when the events waiting could not be sent in time. The thread does not rely
     * on its interrupt alone: Felix Event Admin 1.6 swallows an interrupt that comes during sendEvent,
     * and the thread then waited for an event for good, keeping the stopped platform with it.
     */
    private volatile boolean stopped;

    /**
     * @param admin the Event Admin to deliver to, or null when there is none (events are then not kept)
     * @param subscribed whether some event handler subscribes to {@code kerone/} topics (see {@link #listens})
     * @param report receives the lines that tell of dropped events
     */
    EventPublisher(Supplier<EventAdmin> admin, BooleanSupplier subscribed, Consumer<String> report, int capacity) {
        this.admin = admin;
        this.subscribed = subscribed;
        this.report = report;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::deliver, "kerone-events");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Whether an event handler with this {@code event.topics} property (a String, an array or a
     * collection of them) receives some of the platform's {@code kerone/<ev>} events.
     */
    static boolean listens(Object topics) {
        if (topics instanceof String t) {
            return t.equals("*") || t.startsWith("kerone/");
        }
        if (topics instanceof Object[] array) {
            return java.util.Arrays.stream(array).anyMatch(EventPublisher::listens);
        }
        if (topics instanceof java.util.Collection<?> collection) {
            return collection.stream().anyMatch(EventPublisher::listens);
        }
        return false;
    }

    /** Queues the event {@code kerone/<ev>} for Event Admin, or drops it when the subscribers are too far behind. */
    void publish(String ev, Map<String, Object> fields) {
        if (stopped || admin.get() == null || !subscribed.getAsBoolean()) {
            return;
        }
        if (!queue.offer(new Event("kerone/" + ev, fields)) && dropped.getAndIncrement() == 0) {
            report.accept("Event Admin's subscribers are " + capacity + " trace events behind the platform: further events"
                    + " are not posted until they catch up");
        }
    }

    /** Events waiting for Event Admin. */
    int backlog() {
        return queue.size();
    }

    /** Tests: whether the delivering thread still runs. */
    boolean alive() {
        return thread.isAlive();
    }

    private void deliver() {
        try {
            while (!stopped) {
                Event e = queue.take();
                if (e == END) {
                    tellLost();
                    return;
                }
                EventAdmin a = admin.get();
                if (a != null) {
                    try {
                        a.sendEvent(e);
                    } catch (RuntimeException ex) {
                        // Event Admin went meanwhile (its service object no longer valid): the event is lost with it
                    }
                }
                if (queue.isEmpty()) {
                    tellLost();
                    if (closing) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** The subscribers have caught up: the events dropped meanwhile are counted in one line. */
    private void tellLost() {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            report.accept(lost + " trace events were not posted to Event Admin while its subscribers were behind");
        }
    }

    /**
     * Stops delivering once the events still waiting are sent (the last ones tell the requests that the
     * stop failed), or after 2 s of a subscriber that holds them up: the rest are not posted then.
     */
    void stop() throws InterruptedException {
        closing = true;
        queue.offer(END); // full: the thread is busy sending and sees closing when the queue runs empty
        thread.join(2_000);
        if (thread.isAlive()) {
            stopped = true;
            queue.clear();
            queue.offer(END); // wakes the thread in take(), whatever became of the interrupt
            thread.interrupt();
            thread.join(2_000);
        }
    }
}

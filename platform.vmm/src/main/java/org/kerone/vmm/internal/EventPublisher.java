package org.kerone.vmm.internal;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
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
 * number once the subscribers have caught up. Events keep their order.
 */
final class EventPublisher {
    /** Events waiting for Event Admin at most, by default: a few seconds of a busy platform's trace. */
    static final int CAPACITY = 10_000;
    /** Put in the queue by {@link #stop} to wake the thread: never delivered. */
    private static final Event STOP = new Event("kerone/stop", Map.of());

    private final Supplier<EventAdmin> admin;
    private final Consumer<String> report;
    private final BlockingQueue<Event> queue;
    private final int capacity;
    /** Events dropped since the subscribers last caught up. */
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    /**
     * Set by {@link #stop}. The thread does not rely on its interrupt alone: Felix Event Admin 1.6 swallows
     * an interrupt that comes during sendEvent (its DenylistLatch), and the thread then waited for an event
     * for good, keeping the stopped platform with it.
     */
    private volatile boolean stopped;

    /**
     * @param admin the Event Admin to deliver to, or null when there is none (events are then not kept)
     * @param report receives the lines that tell of dropped events
     */
    EventPublisher(Supplier<EventAdmin> admin, Consumer<String> report, int capacity) {
        this.admin = admin;
        this.report = report;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::deliver, "kerone-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the event {@code kerone/<ev>} for Event Admin, or drops it when the subscribers are too far behind. */
    void publish(String ev, Map<String, Object> fields) {
        if (stopped || admin.get() == null) {
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

    private void deliver() {
        try {
            while (true) {
                Event e = queue.take();
                if (stopped) {
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
                    long lost = dropped.getAndSet(0);
                    if (lost > 0) {
                        report.accept(lost + " trace events were not posted to Event Admin while its subscribers were behind");
                    }
                }
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** Tests: whether the delivering thread still runs. */
    boolean alive() {
        return thread.isAlive();
    }

    /** Stops delivering; events still waiting are not posted. */
    void stop() throws InterruptedException {
        stopped = true;
        queue.clear();
        queue.offer(STOP); // wakes the thread in take(), whatever became of the interrupt
        thread.interrupt();
        thread.join(2_000);
    }
}

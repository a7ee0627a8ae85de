package org.kerone.vmm.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The kernel thread of a live platform: runs the machine's events as virtual time, paced to the wall
 * clock by a speed factor, reaches them, and runs commands from other threads between two events.
 */
final class LiveRunner implements Runnable {
    private static final long MAX_SLEEP_NS = 20_000_000L;
    private static final int MAX_EVENTS_PER_ROUND = 200_000;

    private final Machine machine;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Consumer<Throwable> onError;
    private final Thread thread;
    private volatile boolean stopping;
    /** While held, commands run but no event does and virtual time stands still (the live platform's start). */
    private volatile boolean held;
    private volatile double speed;
    private long anchorWall;
    private long anchorVirtual;
    private volatile long virtualNow;
    /** The speed reached over the last {@link #RATE_WINDOW_NS} of wall time (NaN before the first window ends), and that window's start. */
    private volatile double achieved = Double.NaN;
    private long rateWall;
    private long rateVirtual;
    private static final long RATE_WINDOW_NS = 1_000_000_000L;

    LiveRunner(Machine machine, double speed, Consumer<Throwable> onError) {
        this.machine = machine;
        this.speed = speed;
        this.onError = onError;
        this.thread = new Thread(this, "kerone-kernel");
        this.thread.setDaemon(true);
    }

    void start() {
        anchorWall = System.nanoTime();
        anchorVirtual = machine.now();
        restartRate();
        thread.start();
    }

    /** Holds virtual time until {@link #release}: to be called before {@link #start}. */
    void hold() {
        held = true;
    }

    /** Virtual time runs from now on, paced from where it stood; on the kernel thread, after the commands before it. */
    void release() {
        execute(() -> {
            if (held) {
                held = false;
                anchorWall = System.nanoTime();
                anchorVirtual = machine.now();
                restartRate();
            }
        });
    }

    boolean held() {
        return held;
    }

    /** Stops the thread after the command or event in progress; returns when it ended (true), or after 5 s (false). */
    boolean stop() throws InterruptedException {
        stopping = true;
        LockSupport.unpark(thread);
        thread.join(5_000);
        return !thread.isAlive();
    }

    double speed() {
        return speed;
    }

    /** Whether {@link #stop} was called: no event runs any more. */
    boolean stopped() {
        return stopping;
    }

    void speed(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("speed must be a positive number, got " + factor);
        }
        execute(() -> {
            anchorVirtual = machine.now();
            anchorWall = System.nanoTime();
            speed = factor;
            restartRate();
        });
    }

    /**
     * Virtual seconds per wall-clock second over about the last second: the speed when the machine keeps
     * up with it (or while time is held, or in the first second after a change of speed), less when the
     * events need more wall time than the speed allows.
     */
    double achievedSpeed() {
        double a = achieved;
        return held || Double.isNaN(a) ? speed : a;
    }

    private void restartRate() {
        rateWall = System.nanoTime();
        rateVirtual = machine.now();
        achieved = Double.NaN;
    }

    /** After a round of events: closes the rate window once it is a second long. */
    private void measureRate() {
        long wall = System.nanoTime();
        if (wall - rateWall >= RATE_WINDOW_NS) {
            achieved = (machine.now() - rateVirtual) / (double) (wall - rateWall);
            rateWall = wall;
            rateVirtual = machine.now();
        }
    }

    /**
     * The virtual time to reach: {@code anchor} plus the wall time elapsed times the speed, saturated at
     * {@link #MAX_TARGET} (a huge speed, 1e12, overflowed the long within milliseconds: the target went
     * negative and virtual time stood still).
     */
    static long target(long anchor, long wallElapsed, double speed) {
        double ahead = wallElapsed * speed;
        return ahead >= MAX_TARGET - anchor ? Math.max(anchor, MAX_TARGET) : anchor + (long) ahead;
    }

    /** The latest virtual time the runner paces to: half the range of a long (146 years), so that later delays still fit. */
    static final long MAX_TARGET = Long.MAX_VALUE / 2;

    long virtualNow() {
        return virtualNow;
    }

    /** Runs {@code command} on the kernel thread, soon. */
    void execute(Runnable command) {
        commands.add(command);
        LockSupport.unpark(thread);
    }

    /** Runs {@code query} on the kernel thread and waits for its answer. */
    <T> T call(Callable<T> query) {
        if (Thread.currentThread() == thread) {
            try {
                return query.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (stopping) {
            throw new IllegalStateException(STOPPED);
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        execute(() -> {
            try {
                answer.complete(query.call());
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(callTimeoutMs);
        while (true) {
            try {
                return answer.get(Math.min(50, callTimeoutMs), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (TimeoutException e) {
                // a kernel thread that ended will never answer: say so now, not after the timeout
                if (stopping && !thread.isAlive() && !answer.isDone()) {
                    throw new IllegalStateException(STOPPED);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("the platform's kernel did not answer within "
                            + (callTimeoutMs % 1000 == 0 ? callTimeoutMs / 1000 + " s" : callTimeoutMs + " ms") + busyIn(), e);
                }
            }
        }
    }

    /** What a call to a platform that stopped (a service object kept past its deactivation) answers. */
    static final String STOPPED = "the live platform has stopped (its kernel no longer runs)";

    /** How long {@link #call} waits for the kernel's answer: 10 s (less in tests). */
    long callTimeoutMs = 10_000;

    /**
     * Where the kernel thread is busy, for a call it did not answer: its first frame outside the JDK,
     * which names a plugin's policy or model that blocks or loops ("" when there is none).
     */
    private String busyIn() {
        for (StackTraceElement frame : thread.getStackTrace()) {
            String c = frame.getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return " (it is busy in " + frame.getClassName() + "." + frame.getMethodName()
                        + (frame.getFileName() == null ? "" : " (" + frame.getFileName() + ":" + frame.getLineNumber() + ")") + ")";
            }
        }
        return "";
    }

    @Override
    public void run() {
        while (!stopping) {
            Runnable command;
            while ((command = commands.poll()) != null) {
                try {
                    command.run();
                } catch (Throwable t) {
                    onError.accept(t);
                }
            }
            if (held) {
                LockSupport.parkNanos(MAX_SLEEP_NS);
                continue;
            }
            long target = target(anchorVirtual, System.nanoTime() - anchorWall, speed);
            int events = 0;
            while (!stopping && machine.kernel.nextTime() <= target && events++ < MAX_EVENTS_PER_ROUND) {
                try {
                    machine.kernel.step();
                } catch (Throwable t) {
                    onError.accept(t);
                }
                virtualNow = machine.now();
                if (!commands.isEmpty()) {
                    break;
                }
                if ((events & 15) == 0) {
                    measureRate(); // a round of events may last long when they cannot keep up with the speed
                }
            }
            if (events < MAX_EVENTS_PER_ROUND && commands.isEmpty()) {
                machine.kernel.advanceTo(target);
            }
            virtualNow = machine.now();
            measureRate();
            if (events >= MAX_EVENTS_PER_ROUND || !commands.isEmpty()) {
                continue;
            }
            long next = machine.kernel.nextTime();
            long sleep = next == Long.MAX_VALUE ? MAX_SLEEP_NS : (long) Math.min(MAX_SLEEP_NS, (next - target) / speed);
            if (sleep > 0) {
                LockSupport.parkNanos(sleep);
            }
        }
    }
}

package org.kerone.vmm.internal;

import java.util.List;
import java.util.SplittableRandom;
import org.kerone.vmm.Step;
import org.kerone.vmm.VmSpec;

/**
 * A guest VM: its page table and the interpreter of its program. A device use writes the device's
 * register page (which traps while the IF is unconnected), starts the job, sleeps until the
 * accelerator's interrupt, and reads the output.
 */
final class Guest {
    enum State { READY, BLOCKED, DONE }

    private enum Phase { NONE, ACCESS, WAIT, SOFTWARE }

    final int vm;
    final int prio;
    final int index;
    final PageTable pageTable = new PageTable();
    private final Machine machine;
    private final List<Step> steps;
    private final int repeat;
    /** Draws of the guest's program: the jobs' arguments. */
    private final SplittableRandom random;
    /** Seed of the guests' input data: each use draws its input from a stream of its own (see {@link #fill}). */
    private final long inputSeed;
    /** Device uses started so far: numbers each use's input stream. */
    private long uses;
    State state = State.BLOCKED;
    /** It booted ({@code vm_start}): false while its start delay runs. */
    boolean booted;
    /** Generated jobs, or null for a program. */
    final WorkloadSource workload;
    private final java.util.ArrayDeque<WorkloadJob> backlog = new java.util.ArrayDeque<>();
    private WorkloadJob job;
    private boolean waitingForWork;
    long requests;
    long served;
    long failedRequests;
    long jobs;
    private boolean removed;
    private int pc;
    private int iteration;
    private long computeLeft = -1;
    long quantumLeft;
    private Phase phase = Phase.NONE;
    /** Buffers of the current device use. */
    byte[] args;
    /** Input and output of the current use; null when the machine does not compute results. */
    byte[] input;
    byte[] output;
    /** Length of the current use's input. */
    int inputBytes;
    int dev = -1;
    /** Absolute virtual deadline of the current use, or Long.MAX_VALUE. */
    long deadlineNs = Long.MAX_VALUE;
    /** The guest's IF of each device, by device id. */
    private int[] interfaces = new int[0];
    /** Device ids of the device names this guest used, in parallel: a name's id never changes. */
    private String[] knownNames = new String[0];
    private int[] knownIds = new int[0];
    /** Request served, to be resumed at the faulting access when this guest runs next. */
    Req pendingResume;
    /** When the pending resume became ready to run; -1 once its wait is counted. */
    private long resumeReadyNs = -1;
    /** When the CPU chose this guest for its pending resume (a switch to it started), or -1. */
    private long chosenNs = -1;

    Guest(Machine machine, VmSpec spec, int index, long seed, long quantumNs) {
        this.machine = machine;
        this.vm = spec.id();
        this.prio = spec.priority();
        this.index = index;
        this.steps = spec.steps();
        this.repeat = spec.repeat();
        this.random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * spec.id()));
        this.inputSeed = mix(seed ^ (0xA0761D6478BD642FL * spec.id()));
        this.workload = spec.workload() == null ? null
                : new WorkloadSource(spec.workload(), new SplittableRandom(seed ^ (0xC2B2AE3D27D4EB4FL * spec.id())), machine);
        this.quantumLeft = quantumNs;
    }

    boolean done() {
        return state == State.DONE;
    }

    /** Marks the VM removed: it never runs again. */
    void remove() {
        removed = true;
        state = State.DONE;
        pendingResume = null;
    }

    /** True once the VM was removed from a running platform. */
    boolean removed() {
        return removed;
    }

    /** True while the current compute step has time left. */
    boolean computing() {
        return computeLeft > 0;
    }

    /** Accounts {@code ns} of CPU time to the current compute step. */
    void ran(long ns) {
        if (removed) {
            return;
        }
        computeLeft -= ns;
        quantumLeft -= ns;
    }

    /** Runs on the CPU from where it stands until it computes, blocks or ends. */
    void run() {
        state = State.READY;
        wrapsThisRun = 0;
        if (pendingResume != null) {
            Req r = pendingResume;
            pendingResume = null;
            machine.resumed(this, r);
            if (r.software) {
                phase = Phase.SOFTWARE;
                computeLeft = machine.softwareNs(this);
            }
        }
        while (true) {
            Step step = nextStep();
            if (step == null) {
                return;
            }
            if (wrapsThisRun >= 2 && repeat == 0) {
                // a whole pass of a program that runs forever took no time (each use refused at once, say):
                // it would loop in this event for good, the kernel stuck at this instant
                state = State.DONE;
                machine.guestStalled(this);
                return;
            }
            if (step instanceof Step.Compute c) {
                if (computeLeft < 0) {
                    computeLeft = c.ns();
                }
                if (computeLeft > 0) {
                    machine.cpu.compute(this, Math.min(computeLeft, quantumLeft));
                    return;
                }
                computeLeft = -1;
                stepDone();
                continue;
            }
            Step.Use use = (Step.Use) step;
            if (phase == Phase.SOFTWARE) {
                if (computeLeft > 0) {
                    machine.cpu.compute(this, Math.min(computeLeft, quantumLeft));
                    return;
                }
                computeLeft = -1;
                machine.softwareDone(this);
                endUse();
                continue;
            }
            switch (phase) {
                case NONE -> {
                    dev = deviceId(use.device());
                    if (job != null) {
                        deadlineNs = job.deadlineNs();
                    } else {
                        deadlineNs = use.deadlineNs() > 0 ? machine.now() + use.deadlineNs() : Long.MAX_VALUE;
                    }
                    long stream = uses++;
                    inputBytes = use.bytes();
                    args = machine.exampleArgs(dev, use.bytes(), random);
                    if (machine.computeResults) {
                        input = new byte[use.bytes()];
                        fill(input, stream);
                        output = new byte[machine.outputLength(dev, args, use.bytes())];
                    }
                    phase = Phase.ACCESS;
                }
                case ACCESS -> {
                    switch (machine.writeDevice(this, dev)) {
                        case OK -> {
                            if (machine.startJob(this)) {
                                phase = Phase.WAIT;
                                state = State.BLOCKED;
                                return;
                            }
                            endUse();
                        }
                        case PERMISSION_FAULT -> {
                            state = State.BLOCKED;
                            machine.trap(this, dev);
                            return;
                        }
                        case TRANSLATION_FAULT -> endUse();
                    }
                }
                case WAIT -> endUse();
                default -> throw new IllegalStateException("guest " + vm + " in phase " + phase);
            }
        }
    }

    /** The id of device {@code name}, remembered by this guest (the names of its program or workload are few). */
    private int deviceId(String name) {
        for (int i = 0; i < knownNames.length; i++) {
            if (knownNames[i] == name) {
                return knownIds[i];
            }
        }
        for (int i = 0; i < knownNames.length; i++) {
            if (knownNames[i].equals(name)) {
                return knownIds[i];
            }
        }
        int dev = machine.deviceId(name);
        int n = knownNames.length;
        knownNames = java.util.Arrays.copyOf(knownNames, n + 1);
        knownIds = java.util.Arrays.copyOf(knownIds, n + 1);
        knownNames[n] = name;
        knownIds[n] = dev;
        return dev;
    }

    /** The IF of device {@code dev} is {@code ifId} (its page is mapped). */
    void interfaceIs(int dev, int ifId) {
        if (dev >= interfaces.length) {
            interfaces = java.util.Arrays.copyOf(interfaces, Math.max(dev + 1, 2 * interfaces.length));
        }
        interfaces[dev] = ifId;
    }

    /** This guest's IF of device {@code dev}. */
    int interfaceOf(int dev) {
        return interfaces[dev];
    }

    /**
     * The input of use number {@code use}: seeded random bytes from a stream of that use alone, so
     * that leaving the input out (a machine that does not compute results) changes no other draw.
     */
    private void fill(byte[] bytes, long use) {
        SplittableRandom stream = new SplittableRandom(mix(inputSeed + use * 0xD1B54A32D192ED03L));
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            LITTLE_ENDIAN_LONGS.set(bytes, i, stream.nextLong());
        }
        if (i < bytes.length) {
            long v = stream.nextLong();
            for (int k = 0; i < bytes.length; k++) {
                bytes[i++] = (byte) (v >>> (8 * k));
            }
        }
    }

    private static final java.lang.invoke.VarHandle LITTLE_ENDIAN_LONGS = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The murmur3 finalizer: a seed for each VM and each use, well apart from the others. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** How many times the program started over since the guest last got the CPU ({@link #run}). */
    private int wrapsThisRun;

    private void endUse() {
        phase = Phase.NONE;
        args = null;
        input = null;
        output = null;
        stepDone();
    }

    /** The step to run now, or null when the guest ended or waits for its next job (state set). */
    private Step nextStep() {
        if (workload == null) {
            if (pc == steps.size()) {
                wrapsThisRun++;
                iteration++;
                if (repeat > 0 && iteration >= repeat) {
                    end();
                    return null;
                }
                pc = 0;
            }
            return steps.get(pc);
        }
        if (job == null || pc == job.steps().size()) {
            job = backlog.poll();
            pc = 0;
            if (job == null) {
                if (workload.exhausted()) {
                    end();
                } else {
                    state = State.BLOCKED;
                    waitingForWork = true;
                }
                return null;
            }
        }
        return job.steps().get(pc);
    }

    private void stepDone() {
        pc++;
    }

    private void end() {
        state = State.DONE;
        machine.guestEnded(this);
    }

    /** A workload job arrived (kernel event at its arrival time). */
    void arrived(WorkloadJob arrived) {
        backlog.add(arrived);
        if (waitingForWork && !removed) {
            waitingForWork = false;
            machine.cpu.ready(this);
        }
    }

    /** The workload job being run, or null (programs, or between jobs). */
    WorkloadJob job() {
        return job;
    }

    /** The accelerator's done interrupt: the output is ready. */
    void jobDone() {
        machine.cpu.ready(this);
    }

    /** The VDM's "preempted" IPC: the job is suspended; the guest touches the device again to resume it. */
    void preempted() {
        phase = Phase.ACCESS;
        machine.cpu.ready(this);
    }

    /** The VDM's "error" IPC: the request failed; the guest gives up this use. */
    void failed() {
        phase = Phase.WAIT;
        machine.cpu.ready(this);
    }

    /**
     * The VDM's "error" IPC for request {@code r}. When the VDM had already resumed the guest for it
     * (its device went before the guest ran again), the guest is in the ready queue for that resume:
     * it gives up the use when it runs, and there is nothing to resume.
     */
    void failed(Req r) {
        if (pendingResume != r) {
            failed();
            return;
        }
        pendingResume = null;
        resumeReadyNs = -1;
        chosenNs = -1;
        phase = Phase.WAIT;
    }

    /** Allocation finished: resume at the faulting access. */
    void resume(Req r) {
        pendingResume = r;
        chosenNs = -1;
        if (machine.cpu.inVdmHandler()) {
            resumeReadyNs = -1;
            machine.cpu.resumedByHandler(this);
        } else {
            resumeReadyNs = machine.now();
        }
        machine.cpu.ready(this);
    }

    /** The VDM handler that resumed this guest ended: from now on, not running is waiting. */
    void resumeWaitFrom(long now) {
        if (pendingResume != null) {
            resumeReadyNs = now;
        }
    }

    /** The CPU chose this guest (a switch to it starts, or it runs): a pending resume stops waiting. */
    void dispatched(long now) {
        if (pendingResume != null && resumeReadyNs >= 0) {
            pendingResume.cpuWaitNs += now - resumeReadyNs;
            resumeReadyNs = -1;
            chosenNs = now;
        }
    }

    /**
     * The CPU was switched to this guest for its pending resume, but an interrupt is taken before it
     * runs: the resume waits again from now (the switch stands).
     */
    void interrupted(long now) {
        if (pendingResume != null && resumeReadyNs < 0 && chosenNs >= 0) {
            resumeReadyNs = now;
        }
    }

    /**
     * The CPU was switched to this guest for its pending resume, but goes to another domain before
     * it runs (a higher-priority guest became ready meanwhile, or the VDM has work): the resume waits
     * again, counted from when that switch started, as the switch is done again when it runs.
     */
    void passedOver() {
        if (pendingResume != null && chosenNs >= 0) {
            resumeReadyNs = chosenNs;
            chosenNs = -1;
        }
    }
}

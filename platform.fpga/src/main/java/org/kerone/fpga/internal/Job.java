package org.kerone.fpga.internal;

import org.kerone.fpga.accel.Accelerator;

/**
 * One accelerator job: its buffers, its context (the accelerator's whole state between units) and
 * where it stands. A suspended job sits in its IF with no PRR until its VM gets one again. A timed
 * job (no buffers) has no context either: saving and restoring it take the time of the
 * {@linkplain org.kerone.fpga.accel.DeviceInfo#contextBytes context size the device declares}.
 *
 * <p>The job is also the action its host runs when the job's current run is due to end.
 */
final class Job implements Runnable {
    private final SimFabric fabric;
    final Iface iface;
    final Accelerator accelerator;
    final int prio;
    final byte[] input;
    final byte[] output;
    final long units;
    final int cyclesPerUnit;
    /** Bytes saved and restored when the job is stopped and resumed: the device's declared context size. */
    final int contextBytes;
    /** The functional context, or null for a timed job. */
    final byte[] context;
    /** Units processed into input/output and context. */
    long done;
    /** Virtual time at which unit {@link #done} starts (after setup or context restore). */
    long runStartNs;
    long endNs;
    /** Its VM is gone: when its stop ends, the context is dropped. */
    boolean abandoned;
    /** PRR running it, or -1 while suspended. */
    int prr = -1;
    /** The host's token for the scheduled end of the current run, or -1. */
    long endToken = -1;

    Job(SimFabric fabric, Iface iface, Accelerator accelerator, int prio, byte[] input, byte[] output, long units, byte[] context) {
        this.fabric = fabric;
        this.iface = iface;
        this.accelerator = accelerator;
        this.prio = prio;
        this.input = input;
        this.output = output;
        this.units = units;
        this.cyclesPerUnit = accelerator.info().cyclesPerUnit();
        this.contextBytes = accelerator.info().contextBytes();
        this.context = context;
    }

    /** The current run's end is due. */
    @Override
    public void run() {
        fabric.runEnds(this);
    }

    /**
     * Runs the functional model up to {@code unit}; a timed job (no buffers) only counts units.
     * Returns null, or why the model failed: the device's code threw (a bug, or a bundle refreshed
     * under the job, whose classes cannot load any more), and the job cannot go on.
     */
    String processTo(long unit) {
        if (unit > done) {
            if (input != null) {
                try {
                    accelerator.process(context, input, output, done, unit);
                } catch (RuntimeException | LinkageError e) {
                    return SimFabric.failure(accelerator, e);
                }
            }
            done = unit;
        }
        return null;
    }
}

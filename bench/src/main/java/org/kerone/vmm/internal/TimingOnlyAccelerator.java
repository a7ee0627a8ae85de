package org.kerone.vmm.internal;

import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.accel.JobShape;

/**
 * A real accelerator with its functional model left out: same declaration, job shapes, contexts
 * and bitstreams, so a scenario runs through exactly the same events, but {@link #process} does
 * nothing. It separates the simulator's own cost from the cost of computing real results.
 */
final class TimingOnlyAccelerator implements Accelerator {
    private final Accelerator real;

    TimingOnlyAccelerator(Accelerator real) {
        this.real = real;
    }

    @Override
    public DeviceInfo info() {
        return real.info();
    }

    @Override
    public JobShape shape(byte[] args, int inputLength) {
        return real.shape(args, inputLength);
    }

    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        return real.newContext(args, inputLength);
    }

    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        // results are not computed
    }

    @Override
    public byte[] bitstream(String prrClass) {
        return real.bitstream(prrClass);
    }
}

package org.kerone.vmm.internal;

import java.util.random.RandomGenerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.JobShape;

/** An accelerator that does what another one does: a test overrides the one call it breaks. */
abstract class DelegatingAccelerator implements Accelerator {
    private final Accelerator delegate;

    DelegatingAccelerator(Accelerator delegate) {
        this.delegate = delegate;
    }

    @Override
    public DeviceInfo info() {
        return delegate.info();
    }

    @Override
    public JobShape shape(byte[] args, int inputLength) {
        return delegate.shape(args, inputLength);
    }

    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        return delegate.newContext(args, inputLength);
    }

    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        delegate.process(context, input, output, fromUnit, toUnit);
    }

    @Override
    public byte[] bitstream(String prrClass) {
        return delegate.bitstream(prrClass);
    }

    @Override
    public byte[] exampleArgs(int inputLength, RandomGenerator random) {
        return delegate.exampleArgs(inputLength, random);
    }

    @Override
    public int acceptedLength(int bytes) {
        return delegate.acceptedLength(bytes);
    }
}

package org.kerone.itest.bundles.xor;

import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.DeviceInfo;

/**
 * The XOR accelerator of accelerators/README.md ("A complete example"): every byte XORed with the
 * one-byte key, {@value #BYTES_PER_UNIT} bytes a unit of work. Its versions differ only in their
 * {@link DeviceInfo}; each bundle holds this class and one of them.
 */
public abstract class XorModel extends AbstractAccelerator {
    public static final String NAME = "xor";
    public static final int BYTES_PER_UNIT = 64;

    protected XorModel(DeviceInfo info) {
        super(info);
    }

    /** The description of version {@code version}, at {@code bytesPerCycle} bytes a cycle. */
    protected static DeviceInfo info(String version, int bytesPerCycle) {
        return DeviceInfo.builder(NAME)
                .version(version)
                .resources(120, 90, 0, 0)
                .bitstream("small", 331_404)
                .cyclesPerUnit(BYTES_PER_UNIT / bytesPerCycle)
                .setupCycles(3)
                .contextBytes(1)
                .argsBytes(1)
                .softwareNsPerUnit(192)
                .build();
    }

    @Override
    protected long units(byte[] args, int inputLength) {
        if (inputLength == 0) {
            throw refused("input must not be empty");
        }
        return (inputLength + BYTES_PER_UNIT - 1) / BYTES_PER_UNIT;
    }

    @Override
    protected int outputLength(byte[] args, int inputLength) {
        return inputLength;
    }

    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        shape(args, inputLength);
        return args.clone();
    }

    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        int end = (int) Math.min(toUnit * BYTES_PER_UNIT, input.length);
        for (int i = (int) fromUnit * BYTES_PER_UNIT; i < end; i++) {
            output[i] = (byte) (input[i] ^ context[0]);
        }
    }
}

package org.kerone.itest;

import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Bitstream;
import org.kerone.fpga.accel.DeviceInfo;

/**
 * The reference a test checks the XOR accelerator bundles against: the definition (every byte
 * XORed with the one-byte key), in one unit of work, as device {@value #NAME}. It draws its key
 * as "xor" does (one byte, {@code exampleArgs}' default), so a guest that uses it in place of
 * "xor" gets the same key and, the guest's input depending only on seed, VM and use, the same input.
 */
public final class XorReference extends AbstractAccelerator {
    public static final String NAME = "xorref";

    public XorReference() {
        super(DeviceInfo.builder(NAME).resources(1, 1, 0, 0).bitstream("small", 1000).cyclesPerUnit(1)
                .contextBytes(1).argsBytes(1).build());
    }

    @Override
    protected long units(byte[] args, int inputLength) {
        return 1;
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
        if (fromUnit == 0 && toUnit == 1) {
            for (int i = 0; i < input.length; i++) {
                output[i] = (byte) (input[i] ^ context[0]);
            }
        }
    }

    @Override
    public byte[] bitstream(String prrClass) {
        return info().fits(prrClass) ? Bitstream.synthetic(NAME, info().version(), prrClass, 1000, 64).encode() : null;
    }
}

package org.kerone.itest.bundles.xor2;

import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.service.component.annotations.Component;

/**
 * The XOR accelerator of accelerators/README.md ("A complete example"), as a third party writes it:
 * a DS component, its bitstream a resource next to the class. Version 2.0.0 of bundle
 * {@code itest.accelerators.xor}: eight bytes a cycle, the same results as 1.0.0.
 */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + XorAccelerator.NAME)
public final class XorAccelerator extends AbstractAccelerator {
    public static final String NAME = "xor";
    public static final int BYTES_PER_UNIT = 64;

    public static final DeviceInfo INFO = DeviceInfo.builder(NAME)
            .version("2.0.0")
            .resources(120, 90, 0, 0)
            .bitstream("small", 331_404)
            .cyclesPerUnit(BYTES_PER_UNIT / 8)
            .setupCycles(3)
            .contextBytes(1)
            .argsBytes(1)
            .softwareNsPerUnit(192)
            .build();

    public XorAccelerator() {
        super(INFO);
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

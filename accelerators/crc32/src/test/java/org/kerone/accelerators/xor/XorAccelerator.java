package org.kerone.accelerators.xor;

import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.service.component.annotations.Component;

/** The XOR accelerator: XORs every input byte with a one-byte key, 64 bytes per unit of work. */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + XorAccelerator.NAME)
public final class XorAccelerator extends AbstractAccelerator {
    static final String NAME = "xor";
    private static final int BYTES_PER_UNIT = 64;

    private static final DeviceInfo INFO = DeviceInfo.builder(NAME)
            .resources(120, 90, 0, 0)          // a byte-wide XOR and a counter (estimate)
            .bitstream("small", 331_404)       // fits the small PRR class only
            .cyclesPerUnit(BYTES_PER_UNIT / 4) // four bytes a cycle at 100 MHz
            .setupCycles(3)                    // reading the key register
            .contextBytes(1)                   // the key
            .argsBytes(1)                      // the key
            .softwareNsPerUnit(192)            // 2 cycles a byte on the 667 MHz Cortex-A9 (estimate)
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
        shape(args, inputLength); // refuses what shape refuses
        return args.clone();      // the key: all a job needs to resume
    }

    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        int end = (int) Math.min(toUnit * BYTES_PER_UNIT, input.length);
        for (int i = (int) fromUnit * BYTES_PER_UNIT; i < end; i++) {
            output[i] = (byte) (input[i] ^ context[0]);
        }
    }
}

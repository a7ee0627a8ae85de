package org.kerone.accelerators.crc32;

import java.nio.ByteBuffer;
import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.service.component.annotations.Component;

/**
 * The CRC-32 accelerator: declares the device and runs 256 bytes of the message through the
 * IEEE 802.3 CRC register per unit of work.
 *
 * <p>Arguments: none. Input: the message, any length (0 included). Output: the 4-byte CRC,
 * big-endian, written with the last unit. Units: 256 bytes each, the last one partial; an empty
 * message is one unit. Context (12 bytes, big-endian): the CRC register, then the count of message
 * bytes it has seen (int64).
 */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + Crc32Accelerator.NAME)
public final class Crc32Accelerator extends AbstractAccelerator {
    static final String NAME = "crc32";
    static final int BYTES_PER_UNIT = 256;

    private static final int CRC_BYTES = Integer.BYTES;
    private static final int COUNT_OFFSET = CRC_BYTES;
    private static final int CONTEXT_BYTES = COUNT_OFFSET + Long.BYTES;

    // Estimates for a 32-bit parallel CRC core (an XOR tree folds one word a cycle) behind an AXI
    // stream at 100 MHz on a Zynq-7020.
    /** The XOR tree, the register, the stream interface and the control (estimate). */
    private static final int LUT = 640;
    private static final int FF = 710;
    /** One RAMB36 as the input FIFO; no multiplier. */
    private static final int BRAM = 1;
    private static final int DSP = 0;
    /** The two PRR classes' partial bitstreams; 533,732 bytes is the PRR of Ker-ONE's public release (prevotet/Kerone). */
    private static final int SMALL_BITSTREAM_BYTES = 331_404;
    private static final int LARGE_BITSTREAM_BYTES = 533_732;
    /** Four bytes a cycle: 64 cycles for 256 bytes; the stream does not drain between units. */
    private static final int CYCLES_PER_UNIT = BYTES_PER_UNIT / 4;
    /** Presetting the register and starting the input stream (estimate). */
    private static final int SETUP_CYCLES = 8;
    /**
     * zlib's slicing-by-4 table CRC on the Cortex-A9 at 667 MHz, about 3 cycles a byte: 768 cycles
     * for 256 bytes (estimate; the ARMv7-A core has no CRC instructions).
     */
    private static final long SOFTWARE_NS_PER_UNIT = 1_151;

    private static final DeviceInfo INFO = DeviceInfo.builder(NAME)
            .version("1.0.0")
            .resources(LUT, FF, BRAM, DSP)
            .bitstream("small", SMALL_BITSTREAM_BYTES)
            .bitstream("large", LARGE_BITSTREAM_BYTES)
            .cyclesPerUnit(CYCLES_PER_UNIT)
            .setupCycles(SETUP_CYCLES)
            .contextBytes(CONTEXT_BYTES)
            .argsBytes(0)
            .softwareNsPerUnit(SOFTWARE_NS_PER_UNIT)
            .build();

    public Crc32Accelerator() {
        super(INFO);
    }

    /** One unit per 256 bytes, the last one partial; one for an empty message. */
    @Override
    protected long units(byte[] args, int inputLength) {
        return units(inputLength);
    }

    @Override
    protected int outputLength(byte[] args, int inputLength) {
        return CRC_BYTES;
    }

    /** The preset register and a count of 0. */
    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        shape(args, inputLength);
        return ByteBuffer.allocate(CONTEXT_BYTES).putInt(Crc32.PRESET).putLong(0).array();
    }

    /** Runs message bytes {@code [256 fromUnit, min(256 toUnit, length))} through the register. */
    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        if (context.length != CONTEXT_BYTES) {
            throw refused("context must be " + CONTEXT_BYTES + " bytes, got " + context.length);
        }
        long units = units(input.length);
        if (fromUnit < 0 || fromUnit > toUnit || toUnit > units) {
            throw refused("units [" + fromUnit + ", " + toUnit + ") are not within the " + units + " units of a "
                    + input.length + "-byte message");
        }
        ByteBuffer registers = ByteBuffer.wrap(context);
        long start = Math.min(fromUnit * BYTES_PER_UNIT, input.length);
        long count = registers.getLong(COUNT_OFFSET);
        if (count != start) {
            throw refused("context has seen " + count + " bytes but units from " + fromUnit + " start at byte " + start);
        }
        boolean last = toUnit == units;
        if (last && output.length < CRC_BYTES) {
            throw refused("output must hold the " + CRC_BYTES + "-byte CRC, got " + output.length + " bytes");
        }
        int end = (int) Math.min(toUnit * BYTES_PER_UNIT, input.length);
        int crc = Crc32.update(registers.getInt(0), input, (int) start, end);
        registers.putInt(0, crc).putLong(COUNT_OFFSET, end);
        if (last) {
            ByteBuffer.wrap(output).putInt(0, Crc32.value(crc));
        }
    }

    private static long units(int length) {
        return Math.max(1, (length + (long) BYTES_PER_UNIT - 1) / BYTES_PER_UNIT);
    }
}

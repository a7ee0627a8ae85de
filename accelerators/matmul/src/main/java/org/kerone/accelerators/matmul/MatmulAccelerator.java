package org.kerone.accelerators.matmul;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.service.component.annotations.Component;

/**
 * The integer matrix multiply accelerator: declares the device and computes one row of
 * {@code C = A x B} per unit of work.
 *
 * <p>Arguments (12 bytes): {@code M}, {@code K}, {@code N}, little-endian int32, each at least 1.
 * Input: {@code A} ({@code M x K}) then {@code B} ({@code K x N}), row-major little-endian int32,
 * exactly {@code 4 (MK + KN)} bytes. Output: {@code C} ({@code M x N}), same encoding, each element
 * the sum of products in 32-bit two's complement (wrapping like Java's {@code int}), written row by
 * row. Units: the {@code M} rows of {@code C}. Context (16 bytes, little-endian int32):
 * {@code M, K, N} and the index of the next row.
 */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + MatmulAccelerator.NAME)
public final class MatmulAccelerator extends AbstractAccelerator {
    static final String NAME = "matmul";

    private static final int ARGS_BYTES = 3 * Integer.BYTES;
    private static final int ROW_OFFSET = ARGS_BYTES;
    private static final int CONTEXT_BYTES = ROW_OFFSET + Integer.BYTES;

    // Estimates for a row-at-a-time int32 core on a Zynq-7020 at 100 MHz: 8 multiply-accumulate
    // lanes compute 8 elements of a row of C at once while A's row and tiles of B stream in,
    // sized for 64 x 64 x 64 products.
    /** Slice logic for 8 accumulators, the address generators and an AXI HP master (estimate). */
    private static final int LUT = 5_200;
    private static final int FF = 7_400;
    /** 8 RAMB36 hold a tile of B (8192 words), 2 double-buffer A's row, 2 the output row. */
    private static final int BRAM = 12;
    /**
     * 8 lanes of a 32 x 32 multiplier keeping the low 32 bits, 3 DSP48E1 each: more than the small
     * PRR class's 20, so the core fits only the large class.
     */
    private static final int DSP = 24;
    /** The large PRR's partial bitstream in Ker-ONE's public release (prevotet/Kerone). */
    private static final int LARGE_BITSTREAM_BYTES = 533_732;
    /**
     * A 64-element row with K = 64: 64 x 64 multiply-accumulates over 8 lanes, 512 cycles, plus 16
     * (DSP cascade 6, writing the row back 10). The SPI has one cost per unit, so rows are charged
     * as at the design point whatever K and N are.
     */
    private static final int CYCLES_PER_ROW = 64 * 64 / 8 + 16;
    /** Reading the three argument words at 3 cycles each, then starting the AXI master. */
    private static final int SETUP_CYCLES = 3 * 3 + 7;
    /**
     * The Cortex-A9 at 667 MHz: about 3 cycles per multiply-accumulate (MLA, two loads, B walked
     * by column), 64 x 64 per row: 12,288 cycles (estimate).
     */
    private static final long SOFTWARE_NS_PER_ROW = 18_423;

    private static final DeviceInfo INFO = DeviceInfo.builder(NAME)
            .version("1.0.0")
            .resources(LUT, FF, BRAM, DSP)
            .bitstream("large", LARGE_BITSTREAM_BYTES)
            .cyclesPerUnit(CYCLES_PER_ROW)
            .setupCycles(SETUP_CYCLES)
            .contextBytes(CONTEXT_BYTES)
            .argsBytes(ARGS_BYTES)
            .softwareNsPerUnit(SOFTWARE_NS_PER_ROW)
            .build();

    public MatmulAccelerator() {
        super(INFO);
    }

    /** One unit per row of C: {@code M}. */
    @Override
    protected long units(byte[] args, int inputLength) {
        ByteBuffer registers = little(args);
        int m = registers.getInt(0);
        int k = registers.getInt(4);
        int n = registers.getInt(8);
        checkDimensions(m, k, n);
        long values = (long) m * k + (long) k * n;
        if (inputLength % Integer.BYTES != 0 || values != inputLength / Integer.BYTES) {
            throw refused("input must be A (" + m + "x" + k + ") then B (" + k + "x" + n + "), " + values
                    + " int32 values, got " + inputLength + " bytes");
        }
        if ((long) m * n > Integer.MAX_VALUE / Integer.BYTES) {
            throw refused("C (" + m + "x" + n + ") is larger than a job's output can be");
        }
        return m;
    }

    @Override
    protected int outputLength(byte[] args, int inputLength) {
        ByteBuffer registers = little(args);
        return Integer.BYTES * registers.getInt(0) * registers.getInt(8);
    }

    /** {@code M, K, N} and row 0. */
    /** Two square n x n matrices: {@code 8 n^2} bytes with n as near as can be. */
    @Override
    public int acceptedLength(int bytes) {
        int n = Math.max(1, (int) Math.round(Math.sqrt(bytes / 8.0)));
        return 8 * n * n;
    }

    /** Square matrices: M = K = N = n for an input of {@code 8 n^2} bytes. */
    @Override
    public byte[] exampleArgs(int inputLength, java.util.random.RandomGenerator random) {
        int n = (int) Math.round(Math.sqrt(inputLength / 8.0));
        if (n < 1 || 8L * n * n != inputLength) {
            throw refused("an input of " + inputLength + " bytes is not two square int32 matrices (8 n^2 bytes)");
        }
        return ByteBuffer.allocate(ARGS_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(n).putInt(n).putInt(n).array();
    }

    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        return contextWithArgs(args, inputLength, CONTEXT_BYTES);
    }

    /** Computes rows {@code [fromUnit, toUnit)} of C. */
    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        if (context.length != CONTEXT_BYTES) {
            throw refused("context must be " + CONTEXT_BYTES + " bytes, got " + context.length);
        }
        ByteBuffer registers = little(context);
        int m = registers.getInt(0);
        int k = registers.getInt(4);
        int n = registers.getInt(8);
        checkDimensions(m, k, n);
        long aValues = (long) m * k;
        long values = aValues + (long) k * n;
        if (values > input.length / Integer.BYTES) {
            throw refused("input of " + input.length + " bytes is shorter than A (" + m + "x" + k + ") and B (" + k + "x" + n
                    + ") of the context");
        }
        if (fromUnit < 0 || fromUnit > toUnit || toUnit > m) {
            throw refused("units [" + fromUnit + ", " + toUnit + ") are not within the " + m + " rows of C");
        }
        int next = registers.getInt(ROW_OFFSET);
        if (next != fromUnit) {
            throw refused("context is at row " + next + " but units start at row " + fromUnit);
        }
        if ((long) Integer.BYTES * n * toUnit > output.length) {
            throw refused("output of " + output.length + " bytes cannot hold rows up to " + toUnit + " of C (" + m + "x" + n + ")");
        }
        ByteBuffer in = little(input);
        ByteBuffer out = little(output);
        int[] b = new int[k * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = in.getInt(Math.toIntExact(Integer.BYTES * (aValues + i)));
        }
        int[] row = new int[k];
        for (int r = (int) fromUnit; r < toUnit; r++) {
            for (int j = 0; j < k; j++) {
                row[j] = in.getInt(Integer.BYTES * (r * k + j));
            }
            for (int c = 0; c < n; c++) {
                int sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += row[j] * b[j * n + c];
                }
                out.putInt(Integer.BYTES * (r * n + c), sum);
            }
        }
        registers.putInt(ROW_OFFSET, (int) toUnit);
    }

    private void checkDimensions(int m, int k, int n) {
        if (m < 1 || k < 1 || n < 1) {
            throw refused("matrix dimensions must be at least 1, got M=" + m + ", K=" + k + ", N=" + n);
        }
    }
}

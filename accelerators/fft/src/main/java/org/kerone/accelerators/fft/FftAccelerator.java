package org.kerone.accelerators.fft;

import java.nio.ByteBuffer;
import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.service.component.annotations.Component;

/**
 * The radix-2 complex FFT accelerator: declares the device and runs one butterfly stage of a 2- to
 * 4096-point single-precision transform per unit of work.
 *
 * <p>Arguments: none. Input: {@code n} complex points, each a little-endian float32 pair (re, im), so
 * {@code 8n} bytes with {@code n} a power of two from 2 to 4096; the transform size is the input
 * length. Output: the transform, same layout and length, written with the last unit. Units: the
 * {@code log2(n)} stages. Context: the working array after the last finished stage, in the layout of
 * the input ({@code 8n} bytes); unit 0 loads the input in bit-reversed order, so the context a job
 * starts with is zeros and is not read.
 */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + FftAccelerator.NAME)
public final class FftAccelerator extends AbstractAccelerator {
    static final String NAME = "fft";
    static final int POINT_BYTES = 2 * Float.BYTES;
    static final int MIN_POINTS = 2;
    static final int MAX_POINTS = 4096;

    // Estimates for a single-butterfly, in-place radix-2 core in float32 on a Zynq-7020 (Xilinx
    // Floating-Point operators, 100 MHz), sized for its largest transform of 4096 points.
    /** Slice logic for the operators, the address generators and the AXI interfaces (estimate). */
    private static final int LUT = 6_400;
    private static final int FF = 9_800;
    /**
     * 8 RAMB36 for the 4096 x 64-bit working memory, 4 for the 2048-entry twiddle ROM, 2 for the
     * input and output FIFOs.
     */
    private static final int BRAM = 14;
    /**
     * Complex multiply (4 multipliers at 3 DSP48E1 each) and 6 adders/subtracters at 2 each; more
     * than the small PRR class's 20, so the core fits only the large class.
     */
    private static final int DSP = 24;
    /** The large PRR's partial bitstream in Ker-ONE's public release (prevotet/Kerone). */
    private static final int LARGE_BITSTREAM_BYTES = 533_732;
    /**
     * One butterfly per cycle: 2048 butterflies in a 4096-point stage, plus 34 cycles to drain the
     * pipeline (multiplier 8, two adders 11 each, BRAM read and write 4). The SPI has one cost per
     * unit, so smaller transforms are charged as a 4096-point stage: a pessimistic bound.
     */
    private static final int CYCLES_PER_STAGE = MAX_POINTS / 2 + 34;
    /** Control registers, twiddle address generator reset and pipeline prime (estimate). */
    private static final int SETUP_CYCLES = 64;
    /** The working array of the largest transform; a job's context is 8 bytes per point. */
    private static final int CONTEXT_BYTES = POINT_BYTES * MAX_POINTS;
    /**
     * Scalar VFPv3 on the Cortex-A9 at 667 MHz: about 22 cycles per butterfly (10 flops, 8 loads and
     * stores, index arithmetic), 2048 butterflies per 4096-point stage: 45,056 cycles (estimate).
     */
    private static final long SOFTWARE_NS_PER_STAGE = 67_550;

    private static final DeviceInfo INFO = DeviceInfo.builder(NAME)
            .version("1.0.0")
            .resources(LUT, FF, BRAM, DSP)
            .bitstream("large", LARGE_BITSTREAM_BYTES)
            .cyclesPerUnit(CYCLES_PER_STAGE)
            .setupCycles(SETUP_CYCLES)
            .contextBytes(CONTEXT_BYTES)
            .argsBytes(0)
            .softwareNsPerUnit(SOFTWARE_NS_PER_STAGE)
            .build();

    public FftAccelerator() {
        super(INFO);
    }

    /** One unit per butterfly stage: {@code log2(n)}. */
    @Override
    protected long units(byte[] args, int inputLength) {
        return Integer.numberOfTrailingZeros(points(inputLength));
    }

    @Override
    protected int outputLength(byte[] args, int inputLength) {
        return inputLength;
    }

    /** The working array before stage 0: zeros, {@code 8n} bytes. */
    /** The power-of-two point count nearest to {@code bytes}, between 2 and 4096 points. */
    @Override
    public int acceptedLength(int bytes) {
        int points = MIN_POINTS;
        while (points < MAX_POINTS && (long) points * 2 * POINT_BYTES <= bytes + (long) points * POINT_BYTES / 2) {
            points *= 2;
        }
        return points * POINT_BYTES;
    }

    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        shape(args, inputLength);
        return new byte[inputLength];
    }

    /**
     * Runs stages {@code [fromUnit, toUnit)} of the transform whose size is the context's: stage 0
     * from the input, the others from the context; the context then holds the array after the last
     * stage run, and the output the transform once the last stage has run.
     */
    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        if (context.length % POINT_BYTES != 0 || !isSize(context.length / POINT_BYTES)) {
            throw refused("context must be " + POINT_BYTES + " bytes per point for " + MIN_POINTS + " to " + MAX_POINTS
                    + " points (a power of two), got " + context.length + " bytes");
        }
        int n = context.length / POINT_BYTES;
        int stages = Integer.numberOfTrailingZeros(n);
        if (input.length < context.length) {
            throw refused("input of " + input.length + " bytes is shorter than the " + n + "-point transform of the context");
        }
        if (fromUnit < 0 || fromUnit > toUnit || toUnit > stages) {
            throw refused("units [" + fromUnit + ", " + toUnit + ") are not within the " + stages + " stages of a " + n
                    + "-point transform");
        }
        if (toUnit == stages && output.length < context.length) {
            throw refused("output must hold the " + context.length + "-byte transform, got " + output.length + " bytes");
        }
        if (fromUnit == toUnit) {
            return;
        }
        float[] re = new float[n];
        float[] im = new float[n];
        if (fromUnit == 0) {
            ByteBuffer in = little(input);
            for (int i = 0; i < n; i++) {
                int from = Fft.reverse(i, stages);
                re[i] = in.getFloat(POINT_BYTES * from);
                im[i] = in.getFloat(POINT_BYTES * from + Float.BYTES);
            }
        } else {
            ByteBuffer in = little(context);
            for (int i = 0; i < n; i++) {
                re[i] = in.getFloat(POINT_BYTES * i);
                im[i] = in.getFloat(POINT_BYTES * i + Float.BYTES);
            }
        }
        float[][] twiddles = Fft.twiddles(n);
        for (long stage = fromUnit; stage < toUnit; stage++) {
            Fft.stage(re, im, (int) stage, twiddles);
        }
        ByteBuffer out = little(context);
        for (int i = 0; i < n; i++) {
            out.putFloat(POINT_BYTES * i, canonical(re[i]));
            out.putFloat(POINT_BYTES * i + Float.BYTES, canonical(im[i]));
        }
        if (toUnit == stages) {
            System.arraycopy(context, 0, output, 0, context.length);
        }
    }


    /** Points of an {@code inputLength}-byte input, refused unless a power of two from 2 to 4096. */
    private int points(int inputLength) {
        if (inputLength % POINT_BYTES != 0) {
            throw refused("input length must be a whole number of " + POINT_BYTES + "-byte complex points, got " + inputLength);
        }
        int n = inputLength / POINT_BYTES;
        if (!isSize(n)) {
            throw refused("transform size must be a power of two from " + MIN_POINTS + " to " + MAX_POINTS + " points, got " + n);
        }
        return n;
    }

    private static boolean isSize(int n) {
        return n >= MIN_POINTS && n <= MAX_POINTS && Integer.bitCount(n) == 1;
    }
}

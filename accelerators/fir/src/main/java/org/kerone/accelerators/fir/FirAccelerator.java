package org.kerone.accelerators.fir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.service.component.annotations.Component;

/**
 * The FIR filter accelerator: declares the device and filters 64 single-precision samples per unit
 * of work with up to 64 taps.
 *
 * <p>Arguments (260 bytes, little-endian): the tap count {@code T} (int32, 1 to 64) followed by 64
 * float32 taps {@code h[0..63]}, of which only the first {@code T} are used. Input: float32 samples
 * {@code x}, a positive multiple of 4 bytes. Output: as many float32 samples,
 * {@code y[n] = sum_{k<T} h[k] x[n-k]} with {@code x[n] = 0} for {@code n < 0}, summed in float in
 * the order of {@code k}; written unit by unit. Units: 64 samples each, the last one partial.
 * Context (516 bytes, little-endian): the arguments, the delay line {@code x[n-1] .. x[n-63]} and
 * {@code n}, the index of the next sample; a job resumes from it without reading earlier input.
 */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + FirAccelerator.NAME)
public final class FirAccelerator extends AbstractAccelerator {
    static final String NAME = "fir";
    static final int MAX_TAPS = 64;
    static final int SAMPLES_PER_UNIT = 64;

    private static final int ARGS_BYTES = Integer.BYTES + Float.BYTES * MAX_TAPS;
    private static final int DELAY_SAMPLES = MAX_TAPS - 1;
    private static final int DELAY_OFFSET = ARGS_BYTES;
    private static final int INDEX_OFFSET = DELAY_OFFSET + Float.BYTES * DELAY_SAMPLES;
    private static final int CONTEXT_BYTES = INDEX_OFFSET + Integer.BYTES;

    // Estimates for a time-multiplexed float32 FIR core on a Zynq-7020 (Xilinx Floating-Point
    // operators, 100 MHz): 4 multiply-accumulate lanes always run all 64 taps, unused taps being zero.
    /** Slice logic for the 4 lanes, the adder tree, the control and the AXI interfaces (estimate). */
    private static final int LUT = 3_600;
    private static final int FF = 5_100;
    /** One RAMB36 for the taps and the delay line, one for the output FIFO. */
    private static final int BRAM = 2;
    /** Four lanes of one multiplier (3 DSP48E1) and one adder (2): the small PRR class's 20 exactly. */
    private static final int DSP = 20;
    /** The two PRR classes' partial bitstreams; 533,732 bytes is the PRR of Ker-ONE's public release (prevotet/Kerone). */
    private static final int SMALL_BITSTREAM_BYTES = 331_404;
    private static final int LARGE_BITSTREAM_BYTES = 533_732;
    /**
     * 64 samples x 64 taps over 4 lanes, 1024 cycles, plus 41 for the last sample to leave the
     * pipeline (multiplier 8, accumulator 11, two-level adder tree 22).
     */
    private static final int CYCLES_PER_UNIT = SAMPLES_PER_UNIT * MAX_TAPS / 4 + 41;
    /** Reading the 65 argument words at 3 cycles each, as the AES core reads its 8. */
    private static final int SETUP_CYCLES = 3 * (ARGS_BYTES / Integer.BYTES);
    /**
     * Scalar VFPv3 on the Cortex-A9 at 667 MHz: about 2.5 cycles per multiply-accumulate (VMLA
     * latency partly hidden, loads, loop), 64 x 64 per unit: 10,240 cycles (estimate).
     */
    private static final long SOFTWARE_NS_PER_UNIT = 15_352;

    private static final DeviceInfo INFO = DeviceInfo.builder(NAME)
            .version("1.0.0")
            .resources(LUT, FF, BRAM, DSP)
            .bitstream("small", SMALL_BITSTREAM_BYTES)
            .bitstream("large", LARGE_BITSTREAM_BYTES)
            .cyclesPerUnit(CYCLES_PER_UNIT)
            .setupCycles(SETUP_CYCLES)
            .contextBytes(CONTEXT_BYTES)
            .argsBytes(ARGS_BYTES)
            .softwareNsPerUnit(SOFTWARE_NS_PER_UNIT)
            .build();

    public FirAccelerator() {
        super(INFO);
    }

    /** One unit per 64 samples, the last one partial. */
    @Override
    protected long units(byte[] args, int inputLength) {
        checkTapCount(little(args).getInt(0));
        return (samples(inputLength) + SAMPLES_PER_UNIT - 1) / SAMPLES_PER_UNIT;
    }

    @Override
    protected int outputLength(byte[] args, int inputLength) {
        return inputLength;
    }

    /** The arguments, an empty delay line and sample index 0. */
    /** Whole float32 samples, at least one. */
    @Override
    public int acceptedLength(int bytes) {
        return Math.max(Float.BYTES, bytes / Float.BYTES * Float.BYTES);
    }

    /** A 16-tap filter with taps drawn in [-1, 1). */
    @Override
    public byte[] exampleArgs(int inputLength, java.util.random.RandomGenerator random) {
        int taps = 16;
        ByteBuffer args = ByteBuffer.allocate(ARGS_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(taps);
        for (int i = 0; i < taps; i++) {
            args.putFloat(random.nextFloat() * 2 - 1);
        }
        return args.array();
    }

    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        return contextWithArgs(args, inputLength, CONTEXT_BYTES);
    }

    /** Filters samples {@code [64 fromUnit, min(64 toUnit, samples))} and moves the delay line on. */
    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        if (context.length != CONTEXT_BYTES) {
            throw refused("context must be " + CONTEXT_BYTES + " bytes, got " + context.length);
        }
        ByteBuffer registers = little(context);
        int tapCount = registers.getInt(0);
        if (tapCount < 1 || tapCount > MAX_TAPS) {
            throw refused("context holds a tap count of " + tapCount + ", not 1 to " + MAX_TAPS);
        }
        int samples = input.length / Float.BYTES;
        long units = (samples + SAMPLES_PER_UNIT - 1) / SAMPLES_PER_UNIT;
        if (fromUnit < 0 || fromUnit > toUnit || toUnit > units) {
            throw refused("units [" + fromUnit + ", " + toUnit + ") are not within the " + units + " units of "
                    + samples + " samples");
        }
        int start = Math.toIntExact(fromUnit * SAMPLES_PER_UNIT);
        int end = (int) Math.min(toUnit * SAMPLES_PER_UNIT, samples);
        int next = registers.getInt(INDEX_OFFSET);
        if (next != start) {
            throw refused("context is at sample " + next + " but units from " + fromUnit + " start at sample " + start);
        }
        if (output.length < Float.BYTES * end) {
            throw refused("output of " + output.length + " bytes cannot hold samples up to " + end);
        }
        if (start == end) {
            return;
        }
        float[] taps = new float[tapCount];
        for (int k = 0; k < tapCount; k++) {
            taps[k] = registers.getFloat(Integer.BYTES + Float.BYTES * k);
        }
        // window[DELAY_SAMPLES + i] = x[start + i]; window[DELAY_SAMPLES - 1 - j] = x[start - 1 - j]
        float[] window = new float[DELAY_SAMPLES + end - start];
        for (int j = 0; j < DELAY_SAMPLES; j++) {
            window[DELAY_SAMPLES - 1 - j] = registers.getFloat(DELAY_OFFSET + Float.BYTES * j);
        }
        ByteBuffer in = little(input);
        ByteBuffer out = little(output);
        for (int i = 0; i < end - start; i++) {
            window[DELAY_SAMPLES + i] = in.getFloat(Float.BYTES * (start + i));
        }
        for (int i = 0; i < end - start; i++) {
            float sum = 0f;
            for (int k = 0; k < tapCount; k++) {
                sum += taps[k] * window[DELAY_SAMPLES + i - k];
            }
            out.putFloat(Float.BYTES * (start + i), canonical(sum));
        }
        for (int j = 0; j < DELAY_SAMPLES; j++) {
            registers.putFloat(DELAY_OFFSET + Float.BYTES * j, window[window.length - 1 - j]);
        }
        registers.putInt(INDEX_OFFSET, end);
    }

    private int samples(int inputLength) {
        if (inputLength <= 0 || inputLength % Float.BYTES != 0) {
            throw refused("input length must be a positive multiple of " + Float.BYTES + " (float32 samples), got " + inputLength);
        }
        return inputLength / Float.BYTES;
    }

    private void checkTapCount(int tapCount) {
        if (tapCount < 1 || tapCount > MAX_TAPS) {
            throw refused("tap count must be 1 to " + MAX_TAPS + ", got " + tapCount);
        }
    }
}

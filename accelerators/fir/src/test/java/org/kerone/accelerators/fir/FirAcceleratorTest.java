package org.kerone.accelerators.fir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.fpga.accel.Jobs;
import org.kerone.fpga.accel.PrrClasses;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.accel.JobShape;

/**
 * The FIR accelerator: agreement with a direct convolution in double precision, known responses,
 * jobs preempted and resumed from a copied context, refused arguments and the declared device.
 *
 * <p>Tolerance. Each output is a float32 inner product of length {@code T} summed from zero, whose
 * error Higham (Accuracy and Stability of Numerical Algorithms, 2nd ed., eq. 3.5) bounds by
 * {@code |y' - y| <= gamma_T sum_k |h[k] x[n-k]|}, {@code gamma_T = T u / (1 - T u)},
 * {@code u = 2^-24}. The reference is that sum in double precision, whose own error (below
 * {@code 64 * 2^-53} relative) is negligible; the check is the bound itself, per output sample.
 */
class FirAcceleratorTest {
    private static final double U = 0x1p-24;

    @Nested
    class AgainstTheConvolution {
        @ParameterizedTest
        @CsvSource({"1, 1", "1, 100", "2, 64", "7, 65", "16, 127", "31, 1000", "63, 10", "64, 4096", "64, 10007"})
        void randomTapsAndSamples(int tapCount, int samples) {
            Random random = new Random(31L * tapCount + samples);
            float[] taps = randomFloats(random, tapCount, 1f);
            float[] x = randomFloats(random, samples, 100f);

            float[] y = floats(runInOneCall(args(taps), bytes(x)));

            assertWithinTheErrorBound(y, taps, x);
        }

        @ParameterizedTest
        @CsvSource({"1, 1", "64, 1", "64, 64", "64, 65", "3, 130"})
        void oneUnitPer64SamplesAndOutputAsLongAsInput(int tapCount, int samples) {
            JobShape shape = new FirAccelerator().shape(args(new float[tapCount]), 4 * samples);

            assertThat(shape).isEqualTo(new JobShape((samples + 63) / 64, 4 * samples));
        }
    }

    @Test
    void everyNaNOutIsTheCanonicalNaN() {
        // NaNs of several payloads in: the bits of a NaN an operation makes may differ between
        // interpreted and compiled code, so the traces' CRCs would differ between runs
        int[] payloads = {0x7fc00001, 0xffc12345, 0x7f812345, 0xff800001};
        float[] x = new float[256];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 5 == 0 ? Float.intBitsToFloat(payloads[i % payloads.length]) : i;
        }

        byte[] y = runInOneCall(args(new float[] {0.5f, -1f, 2f}), bytes(x));

        ByteBuffer out = ByteBuffer.wrap(y).order(ByteOrder.LITTLE_ENDIAN);
        int nans = 0;
        for (int i = 0; i < x.length; i++) {
            int bits = out.getInt(4 * i);
            if (Float.isNaN(Float.intBitsToFloat(bits))) {
                nans++;
                assertThat(bits).as("output %d", i).isEqualTo(0x7fc00000);
            }
        }
        assertThat(nans).isGreaterThan(x.length / 5);
    }

    @Nested
    class KnownResponses {
        @Test
        void impulseResponseIsTheTapsExactly() {
            Random random = new Random(3);
            float[] taps = randomFloats(random, 64, 1f);
            float[] x = new float[200];
            x[0] = 1f;

            float[] y = floats(runInOneCall(args(taps), bytes(x)));

            assertThat(Arrays.copyOf(y, 64)).containsExactly(taps);
            assertThat(Arrays.copyOfRange(y, 64, 200)).containsOnly(0f);
        }

        @Test
        void movingAverageOfAStepRisesOverTheTaps() {
            float[] x = new float[70];
            Arrays.fill(x, 1f);

            float[] y = floats(runInOneCall(args(new float[] {0.25f, 0.25f, 0.25f, 0.25f}), bytes(x)));

            assertThat(Arrays.copyOf(y, 6)).containsExactly(0.25f, 0.5f, 0.75f, 1f, 1f, 1f);
            assertThat(Arrays.copyOfRange(y, 3, 70)).containsOnly(1f);
        }

        @Test
        void unusedTapsAreIgnored() {
            float[] taps = {0.5f, -1.5f, 2f};
            byte[] clean = args(taps);
            byte[] dirty = clean.clone();
            ByteBuffer garbage = ByteBuffer.wrap(dirty).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 3; k < 64; k++) {
                garbage.putFloat(4 + 4 * k, Float.NaN);
            }
            byte[] input = bytes(randomFloats(new Random(5), 300, 1f));

            assertThat(runInOneCall(dirty, input)).isEqualTo(runInOneCall(clean, input));
        }
    }

    @Nested
    class PreemptAndResume {
        @ParameterizedTest
        @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
        void randomChunksWithACopiedContextGiveTheUninterruptedResult(long seed) {
            Random random = new Random(seed);
            float[] taps = randomFloats(random, 1 + random.nextInt(64), 1f);
            float[] x = randomFloats(random, 1 + random.nextInt(3_000), 10f);
            byte[] args = args(taps);
            byte[] input = bytes(x);

            byte[] chunked = runInChunks(args, input, random);

            assertThat(chunked).isEqualTo(runInOneCall(args, input));
            assertWithinTheErrorBound(floats(chunked), taps, x);
        }

        @Test
        void resumeReadsNoInputBeforeItsFirstSample() {
            Random random = new Random(11);
            byte[] args = args(randomFloats(random, 64, 1f));
            byte[] input = bytes(randomFloats(random, 256, 1f));
            FirAccelerator fir = new FirAccelerator();
            byte[] context = fir.newContext(args, input.length);
            byte[] output = new byte[input.length];
            fir.process(context, input, output, 0, 2);

            byte[] laterInputOnly = input.clone();
            Arrays.fill(laterInputOnly, 0, 4 * 128, (byte) 0x7f);
            new FirAccelerator().process(context.clone(), laterInputOnly, output, 2, 4);

            assertThat(output).isEqualTo(runInOneCall(args, input));
        }

        @Test
        void contextHoldsTheArgsTheDelayLineAndTheNextSample() {
            float[] x = new float[100];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            byte[] args = args(new float[] {1f});
            FirAccelerator fir = new FirAccelerator();
            byte[] context = fir.newContext(args, 4 * x.length);

            fir.process(context, bytes(x), new byte[4 * x.length], 0, 1);

            ByteBuffer registers = ByteBuffer.wrap(context).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(context).hasSize(516).startsWith(args);
            assertThat(registers.getFloat(260)).as("x[n-1]").isEqualTo(63f);
            assertThat(registers.getFloat(260 + 4 * 62)).as("x[n-63]").isEqualTo(1f);
            assertThat(registers.getInt(512)).as("n").isEqualTo(64);
        }
    }

    @Nested
    class RefusedArguments {
        private final FirAccelerator fir = new FirAccelerator();

        @Test
        void argsOfTheWrongLength() {
            assertThatIllegalArgumentException().isThrownBy(() -> fir.shape(new byte[8], 64))
                    .withMessage("fir: args must be 260 bytes, got 8");
            assertThatIllegalArgumentException().isThrownBy(() -> fir.newContext(new byte[261], 64))
                    .withMessage("fir: args must be 260 bytes, got 261");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 65, Integer.MIN_VALUE})
        void tapCountOutside1To64(int tapCount) {
            byte[] args = args(new float[1]);
            ByteBuffer.wrap(args).order(ByteOrder.LITTLE_ENDIAN).putInt(0, tapCount);

            assertThatIllegalArgumentException().isThrownBy(() -> fir.shape(args, 64))
                    .withMessage("fir: tap count must be 1 to 64, got " + tapCount);
            assertThatIllegalArgumentException().isThrownBy(() -> fir.newContext(args, 64))
                    .withMessageStartingWith("fir: tap count");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 6, 65})
        void inputThatIsNotWholeSamples(int length) {
            assertThatIllegalArgumentException().isThrownBy(() -> fir.shape(args(new float[3]), length))
                    .withMessage("fir: input length must be a positive multiple of 4 (float32 samples), got " + length);
        }

        @Test
        void contextOfTheWrongSizeOrTapCount() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fir.process(new byte[512], new byte[64], new byte[64], 0, 1))
                    .withMessage("fir: context must be 516 bytes, got 512");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fir.process(new byte[516], new byte[64], new byte[64], 0, 1))
                    .withMessage("fir: context holds a tap count of 0, not 1 to 64");
        }

        @Test
        void unitsOutsideTheSamples() {
            byte[] context = fir.newContext(args(new float[2]), 4 * 65);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fir.process(context, new byte[4 * 65], new byte[4 * 65], 1, 3))
                    .withMessage("fir: units [1, 3) are not within the 2 units of 65 samples");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fir.process(context, new byte[4 * 65], new byte[4 * 65], 2, 1))
                    .withMessageStartingWith("fir: units [2, 1)");
        }

        @Test
        void unitsThatDoNotStartWhereTheContextIs() {
            byte[] context = fir.newContext(args(new float[2]), 4 * 200);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fir.process(context, new byte[4 * 200], new byte[4 * 200], 1, 2))
                    .withMessage("fir: context is at sample 0 but units from 1 start at sample 64");
        }

        @Test
        void outputTooShort() {
            byte[] context = fir.newContext(args(new float[2]), 4 * 100);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fir.process(context, new byte[4 * 100], new byte[4 * 99], 0, 2))
                    .withMessage("fir: output of 396 bytes cannot hold samples up to 100");
        }
    }

    @Nested
    class Device {
        private final DeviceInfo info = new FirAccelerator().info();

        @Test
        void fitsBothPrrClasses() {
            assertThat(info.name()).isEqualTo("fir");
            assertThat(info.bitstreamBytes()).containsOnly(
                    entry("small", 331_404), entry("large", 533_732));
            assertThat(PrrClasses.SMALL.covers(info.resources())).isTrue();
            assertThat(PrrClasses.LARGE.covers(info.resources())).isTrue();
        }

        @Test
        void timingArgsAndContextMatchTheModel() {
            assertThat(info.cyclesPerUnit()).isEqualTo(1_024 + 41);
            assertThat(info.setupCycles()).isEqualTo(3 * 65);
            assertThat(info.argsBytes()).isEqualTo(4 + 4 * 64);
            assertThat(info.contextBytes()).isEqualTo(new FirAccelerator().newContext(args(new float[1]), 4).length);
        }

        @Test
        void softwareIsSlowerThanTheCore() {
            assertThat(info.hasSoftware()).isTrue();
            assertThat(info.softwareNsPerUnit()).isGreaterThan(info.cyclesPerUnit() * 10L);
        }
    }


    /** Asserts {@code |y'[n] - y[n]| <= gamma_T sum_k |h[k] x[n-k]|} for every sample (class comment). */
    private static void assertWithinTheErrorBound(float[] y, float[] taps, float[] x) {
        int t = taps.length;
        double gamma = t * U / (1 - t * U);
        assertThat(y).hasSameSizeAs(x);
        for (int n = 0; n < x.length; n++) {
            double exact = 0;
            double magnitude = 0;
            for (int k = 0; k < t && k <= n; k++) {
                exact += (double) taps[k] * x[n - k];
                magnitude += Math.abs((double) taps[k] * x[n - k]);
            }
            assertThat(Math.abs(y[n] - exact)).as("error of y[%d]", n).isLessThanOrEqualTo(gamma * magnitude);
        }
    }

    /** Tap count and taps, padded with zeros to 64. */
    private static byte[] args(float[] taps) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * 64).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(taps.length);
        for (float h : taps) {
            b.putFloat(h);
        }
        return b.array();
    }

    /** The whole job in one process call. */
    private static byte[] runInOneCall(byte[] args, byte[] input) {
        return Jobs.inOneCall(new FirAccelerator(), args, input);
    }

    /**
     * The job in random consecutive chunks, some empty; before each chunk the context is copied
     * into a fresh array and handed to a fresh accelerator, as a restore into another PRR does. The
     * output buffer starts as garbage, so a model that read state back from it would fail.
     */
    private static byte[] runInChunks(byte[] args, byte[] input, Random random) {
        return Jobs.inChunks(FirAccelerator::new, args, input, random, 5, true);
    }

    private static float[] randomFloats(Random random, int count, float scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (2 * random.nextFloat() - 1) * scale;
        }
        return values;
    }

    private static byte[] bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static float[] floats(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = b.getFloat();
        }
        return values;
    }
}

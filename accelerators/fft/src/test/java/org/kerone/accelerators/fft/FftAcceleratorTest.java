package org.kerone.accelerators.fft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.offset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * The FFT accelerator: agreement with a direct DFT in double precision, known transforms, jobs
 * preempted and resumed between stages from a copied context, refused arguments and the declared
 * device.
 *
 * <p>Tolerance. For the radix-2 FFT in floating point, Higham (Accuracy and Stability of Numerical
 * Algorithms, 2nd ed., Theorem 24.2) bounds the error by {@code ||X' - X||_2 <= log2(n) eta ||X||_2}
 * to first order, with {@code eta = mu + gamma_4 (sqrt 2 + mu)}, {@code mu} the error of the computed
 * twiddle factors and {@code gamma_4 = 4u / (1 - 4u)}. Here {@code u = 2^-24} (float32) and the
 * twiddles are double values rounded to float, so {@code mu <= u} and {@code eta < 7u}. The largest
 * error of any one output is at most the 2-norm of the error, hence the check
 * {@code max |X'_k - X_k| <= log2(n) * 7u * ||X||_2}, with {@code X} the double-precision DFT,
 * whose own error (about {@code 1e-16 n}) is negligible. The bound is rigorous, not tuned to the
 * data; on the unit-square inputs the observed errors sit 40 (8 points) to 700 (4096 points) times
 * below it, and it is itself 250 to 1000 times tighter than {@code 1e-3 n max|x|}.
 */
class FftAcceleratorTest {
    private static final byte[] NO_ARGS = {};
    private static final double U = 0x1p-24;

    @Nested
    class AgainstTheDft {
        @ParameterizedTest
        @ValueSource(ints = {2, 4, 8, 16, 32, 64, 256, 1_024, 4_096})
        void randomPointsInTheUnitSquare(int n) {
            float[] x = randomPoints(new Random(n), n, 1f);

            float[] transform = decode(runInOneCall(encode(x)));

            assertWithinTheErrorBound(transform, dft(x));
        }

        @ParameterizedTest
        @ValueSource(ints = {8, 512, 4_096})
        void largeAndSmallMagnitudes(int n) {
            Random random = new Random(1_000 + n);
            float[] x = randomPoints(random, n, 1e6f);
            for (int i = 0; i < x.length; i += 3) {
                x[i] *= 1e-6f;
            }

            assertWithinTheErrorBound(decode(runInOneCall(encode(x))), dft(x));
        }

        @Test
        void oneUnitPerStageAndOutputAsLongAsInput() {
            assertThat(new FftAccelerator().shape(NO_ARGS, 8 * 2)).isEqualTo(new JobShape(1, 16));
            assertThat(new FftAccelerator().shape(NO_ARGS, 8 * 1_024)).isEqualTo(new JobShape(10, 8_192));
            assertThat(new FftAccelerator().shape(NO_ARGS, 8 * 4_096)).isEqualTo(new JobShape(12, 32_768));
        }
    }

    @Test
    void everyNaNOutIsTheCanonicalNaN() {
        // a NaN in spreads to every output; its bits may differ between interpreted and compiled
        // code, so the traces' CRCs would differ between runs unless NaNs are stored canonical
        float[] x = new float[2 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        x[6] = Float.intBitsToFloat(0x7fc12345);
        x[17] = Float.intBitsToFloat(0xffc00001);

        for (byte[] y : new byte[][] {runInOneCall(encode(x)), runInChunks(encode(x), new Random(3))}) {
            ByteBuffer out = ByteBuffer.wrap(y).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < x.length; i++) {
                int bits = out.getInt(4 * i);
                assertThat(Float.isNaN(Float.intBitsToFloat(bits))).as("output %d is NaN", i).isTrue();
                assertThat(bits).as("output %d", i).isEqualTo(0x7fc00000);
            }
        }
    }

    @Nested
    class KnownTransforms {
        @Test
        void impulseGivesAFlatSpectrumExactly() {
            float[] x = new float[2 * 64];
            x[0] = 1f;

            float[] transform = decode(runInOneCall(encode(x)));

            for (int k = 0; k < 64; k++) {
                assertThat(transform[2 * k]).as("re X[%d]", k).isEqualTo(1f);
                assertThat(transform[2 * k + 1]).as("im X[%d]", k).isZero();
            }
        }

        @Test
        void twoPointsAreTheirSumAndDifference() {
            float[] transform = decode(runInOneCall(encode(new float[] {3f, 1f, 5f, -2f})));

            assertThat(transform).containsExactly(8f, -1f, -2f, 3f);
        }

        @Test
        void complexExponentialLandsInItsBin() {
            int n = 256;
            int bin = 37;
            float[] x = new float[2 * n];
            for (int j = 0; j < n; j++) {
                x[2 * j] = (float) Math.cos(2 * Math.PI * bin * j / n);
                x[2 * j + 1] = (float) Math.sin(2 * Math.PI * bin * j / n);
            }

            float[] transform = decode(runInOneCall(encode(x)));

            assertThat((double) transform[2 * bin]).isCloseTo(n, offset(1e-3));
            assertWithinTheErrorBound(transform, dft(x));
        }
    }

    @Nested
    class PreemptAndResume {
        @ParameterizedTest
        @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
        void randomStageChunksWithACopiedContextGiveTheUninterruptedResult(long seed) {
            Random random = new Random(seed);
            int n = 1 << (1 + random.nextInt(12));
            byte[] input = encode(randomPoints(random, n, 10f));

            byte[] chunked = runInChunks(input, random);

            assertThat(chunked).isEqualTo(runInOneCall(input));
            assertWithinTheErrorBound(decode(chunked), dft(decode(input)));
        }

        @Test
        void outputIsWrittenOnlyWithTheLastStage() {
            FftAccelerator fft = new FftAccelerator();
            byte[] input = encode(randomPoints(new Random(42), 16, 1f));
            byte[] context = fft.newContext(NO_ARGS, input.length);
            byte[] output = new byte[input.length];

            fft.process(context, input, output, 0, 3);
            assertThat(output).containsOnly(0);

            fft.process(context, input, output, 3, 4);
            assertThat(output).isEqualTo(context);
        }

        @Test
        void stageZeroIgnoresTheStartingContextAndNoCallWritesTheInput() {
            byte[] input = encode(randomPoints(new Random(7), 32, 1f));
            byte[] original = input.clone();
            byte[] garbage = new byte[input.length];
            new Random(8).nextBytes(garbage);
            byte[] output = new byte[input.length];

            new FftAccelerator().process(garbage, input, output, 0, 5);

            assertThat(output).isEqualTo(runInOneCall(input));
            assertThat(input).isEqualTo(original);
        }

        @Test
        void contextAfterAStageIsTheDocumentedWorkingArray() {
            float[] x = {1f, 0f, 2f, 0f, 3f, 0f, 4f, 0f};
            byte[] input = encode(x);
            byte[] context = new FftAccelerator().newContext(NO_ARGS, input.length);

            new FftAccelerator().process(context, input, new byte[input.length], 0, 1);

            // bit-reversed order 1, 3, 2, 4, then 2-point butterflies: (1+3, 1-3), (2+4, 2-4)
            assertThat(decode(context)).containsExactly(4f, 0f, -2f, 0f, 6f, 0f, -2f, 0f);
        }
    }

    @Nested
    class RefusedArguments {
        private final FftAccelerator fft = new FftAccelerator();

        @Test
        void anyArgs() {
            assertThatIllegalArgumentException().isThrownBy(() -> fft.shape(new byte[4], 64))
                    .withMessage("fft: args must be 0 bytes, got 4");
            assertThatIllegalArgumentException().isThrownBy(() -> fft.newContext(new byte[1], 64))
                    .withMessage("fft: args must be 0 bytes, got 1");
        }

        @ParameterizedTest
        @CsvSource({"0, 0", "8, 1", "24, 3", "96, 12", "65536, 8192", "32776, 4097"})
        void sizesThatAreNotAPowerOfTwoFrom2To4096(int length, int points) {
            assertThatIllegalArgumentException().isThrownBy(() -> fft.shape(NO_ARGS, length))
                    .withMessage("fft: transform size must be a power of two from 2 to 4096 points, got " + points);
            assertThatIllegalArgumentException().isThrownBy(() -> fft.newContext(NO_ARGS, length))
                    .withMessageStartingWith("fft: transform size");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 12, 17})
        void lengthsThatAreNotWholePoints(int length) {
            assertThatIllegalArgumentException().isThrownBy(() -> fft.shape(NO_ARGS, length))
                    .withMessage("fft: input length must be a whole number of 8-byte complex points, got " + length);
        }

        @Test
        void negativeLength() {
            assertThatIllegalArgumentException().isThrownBy(() -> fft.shape(NO_ARGS, -8))
                    .withMessage("fft: input length must not be negative, got -8");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 8, 24, 31, 65_544})
        void contextOfNoTransformSize(int length) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fft.process(new byte[length], new byte[64], new byte[64], 0, 1))
                    .withMessage("fft: context must be 8 bytes per point for 2 to 4096 points (a power of two), got "
                            + length + " bytes");
        }

        @Test
        void inputShorterThanTheContextsTransform() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fft.process(new byte[64], new byte[32], new byte[64], 0, 1))
                    .withMessage("fft: input of 32 bytes is shorter than the 8-point transform of the context");
        }

        @Test
        void unitsOutsideTheStages() {
            byte[] context = fft.newContext(NO_ARGS, 64);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fft.process(context, new byte[64], new byte[64], 2, 4))
                    .withMessage("fft: units [2, 4) are not within the 3 stages of a 8-point transform");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fft.process(context, new byte[64], new byte[64], -1, 1))
                    .withMessageStartingWith("fft: units [-1, 1)");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fft.process(context, new byte[64], new byte[64], 2, 1))
                    .withMessageStartingWith("fft: units [2, 1)");
        }

        @Test
        void outputTooSmallForTheTransform() {
            byte[] context = fft.newContext(NO_ARGS, 64);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> fft.process(context, new byte[64], new byte[63], 0, 3))
                    .withMessage("fft: output must hold the 64-byte transform, got 63 bytes");
        }
    }

    @Nested
    class Device {
        private final DeviceInfo info = new FftAccelerator().info();

        @Test
        void fitsOnlyTheLargePrrClass() {
            assertThat(info.name()).isEqualTo("fft");
            assertThat(info.bitstreamBytes()).containsOnlyKeys("large").containsEntry("large", 533_732);
            assertThat(PrrClasses.SMALL.covers(info.resources())).as("needs more DSPs, BRAM, LUTs than a small PRR").isFalse();
            assertThat(PrrClasses.LARGE.covers(info.resources())).isTrue();
        }

        @Test
        void timingAndContextMatchTheModel() {
            assertThat(info.cyclesPerUnit()).isEqualTo(2_048 + 34);
            assertThat(info.setupCycles()).isEqualTo(64);
            assertThat(info.argsBytes()).isZero();
            assertThat(info.contextBytes()).isEqualTo(new FftAccelerator().newContext(NO_ARGS, 8 * 4_096).length);
        }

        @Test
        void softwareIsSlowerThanTheCore() {
            long hardwareNsPerUnit = info.cyclesPerUnit() * 10L;

            assertThat(info.hasSoftware()).isTrue();
            assertThat(info.softwareNsPerUnit()).isGreaterThan(hardwareNsPerUnit);
        }
    }


    /** Asserts {@code max |X'_k - X_k| <= log2(n) 7u ||X||_2} (see the class comment). */
    private static void assertWithinTheErrorBound(float[] actual, double[] expected) {
        int n = expected.length / 2;
        double norm = 0;
        double maxError = 0;
        for (int i = 0; i < expected.length; i++) {
            norm += expected[i] * expected[i];
        }
        for (int k = 0; k < n; k++) {
            maxError = Math.max(maxError, Math.hypot(actual[2 * k] - expected[2 * k], actual[2 * k + 1] - expected[2 * k + 1]));
        }
        double bound = Integer.numberOfTrailingZeros(n) * 7 * U * Math.sqrt(norm);
        assertThat(maxError).as("largest error of a %d-point transform", n).isLessThanOrEqualTo(bound);
    }

    /** The definition, {@code X[k] = sum x[j] e^(-2 pi i jk / n)}, in double precision. */
    private static double[] dft(float[] x) {
        int n = x.length / 2;
        double[] transform = new double[2 * n];
        for (int k = 0; k < n; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                double angle = -2 * Math.PI * ((long) j * k % n) / n;
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                re += x[2 * j] * c - x[2 * j + 1] * s;
                im += x[2 * j] * s + x[2 * j + 1] * c;
            }
            transform[2 * k] = re;
            transform[2 * k + 1] = im;
        }
        return transform;
    }

    /** The whole job in one process call. */
    private static byte[] runInOneCall(byte[] input) {
        return Jobs.inOneCall(new FftAccelerator(), NO_ARGS, input);
    }

    /**
     * The job in random consecutive chunks of stages, some empty; before each chunk the context is
     * copied into a fresh array and handed to a fresh accelerator, as a restore into another PRR
     * does. The output buffer starts as garbage, so a model that kept state there would fail.
     */
    private static byte[] runInChunks(byte[] input, Random random) {
        return Jobs.inChunks(FftAccelerator::new, NO_ARGS, input, random, 4, true);
    }

    /** {@code n} points, re and im uniform in {@code [-scale, scale)}. */
    private static float[] randomPoints(Random random, int n, float scale) {
        float[] x = new float[2 * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (2 * random.nextFloat() - 1) * scale;
        }
        return x;
    }

    private static byte[] encode(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static float[] decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = b.getFloat();
        }
        return values;
    }
}

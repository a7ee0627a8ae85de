package org.kerone.accelerators.matmul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
 * The matrix multiply accelerator: agreement with the textbook triple loop in Java {@code int}
 * arithmetic (so overflow wraps the same way), known products, jobs preempted and resumed between
 * rows from a copied context, refused arguments and the declared device.
 */
class MatmulAcceleratorTest {

    @Nested
    class AgainstTheTripleLoop {
        @ParameterizedTest
        @CsvSource({"1, 1, 1", "1, 7, 1", "3, 4, 5", "5, 1, 9", "17, 3, 1", "64, 64, 64", "100, 37, 3", "2, 300, 2"})
        void smallRandomValues(int m, int k, int n) {
            Random random = new Random(m * 10_007L + k * 101L + n);
            int[] a = randomInts(random, m * k, 1_000);
            int[] b = randomInts(random, k * n, 1_000);

            assertThat(ints(runInOneCall(args(m, k, n), input(a, b)))).containsExactly(multiply(a, b, m, k, n));
        }

        @ParameterizedTest
        @CsvSource({"4, 4, 4", "13, 29, 7", "32, 128, 16"})
        void fullRangeValuesWrapAround(int m, int k, int n) {
            Random random = new Random(m + k + n);
            int[] a = randomInts(random, m * k, 0);
            int[] b = randomInts(random, k * n, 0);

            assertThat(ints(runInOneCall(args(m, k, n), input(a, b)))).containsExactly(multiply(a, b, m, k, n));
        }

        @ParameterizedTest
        @CsvSource({"1, 1, 1", "3, 4, 5", "64, 2, 1"})
        void oneUnitPerRowOfC(int m, int k, int n) {
            JobShape shape = new MatmulAccelerator().shape(args(m, k, n), 4 * (m * k + k * n));

            assertThat(shape).isEqualTo(new JobShape(m, 4 * m * n));
        }
    }

    @Nested
    class KnownProducts {
        @Test
        void twoByThreeTimesThreeByTwo() {
            int[] a = {1, 2, 3, 4, 5, 6};
            int[] b = {7, 8, 9, 10, 11, 12};

            assertThat(ints(runInOneCall(args(2, 3, 2), input(a, b)))).containsExactly(58, 64, 139, 154);
        }

        @Test
        void overflowWrapsLikeJavaInt() {
            int[] a = {Integer.MAX_VALUE, 3};
            int[] b = {2, Integer.MIN_VALUE};

            assertThat(ints(runInOneCall(args(1, 2, 1), input(a, b)))).containsExactly(-2 + Integer.MIN_VALUE);
        }

        @Test
        void identityLeavesBUnchanged() {
            int[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            int[] b = randomInts(new Random(9), 3 * 4, 0);

            assertThat(ints(runInOneCall(args(3, 3, 4), input(identity, b)))).containsExactly(b);
        }
    }

    @Nested
    class PreemptAndResume {
        @ParameterizedTest
        @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
        void randomRowChunksWithACopiedContextGiveTheUninterruptedResult(long seed) {
            Random random = new Random(seed);
            int m = 1 + random.nextInt(80);
            int k = 1 + random.nextInt(40);
            int n = 1 + random.nextInt(40);
            int[] a = randomInts(random, m * k, 0);
            int[] b = randomInts(random, k * n, 0);
            byte[] args = args(m, k, n);
            byte[] input = input(a, b);

            byte[] chunked = runInChunks(args, input, random);

            assertThat(chunked).isEqualTo(runInOneCall(args, input));
            assertThat(ints(chunked)).containsExactly(multiply(a, b, m, k, n));
        }

        @Test
        void contextHoldsTheDimensionsAndTheNextRow() {
            MatmulAccelerator matmul = new MatmulAccelerator();
            byte[] args = args(5, 2, 3);
            byte[] context = matmul.newContext(args, 4 * (10 + 6));
            byte[] output = new byte[4 * 15];

            matmul.process(context, new byte[4 * 16], output, 0, 2);

            ByteBuffer registers = ByteBuffer.wrap(context).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(context).hasSize(16).startsWith(args);
            assertThat(registers.getInt(12)).isEqualTo(2);
        }
    }

    @Nested
    class RefusedArguments {
        private final MatmulAccelerator matmul = new MatmulAccelerator();

        @Test
        void argsOfTheWrongLength() {
            assertThatIllegalArgumentException().isThrownBy(() -> matmul.shape(new byte[8], 16))
                    .withMessage("matmul: args must be 12 bytes, got 8");
            assertThatIllegalArgumentException().isThrownBy(() -> matmul.newContext(null, 16))
                    .withMessage("matmul: args must be 12 bytes, got none");
        }

        @ParameterizedTest
        @CsvSource({"0, 1, 1", "1, 0, 1", "1, 1, 0", "-1, 2, 2"})
        void dimensionsBelowOne(int m, int k, int n) {
            assertThatIllegalArgumentException().isThrownBy(() -> matmul.shape(args(m, k, n), 16))
                    .withMessage("matmul: matrix dimensions must be at least 1, got M=" + m + ", K=" + k + ", N=" + n);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 4 * 31, 4 * 33, 4 * 32 + 1})
        void inputThatIsNotAThenB(int length) {
            assertThatIllegalArgumentException().isThrownBy(() -> matmul.shape(args(3, 4, 5), length))
                    .withMessage("matmul: input must be A (3x4) then B (4x5), 32 int32 values, got " + length + " bytes");
            assertThatIllegalArgumentException().isThrownBy(() -> matmul.newContext(args(3, 4, 5), length))
                    .withMessageStartingWith("matmul: input must be A (3x4)");
        }

        @Test
        void productTooLargeForAJob() {
            assertThatIllegalArgumentException().isThrownBy(() -> matmul.shape(args(40_000, 1, 40_000), 4 * 80_000))
                    .withMessage("matmul: C (40000x40000) is larger than a job's output can be");
        }

        @Test
        void contextOfTheWrongSizeOrDimensions() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> matmul.process(new byte[12], new byte[8], new byte[4], 0, 1))
                    .withMessage("matmul: context must be 16 bytes, got 12");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> matmul.process(new byte[16], new byte[8], new byte[4], 0, 1))
                    .withMessage("matmul: matrix dimensions must be at least 1, got M=0, K=0, N=0");
        }

        @Test
        void inputShorterThanTheContextsMatrices() {
            byte[] context = matmul.newContext(args(3, 4, 5), 4 * 32);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> matmul.process(context, new byte[4 * 31], new byte[4 * 15], 0, 1))
                    .withMessage("matmul: input of 124 bytes is shorter than A (3x4) and B (4x5) of the context");
        }

        @Test
        void unitsOutsideTheRows() {
            byte[] context = matmul.newContext(args(3, 4, 5), 4 * 32);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> matmul.process(context, new byte[4 * 32], new byte[4 * 15], 0, 4))
                    .withMessage("matmul: units [0, 4) are not within the 3 rows of C");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> matmul.process(context, new byte[4 * 32], new byte[4 * 15], 2, 1))
                    .withMessageStartingWith("matmul: units [2, 1)");
        }

        @Test
        void unitsThatDoNotStartAtTheContextsRow() {
            byte[] context = matmul.newContext(args(3, 4, 5), 4 * 32);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> matmul.process(context, new byte[4 * 32], new byte[4 * 15], 1, 2))
                    .withMessage("matmul: context is at row 0 but units start at row 1");
        }

        @Test
        void outputTooShort() {
            byte[] context = matmul.newContext(args(3, 4, 5), 4 * 32);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> matmul.process(context, new byte[4 * 32], new byte[4 * 14], 0, 3))
                    .withMessage("matmul: output of 56 bytes cannot hold rows up to 3 of C (3x5)");
        }
    }

    @Nested
    class Device {
        private final DeviceInfo info = new MatmulAccelerator().info();

        @Test
        void fitsOnlyTheLargePrrClass() {
            assertThat(info.name()).isEqualTo("matmul");
            assertThat(info.bitstreamBytes()).containsOnlyKeys("large").containsEntry("large", 533_732);
            assertThat(PrrClasses.SMALL.covers(info.resources())).as("needs more DSPs and LUTs than a small PRR").isFalse();
            assertThat(PrrClasses.LARGE.covers(info.resources())).isTrue();
        }

        @Test
        void timingArgsAndContextMatchTheModel() {
            assertThat(info.cyclesPerUnit()).isEqualTo(512 + 16);
            assertThat(info.setupCycles()).isEqualTo(16);
            assertThat(info.argsBytes()).isEqualTo(12);
            assertThat(info.contextBytes()).isEqualTo(new MatmulAccelerator().newContext(args(1, 1, 1), 8).length);
        }

        @Test
        void softwareIsSlowerThanTheCore() {
            assertThat(info.hasSoftware()).isTrue();
            assertThat(info.softwareNsPerUnit()).isGreaterThan(info.cyclesPerUnit() * 10L);
        }
    }


    /** The definition, {@code C[i][j] = sum_l A[i][l] B[l][j]}, in Java int arithmetic. */
    private static int[] multiply(int[] a, int[] b, int m, int k, int n) {
        int[] c = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int l = 0; l < k; l++) {
                    c[i * n + j] += a[i * k + l] * b[l * n + j];
                }
            }
        }
        return c;
    }

    /** The whole job in one process call. */
    private static byte[] runInOneCall(byte[] args, byte[] input) {
        return Jobs.inOneCall(new MatmulAccelerator(), args, input);
    }

    /**
     * The job in random consecutive chunks of rows, some empty; before each chunk the context is
     * copied into a fresh array and handed to a fresh accelerator, as a restore into another PRR
     * does. The output buffer starts as garbage, so a model that read state back from it would fail.
     */
    private static byte[] runInChunks(byte[] args, byte[] input, Random random) {
        return Jobs.inChunks(MatmulAccelerator::new, args, input, random, 6, true);
    }

    private static byte[] args(int m, int k, int n) {
        return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(m).putInt(k).putInt(n).array();
    }

    /** {@code bound} 0 for the full int range, else values in {@code (-bound, bound)}. */
    private static int[] randomInts(Random random, int count, int bound) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = bound == 0 ? random.nextInt() : random.nextInt(2 * bound - 1) - bound + 1;
        }
        return values;
    }

    private static byte[] input(int[] a, int[] b) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * (a.length + b.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : a) {
            buffer.putInt(v);
        }
        for (int v : b) {
            buffer.putInt(v);
        }
        return buffer.array();
    }

    private static int[] ints(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] values = new int[bytes.length / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getInt();
        }
        return values;
    }
}

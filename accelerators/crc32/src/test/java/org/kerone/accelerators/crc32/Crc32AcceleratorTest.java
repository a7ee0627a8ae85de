package org.kerone.accelerators.crc32;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
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
 * The CRC-32 accelerator: standard check values, agreement with {@link CRC32} around every unit
 * boundary, jobs preempted and resumed from a copied context, refused arguments and the declared
 * device.
 */
class Crc32AcceleratorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NO_ARGS = {};

    @Nested
    class KnownAnswers {
        @ParameterizedTest
        @CsvSource({
            "123456789, cbf43926",
            "'', 00000000",
            "a, e8b7be43",
            "The quick brown fox jumps over the lazy dog, 414fa339",
        })
        void checkValues(String message, String crc) {
            assertThat(HEX.formatHex(runInOneCall(message.getBytes(US_ASCII)))).isEqualTo(crc);
        }
    }

    @Nested
    class AgainstTheJdk {
        @ParameterizedTest
        @ValueSource(ints = {0, 1, 3, 255, 256, 257, 511, 512, 1_000, 4_096, (1 << 20) + 13})
        void randomMessage(int length) {
            byte[] message = bytes(new Random(length), length);

            assertThat(runInOneCall(message)).isEqualTo(jdkCrc(message));
        }

        @ParameterizedTest
        @CsvSource({"0, 1", "1, 1", "256, 1", "257, 2", "512, 2", "513, 3"})
        void oneUnitPer256BytesAndAFourByteOutput(int length, long units) {
            assertThat(new Crc32Accelerator().shape(NO_ARGS, length)).isEqualTo(new JobShape(units, 4));
        }
    }

    @Nested
    class PreemptAndResume {
        @ParameterizedTest
        @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
        void randomChunksWithACopiedContextGiveTheJdkResult(long seed) {
            Random random = new Random(seed);
            byte[] message = bytes(random, random.nextInt(5_000));

            byte[] crc = runInChunks(message, random);

            assertThat(crc).isEqualTo(runInOneCall(message)).isEqualTo(jdkCrc(message));
        }

        @Test
        void crcIsWrittenOnlyWithTheLastUnit() {
            Crc32Accelerator crc32 = new Crc32Accelerator();
            byte[] message = bytes(new Random(42), 600);
            byte[] context = crc32.newContext(NO_ARGS, message.length);
            byte[] crc = new byte[4];

            crc32.process(context, message, crc, 0, 2);
            assertThat(crc).containsOnly(0);

            crc32.process(context, message, crc, 2, 3);
            assertThat(crc).isEqualTo(jdkCrc(message));
        }

        @Test
        void contextHoldsTheRegisterAndTheByteCount() {
            Crc32Accelerator crc32 = new Crc32Accelerator();
            byte[] message = bytes(new Random(43), 300);
            byte[] context = crc32.newContext(NO_ARGS, message.length);
            assertThat(HEX.formatHex(context)).isEqualTo("ffffffff" + "0000000000000000");

            crc32.process(context, message, new byte[4], 0, 1);

            CRC32 firstUnit = new CRC32();
            firstUnit.update(message, 0, 256);
            ByteBuffer registers = ByteBuffer.wrap(context);
            assertThat(~registers.getInt(0) & 0xffffffffL).isEqualTo(firstUnit.getValue());
            assertThat(registers.getLong(4)).isEqualTo(256);
        }
    }

    @Nested
    class RefusedArguments {
        private final Crc32Accelerator crc32 = new Crc32Accelerator();

        @Test
        void anyArgs() {
            assertThatIllegalArgumentException().isThrownBy(() -> crc32.shape(new byte[1], 16))
                    .withMessage("crc32: args must be 0 bytes, got 1");
            assertThatIllegalArgumentException().isThrownBy(() -> crc32.newContext(new byte[4], 16))
                    .withMessage("crc32: args must be 0 bytes, got 4");
        }

        @Test
        void negativeInputLength() {
            assertThatIllegalArgumentException().isThrownBy(() -> crc32.shape(NO_ARGS, -1))
                    .withMessage("crc32: input length must not be negative, got -1");
        }

        @Test
        void contextOfTheWrongSize() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> crc32.process(new byte[8], new byte[0], new byte[4], 0, 1))
                    .withMessage("crc32: context must be 12 bytes, got 8");
        }

        @Test
        void unitsOutsideTheMessage() {
            byte[] context = crc32.newContext(NO_ARGS, 300);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> crc32.process(context, new byte[300], new byte[4], 1, 3))
                    .withMessage("crc32: units [1, 3) are not within the 2 units of a 300-byte message");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> crc32.process(context, new byte[300], new byte[4], -1, 0))
                    .withMessageStartingWith("crc32: units [-1, 0)");
        }

        @Test
        void unitsThatDoNotStartWhereTheContextIs() {
            byte[] context = crc32.newContext(NO_ARGS, 300);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> crc32.process(context, new byte[300], new byte[4], 1, 2))
                    .withMessage("crc32: context has seen 0 bytes but units from 1 start at byte 256");
        }

        @Test
        void outputTooSmallForTheCrc() {
            byte[] context = crc32.newContext(NO_ARGS, 3);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> crc32.process(context, new byte[3], new byte[3], 0, 1))
                    .withMessage("crc32: output must hold the 4-byte CRC, got 3 bytes");
        }
    }

    @Nested
    class Device {
        private final DeviceInfo info = new Crc32Accelerator().info();

        @Test
        void fitsBothPrrClasses() {
            assertThat(info.name()).isEqualTo("crc32");
            assertThat(info.bitstreamBytes()).containsOnly(entry("small", 331_404), entry("large", 533_732));
            assertThat(PrrClasses.SMALL.covers(info.resources())).isTrue();
            assertThat(PrrClasses.LARGE.covers(info.resources())).isTrue();
        }

        @Test
        void timingAndContextMatchTheModel() {
            assertThat(info.cyclesPerUnit()).isEqualTo(64);
            assertThat(info.setupCycles()).isEqualTo(8);
            assertThat(info.argsBytes()).isZero();
            assertThat(info.contextBytes()).isEqualTo(new Crc32Accelerator().newContext(NO_ARGS, 0).length);
        }

        @Test
        void softwareIsSlowerThanTheCore() {
            assertThat(info.hasSoftware()).isTrue();
            assertThat(info.softwareNsPerUnit()).isGreaterThan(info.cyclesPerUnit() * 10L);
        }
    }


    /** The whole job in one process call. */
    private static byte[] runInOneCall(byte[] message) {
        return Jobs.inOneCall(new Crc32Accelerator(), NO_ARGS, message);
    }

    /**
     * The job in random consecutive chunks, some empty; before each chunk the context is copied
     * into a fresh array and handed to a fresh accelerator, as a restore into another PRR does.
     */
    private static byte[] runInChunks(byte[] message, Random random) {
        return Jobs.inChunks(Crc32Accelerator::new, NO_ARGS, message, random, 4, true);
    }

    /** {@link CRC32}'s value, big-endian. */
    private static byte[] jdkCrc(byte[] message) {
        CRC32 crc = new CRC32();
        crc.update(message);
        return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}

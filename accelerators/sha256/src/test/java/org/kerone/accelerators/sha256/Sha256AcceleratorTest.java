package org.kerone.accelerators.sha256;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.fpga.accel.Jobs;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.accel.JobShape;

/**
 * The SHA-256 accelerator: standard test vectors, agreement with the JDK's SHA-256 around every
 * padding boundary, jobs preempted and resumed from a copied context, refused arguments and the
 * declared device.
 */
class Sha256AcceleratorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NO_ARGS = {};

    @Nested
    class KnownAnswers {
        @ParameterizedTest
        @CsvSource({
            "abc, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "'', e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq, 248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        })
        void fips180Examples(String message, String digest) {
            assertThat(HEX.formatHex(runInOneCall(message.getBytes(US_ASCII)))).isEqualTo(digest);
        }
    }

    @Nested
    class AgainstTheJdk {
        @ParameterizedTest
        @ValueSource(ints = {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1_000, (1 << 20) + 13})
        void randomMessage(int length) throws Exception {
            byte[] message = bytes(new Random(length), length);

            assertThat(runInOneCall(message)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(message));
        }

        @ParameterizedTest
        @CsvSource({"0, 1", "55, 1", "56, 2", "63, 2", "64, 2", "119, 2", "120, 3"})
        void oneUnitPerPaddedBlock(int length, long units) {
            assertThat(new Sha256Accelerator().shape(NO_ARGS, length)).isEqualTo(new JobShape(units, 32));
        }
    }

    @Nested
    class PreemptAndResume {
        @ParameterizedTest
        @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
        void randomChunksWithACopiedContextGiveTheJdkResult(long seed) throws Exception {
            Random random = new Random(seed);
            byte[] message = bytes(random, random.nextInt(20_000));

            byte[] digest = runInChunks(message, random);

            assertThat(digest).isEqualTo(MessageDigest.getInstance("SHA-256").digest(message));
        }

        @Test
        void digestIsWrittenOnlyWithTheLastUnit() {
            Sha256Accelerator sha = new Sha256Accelerator();
            byte[] message = bytes(new Random(42), 200);
            byte[] context = sha.newContext(NO_ARGS, message.length);
            byte[] digest = new byte[32];

            sha.process(context, message, digest, 0, 3);
            assertThat(digest).containsOnly(0);

            sha.process(context, message, digest, 3, 4);
            assertThat(HEX.formatHex(digest)).isEqualTo(HEX.formatHex(context, 0, 32));
        }

        @Test
        void contextHoldsTheInitialHashAndTheMessageLength() {
            byte[] context = new Sha256Accelerator().newContext(NO_ARGS, 0x0102);

            assertThat(HEX.formatHex(context)).isEqualTo("6a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19"
                    + "0000000000000102");
        }
    }

    @Nested
    class RefusedArguments {
        private final Sha256Accelerator sha = new Sha256Accelerator();

        @Test
        void anyArgs() {
            assertThatIllegalArgumentException().isThrownBy(() -> sha.shape(new byte[1], 16))
                    .withMessage("sha256: args must be 0 bytes, got 1");
            assertThatIllegalArgumentException().isThrownBy(() -> sha.newContext(new byte[32], 16))
                    .withMessage("sha256: args must be 0 bytes, got 32");
        }

        @Test
        void negativeInputLength() {
            assertThatIllegalArgumentException().isThrownBy(() -> sha.shape(NO_ARGS, -1))
                    .withMessage("sha256: input length must not be negative, got -1");
            assertThatIllegalArgumentException().isThrownBy(() -> sha.newContext(NO_ARGS, -1))
                    .withMessageStartingWith("sha256: input length");
        }

        @Test
        void contextOfTheWrongSize() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> sha.process(new byte[32], new byte[0], new byte[32], 0, 1))
                    .withMessage("sha256: context must be 40 bytes, got 32");
        }

        @Test
        void messageLongerThanTheInput() {
            byte[] context = sha.newContext(NO_ARGS, 100);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> sha.process(context, new byte[99], new byte[32], 0, 1))
                    .withMessage("sha256: message length 100 in the context does not fit the 99-byte input");
        }

        @Test
        void unitsOutsideThePaddedMessage() {
            byte[] context = sha.newContext(NO_ARGS, 100);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> sha.process(context, new byte[100], new byte[32], 1, 3))
                    .withMessage("sha256: units [1, 3) are not within the 2 padded blocks");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> sha.process(context, new byte[100], new byte[32], -1, 1))
                    .withMessageStartingWith("sha256: units [-1, 1)");
        }

        @Test
        void outputTooSmallForTheDigest() {
            byte[] context = sha.newContext(NO_ARGS, 3);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> sha.process(context, new byte[3], new byte[31], 0, 1))
                    .withMessage("sha256: output must hold the 32-byte digest, got 31 bytes");
        }
    }

    @Nested
    class Device {
        private final DeviceInfo info = new Sha256Accelerator().info();

        @Test
        void fitsOnlyTheLargePrrClass() {
            assertThat(info.name()).isEqualTo("sha256");
            assertThat(info.fits("large")).isTrue();
            assertThat(info.fits("small")).isFalse();
            assertThat(info.bitstreamBytes()).containsOnlyKeys("large").containsEntry("large", 533_732);
        }

        @Test
        void timingAndContextMatchTheModel() {
            assertThat(info.cyclesPerUnit()).isEqualTo(65);
            assertThat(info.setupCycles()).isEqualTo(16);
            assertThat(info.contextBytes()).isEqualTo(new Sha256Accelerator().newContext(NO_ARGS, 0).length);
            assertThat(info.argsBytes()).isZero();
        }

        @Test
        void softwareIsSlowerThanTheCore() {
            assertThat(info.hasSoftware()).isTrue();
            assertThat(info.softwareNsPerUnit()).isEqualTo(1_583).isGreaterThan(info.cyclesPerUnit() * 10L);
        }
    }

    /** The whole job in one process call. */
    private static byte[] runInOneCall(byte[] message) {
        return Jobs.inOneCall(new Sha256Accelerator(), NO_ARGS, message);
    }

    /**
     * The job in random consecutive chunks, some empty; before each chunk the context is copied
     * into a fresh array and handed to a fresh accelerator, as a restore into another PRR does.
     */
    private static byte[] runInChunks(byte[] message, Random random) {
        return Jobs.inChunks(Sha256Accelerator::new, NO_ARGS, message, random, 8, false);
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}

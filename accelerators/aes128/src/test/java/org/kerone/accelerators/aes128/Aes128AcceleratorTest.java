package org.kerone.accelerators.aes128;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.fpga.accel.Jobs;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.accel.JobShape;

/**
 * The AES-128 CBC accelerator: standard test vectors, agreement with the JDK's AES/CBC/NoPadding,
 * jobs preempted and resumed from a copied context, refused arguments and the declared device.
 */
class Aes128AcceleratorTest {
    private static final HexFormat HEX = HexFormat.of();

    @Nested
    class KnownAnswers {
        @Test
        void fips197AppendixC1BlockWithZeroIv() {
            byte[] args = hex("000102030405060708090a0b0c0d0e0f" + "00000000000000000000000000000000");

            byte[] ciphertext = runInOneCall(args, hex("00112233445566778899aabbccddeeff"));

            assertThat(HEX.formatHex(ciphertext)).isEqualTo("69c4e0d86a7b0430d8cdb78070b4c55a");
        }

        @Test
        void fips197AppendixA1KeyExpansion() {
            byte[] roundKeys = Aes128.expandKey(hex("2b7e151628aed2a6abf7158809cf4f3c"));

            assertThat(HEX.formatHex(roundKeys, 16, 20)).as("w[4]").isEqualTo("a0fafe17");
            assertThat(HEX.formatHex(roundKeys, 172, 176)).as("w[43]").isEqualTo("b6630ca6");
        }

        @Test
        void sp800_38aF21CbcEncryption() {
            byte[] args = hex("2b7e151628aed2a6abf7158809cf4f3c" + "000102030405060708090a0b0c0d0e0f");
            byte[] plaintext = hex("6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51"
                    + "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710");

            byte[] ciphertext = runInOneCall(args, plaintext);

            assertThat(HEX.formatHex(ciphertext)).isEqualTo("7649abac8119b246cee98e9b12e9197d"
                    + "5086cb9b507219ee95db113a917678b2" + "73bed6b8e3c1743b7116e69e22229516"
                    + "3ff1caa1681fac09120eca307586e1a7");
        }
    }

    @Nested
    class AgainstTheJdk {
        @ParameterizedTest
        @ValueSource(ints = {16, 32, 48, 1_024, 1 << 20})
        void randomKeyIvAndPlaintext(int length) throws Exception {
            Random random = new Random(length);
            byte[] args = bytes(random, 32);
            byte[] plaintext = bytes(random, length);

            byte[] ciphertext = runInOneCall(args, plaintext);

            assertThat(ciphertext).isEqualTo(jdkCbc(args, plaintext));
        }

        @Test
        void shapeIsOneUnitPerBlockAndOutputAsLongAsInput() {
            JobShape shape = new Aes128Accelerator().shape(new byte[32], 4_096);

            assertThat(shape).isEqualTo(new JobShape(256, 4_096));
        }
    }

    @Nested
    class PreemptAndResume {
        @ParameterizedTest
        @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
        void randomChunksWithACopiedContextGiveTheJdkResult(long seed) throws Exception {
            Random random = new Random(seed);
            byte[] args = bytes(random, 32);
            byte[] plaintext = bytes(random, 16 * (1 + random.nextInt(300)));

            byte[] ciphertext = runInChunks(args, plaintext, random);

            assertThat(ciphertext).isEqualTo(jdkCbc(args, plaintext));
        }

        @Test
        void contextHoldsTheKeyAndTheLastCiphertextBlock() {
            Random random = new Random(42);
            byte[] args = bytes(random, 32);
            byte[] plaintext = bytes(random, 64);
            Aes128Accelerator aes = new Aes128Accelerator();
            byte[] context = aes.newContext(args, plaintext.length);
            byte[] ciphertext = new byte[plaintext.length];

            aes.process(context, plaintext, ciphertext, 0, 3);

            assertThat(context).startsWith(Arrays.copyOf(args, 16));
            assertThat(Arrays.copyOfRange(context, 16, 32))
                    .isEqualTo(Arrays.copyOfRange(ciphertext, 32, 48));
            assertThat(Arrays.copyOfRange(ciphertext, 48, 64)).containsOnly(0);
        }
    }

    @Nested
    class RefusedArguments {
        private final Aes128Accelerator aes = new Aes128Accelerator();

        @Test
        void argsThatAreNotKeyAndIv() {
            assertThatIllegalArgumentException().isThrownBy(() -> aes.shape(new byte[7], 16))
                    .withMessage("aes128: args must be 32 bytes, got 7");
            assertThatIllegalArgumentException().isThrownBy(() -> aes.newContext(new byte[33], 16))
                    .withMessageStartingWith("aes128: args must be 32 bytes");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 15, 17})
        void inputThatIsNotWholeBlocks(int length) {
            assertThatIllegalArgumentException().isThrownBy(() -> aes.shape(new byte[32], length))
                    .withMessage("aes128: input length must be a positive multiple of 16, got " + length);
            assertThatIllegalArgumentException().isThrownBy(() -> aes.newContext(new byte[32], length))
                    .withMessageStartingWith("aes128: input length");
        }

        @Test
        void negativeInputLength() {
            assertThatIllegalArgumentException().isThrownBy(() -> aes.shape(new byte[32], -16))
                    .withMessage("aes128: input length must not be negative, got -16");
        }

        @Test
        void contextOfTheWrongSize() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> aes.process(new byte[31], new byte[16], new byte[16], 0, 1))
                    .withMessage("aes128: context must be 32 bytes, got 31");
        }

        @Test
        void unitsOutsideTheBuffers() {
            byte[] context = aes.newContext(new byte[32], 32);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> aes.process(context, new byte[32], new byte[32], 1, 3))
                    .withMessage("aes128: units [1, 3) are not within the 2 blocks of input and output");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> aes.process(context, new byte[32], new byte[16], 0, 2))
                    .withMessageStartingWith("aes128: units [0, 2)");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> aes.process(context, new byte[32], new byte[32], 2, 1))
                    .withMessageStartingWith("aes128: units [2, 1)");
        }
    }

    @Nested
    class Device {
        private final DeviceInfo info = new Aes128Accelerator().info();

        @Test
        void fitsBothPrrClasses() {
            assertThat(info.name()).isEqualTo("aes128");
            assertThat(info.fits("large")).isTrue();
            assertThat(info.fits("small")).isTrue();
            assertThat(info.bitstreamBytes()).containsEntry("large", 533_732).containsEntry("small", 331_404);
        }

        @Test
        void timingAndContextMatchTheModel() {
            assertThat(info.cyclesPerUnit()).isEqualTo(11);
            assertThat(info.setupCycles()).isEqualTo(24);
            assertThat(info.contextBytes()).isEqualTo(new Aes128Accelerator().newContext(new byte[32], 16).length);
            assertThat(info.argsBytes()).isEqualTo(32);
        }

        @Test
        void softwareIsSlowerThanTheCore() {
            assertThat(info.hasSoftware()).isTrue();
            assertThat(info.softwareNsPerUnit()).isEqualTo(528).isGreaterThan(info.cyclesPerUnit() * 10L);
        }
    }

    /** The whole job in one process call. */
    private static byte[] runInOneCall(byte[] args, byte[] input) {
        return Jobs.inOneCall(new Aes128Accelerator(), args, input);
    }

    /**
     * The job in random consecutive chunks, some empty; before each chunk the context is copied
     * into a fresh array and handed to a fresh accelerator, as a restore into another PRR does.
     */
    private static byte[] runInChunks(byte[] args, byte[] input, Random random) {
        return Jobs.inChunks(Aes128Accelerator::new, args, input, random, 8, false);
    }

    private static byte[] jdkCbc(byte[] args, byte[] plaintext) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(args, 0, 16, "AES"), new IvParameterSpec(args, 16, 16));
        return cipher.doFinal(plaintext);
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }
}

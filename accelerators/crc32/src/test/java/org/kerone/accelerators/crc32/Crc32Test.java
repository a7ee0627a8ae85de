package org.kerone.accelerators.crc32;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The register arithmetic against {@link CRC32}, at every length and alignment the eight-byte step meets. */
class Crc32Test {
    @Test
    void everyStartAndEndUpToThreeStepsGiveTheJdkCrc() {
        byte[] data = new byte[40];
        new Random(7).nextBytes(data);
        for (int from = 0; from <= 16; from++) {
            for (int to = from; to <= data.length; to++) {
                CRC32 jdk = new CRC32();
                jdk.update(data, from, to - from);
                int crc = Crc32.value(Crc32.update(Crc32.PRESET, data, from, to));
                assertThat(crc & 0xffffffffL).as("bytes [%d, %d)", from, to).isEqualTo(jdk.getValue());
            }
        }
    }

    @Test
    void aMessageUpdatedInPiecesOfAnyLengthGivesTheJdkCrc() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(3_000)];
            random.nextBytes(data);
            int register = Crc32.PRESET;
            for (int at = 0; at < data.length;) {
                int to = Math.min(data.length, at + 1 + random.nextInt(37));
                register = Crc32.update(register, data, at, to);
                at = to;
            }
            CRC32 jdk = new CRC32();
            jdk.update(data);
            assertThat(Crc32.value(register) & 0xffffffffL).isEqualTo(jdk.getValue());
        }
    }

    @Test
    void standardCheckValue() {
        byte[] ascii = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Crc32.value(Crc32.update(Crc32.PRESET, ascii, 0, ascii.length))).isEqualTo(0xCBF43926);
    }
}

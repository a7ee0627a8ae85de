package org.kerone.accelerators.sha256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.Bitstream;
import org.kerone.fpga.accel.DeviceInfo;

/**
 * The partial bitstreams the bundle ships: one per PRR class the device fits, each exactly the
 * synthetic encoding of the device's identity and declared size, accepted by the checks of the
 * reconfiguration port; corrupted copies are refused with a message naming the problem.
 *
 * <p>After a change to the device's name, version or bitstream sizes, regenerate them with
 * {@code mvn -pl accelerators/sha256 test -Dkerone.bitstreams.write=true}, then build again.
 */
class ShippedBitstreamsTest {
    private static final Accelerator ACCELERATOR = new Sha256Accelerator();
    private static final Path SOURCE = Path.of("src/main/resources/org/kerone/accelerators/sha256/bitstreams");

    private static final DeviceInfo INFO = ACCELERATOR.info();
    private static final int PAYLOAD_BYTES = 4096;

    static Stream<String> fittingClasses() {
        return INFO.bitstreamBytes().keySet().stream();
    }

    /** What the bundle ships for {@code prrClass}. */
    static byte[] synthetic(String prrClass) {
        return Bitstream.synthetic(INFO.name(), INFO.version(), prrClass, INFO.bitstreamBytes().get(prrClass), PAYLOAD_BYTES)
                .encode();
    }

    @Test
    @EnabledIfSystemProperty(named = "kerone.bitstreams.write", matches = "true")
    void writeTheBitstreamResources() throws IOException {
        Files.createDirectories(SOURCE);
        for (String prrClass : INFO.bitstreamBytes().keySet()) {
            Files.write(SOURCE.resolve(prrClass + ".bit"), synthetic(prrClass));
        }
    }

    @Nested
    class Shipped {
        @ParameterizedTest
        @MethodSource("org.kerone.accelerators.sha256.ShippedBitstreamsTest#fittingClasses")
        void decodesAndMatchesTheDevice(String prrClass) {
            Bitstream bitstream = Bitstream.decode(ACCELERATOR.bitstream(prrClass));

            assertThat(bitstream.mismatch(INFO, prrClass)).isNull();
            assertThat(bitstream.device()).isEqualTo(INFO.name());
            assertThat(bitstream.version()).isEqualTo(INFO.version());
            assertThat(bitstream.configBytes()).isEqualTo(INFO.bitstreamBytes().get(prrClass));
            assertThat(bitstream.payload()).hasSize(PAYLOAD_BYTES);
        }

        @ParameterizedTest
        @MethodSource("org.kerone.accelerators.sha256.ShippedBitstreamsTest#fittingClasses")
        void areTheSyntheticEncodingOfTheDevice(String prrClass) {
            assertThat(ACCELERATOR.bitstream(prrClass))
                    .as("bitstreams/%s.bit; regenerate with -Dkerone.bitstreams.write=true", prrClass)
                    .isEqualTo(synthetic(prrClass));
        }

        @Test
        void oneFilePerFittingClassAndNoOther() throws IOException {
            try (Stream<Path> files = Files.list(SOURCE)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrderElementsOf(fittingClasses().map(c -> c + ".bit").toList());
            }
        }

        @Test
        void noneForAClassTheDeviceDoesNotFit() {
            Stream.of("small", "large", "medium").filter(c -> !INFO.fits(c))
                    .forEach(c -> assertThat(ACCELERATOR.bitstream(c)).as(c).isNull());
        }
    }

    @Nested
    class Corrupted {
        private final String prrClass = fittingClasses().findFirst().orElseThrow();
        private final byte[] shipped = ACCELERATOR.bitstream(prrClass);

        @Test
        void flippedPayloadByte() {
            byte[] copy = shipped.clone();
            copy[Bitstream.HEADER_BYTES + 1_000] ^= 0x10;

            assertThatIllegalArgumentException().isThrownBy(() -> Bitstream.decode(copy))
                    .withMessageStartingWith("bitstream CRC mismatch");
        }

        @Test
        void wrongSyncWord() {
            byte[] copy = shipped.clone();
            copy[0] = 0x00;

            assertThatIllegalArgumentException().isThrownBy(() -> Bitstream.decode(copy))
                    .withMessage("bitstream has no sync word (found 0x00995566, expected 0xAA995566)");
        }

        @Test
        void truncatedInTheHeader() {
            assertThatIllegalArgumentException().isThrownBy(() -> Bitstream.decode(Arrays.copyOf(shipped, 50)))
                    .withMessage("bitstream truncated: 50 bytes, the header alone has 84");
        }

        @Test
        void truncatedInThePayload() {
            assertThatIllegalArgumentException().isThrownBy(() -> Bitstream.decode(Arrays.copyOf(shipped, shipped.length - 1)))
                    .withMessage("bitstream declares a 4096-byte payload but 4095 bytes follow the header");
        }

        @Test
        void wrongPrrClass() {
            assertThat(Bitstream.decode(shipped).mismatch(INFO, "tiny"))
                    .isEqualTo("bitstream targets PRR class '" + prrClass + "', not 'tiny'");
        }

        @Test
        void wrongDevice() {
            int bytes = INFO.bitstreamBytes().get(prrClass);
            DeviceInfo other = DeviceInfo.builder("other").bitstream(prrClass, bytes).build();
            Bitstream foreign = Bitstream.synthetic("other", INFO.version(), prrClass, bytes, PAYLOAD_BYTES);

            assertThat(Bitstream.decode(shipped).mismatch(other, prrClass))
                    .isEqualTo("bitstream is for device '" + INFO.name() + "', not 'other'");
            assertThat(Bitstream.decode(foreign.encode()).mismatch(INFO, prrClass))
                    .isEqualTo("bitstream is for device 'other', not '" + INFO.name() + "'");
        }

        @Test
        void wrongConfigurationSize() {
            int bytes = INFO.bitstreamBytes().get(prrClass);
            Bitstream resized = Bitstream.synthetic(INFO.name(), INFO.version(), prrClass, bytes + 4, PAYLOAD_BYTES);

            assertThat(Bitstream.decode(resized.encode()).mismatch(INFO, prrClass))
                    .isEqualTo("bitstream declares " + (bytes + 4) + " configuration bytes, the device " + bytes);
        }
    }
}

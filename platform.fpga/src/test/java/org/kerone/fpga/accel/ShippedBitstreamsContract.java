package org.kerone.fpga.accel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every accelerator bundle's shipped bitstreams must satisfy (shared through platform.fpga's
 * test jar): one per PRR class the device fits, each exactly the synthetic encoding of the device's
 * identity and declared size, accepted by the reconfiguration port's checks; corrupted copies are
 * refused with a message naming the problem. A bundle's test extends it and names its accelerator.
 *
 * <p>After a change to a device's name, version or bitstream sizes, regenerate its resources with
 * {@code mvn -pl accelerators/<name> test -Dkerone.bitstreams.write=true}, then build again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ShippedBitstreamsContract {
    static final int PAYLOAD_BYTES = 4096;

    /** The accelerator under test. */
    protected abstract Accelerator accelerator();

    private DeviceInfo info() {
        return accelerator().info();
    }

    /** Where the module keeps the resources: next to the accelerator's class. */
    private Path source() {
        return Path.of("src/main/resources", accelerator().getClass().getPackageName().replace('.', '/'), "bitstreams");
    }

    Stream<String> fittingClasses() {
        return info().bitstreamBytes().keySet().stream();
    }

    private byte[] synthetic(String prrClass) {
        DeviceInfo info = info();
        return Bitstream.synthetic(info.name(), info.version(), prrClass, info.bitstreamBytes().get(prrClass), PAYLOAD_BYTES).encode();
    }

    private String firstClass() {
        return fittingClasses().findFirst().orElseThrow();
    }

    @Test
    @EnabledIfSystemProperty(named = "kerone.bitstreams.write", matches = "true")
    void writeTheBitstreamResources() throws IOException {
        Files.createDirectories(source());
        for (String prrClass : info().bitstreamBytes().keySet()) {
            Files.write(source().resolve(prrClass + ".bit"), synthetic(prrClass));
        }
    }

    @ParameterizedTest
    @MethodSource("fittingClasses")
    void decodesAndMatchesTheDevice(String prrClass) {
        Bitstream bitstream = Bitstream.decode(accelerator().bitstream(prrClass));

        assertThat(bitstream.mismatch(info(), prrClass)).isNull();
        assertThat(bitstream.device()).isEqualTo(info().name());
        assertThat(bitstream.version()).isEqualTo(info().version());
        assertThat(bitstream.configBytes()).isEqualTo(info().bitstreamBytes().get(prrClass));
        assertThat(bitstream.payload()).hasSize(PAYLOAD_BYTES);
    }

    @ParameterizedTest
    @MethodSource("fittingClasses")
    void areTheSyntheticEncodingOfTheDevice(String prrClass) {
        assertThat(accelerator().bitstream(prrClass))
                .as("bitstreams/%s.bit; regenerate with -Dkerone.bitstreams.write=true", prrClass)
                .isEqualTo(synthetic(prrClass));
    }

    @Test
    void oneFilePerFittingClassAndNoOther() throws IOException {
        try (Stream<Path> files = Files.list(source())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(fittingClasses().map(c -> c + ".bit").toList());
        }
    }

    @Test
    void noneForAClassTheDeviceDoesNotFit() {
        Stream.of("small", "large", "medium").filter(c -> !info().fits(c))
                .forEach(c -> assertThat(accelerator().bitstream(c)).as(c).isNull());
    }

    @Test
    void aFlippedPayloadByteIsRefused() {
        byte[] copy = accelerator().bitstream(firstClass()).clone();
        copy[Bitstream.HEADER_BYTES + 1_000] ^= 0x10;

        assertThatIllegalArgumentException().isThrownBy(() -> Bitstream.decode(copy)).withMessageStartingWith("bitstream CRC mismatch");
    }

    @Test
    void aWrongSyncWordIsRefused() {
        byte[] copy = accelerator().bitstream(firstClass()).clone();
        copy[0] = 0x00;

        assertThatIllegalArgumentException().isThrownBy(() -> Bitstream.decode(copy))
                .withMessage("bitstream has no sync word (found 0x00995566, expected 0xAA995566)");
    }

    @Test
    void aTruncatedHeaderOrPayloadIsRefused() {
        byte[] shipped = accelerator().bitstream(firstClass());
        assertThatIllegalArgumentException().isThrownBy(() -> Bitstream.decode(Arrays.copyOf(shipped, 50)))
                .withMessage("bitstream truncated: 50 bytes, the header alone has 84");
        assertThatIllegalArgumentException().isThrownBy(() -> Bitstream.decode(Arrays.copyOf(shipped, shipped.length - 1)))
                .withMessage("bitstream declares a 4096-byte payload but 4095 bytes follow the header");
    }

    @Test
    void anotherPrrClassDeviceOrSizeIsAMismatch() {
        String prrClass = firstClass();
        DeviceInfo info = info();
        Bitstream shipped = Bitstream.decode(accelerator().bitstream(prrClass));
        int bytes = info.bitstreamBytes().get(prrClass);

        assertThat(shipped.mismatch(info, "tiny")).isEqualTo("bitstream targets PRR class '" + prrClass + "', not 'tiny'");
        DeviceInfo other = DeviceInfo.builder("other").bitstream(prrClass, bytes).build();
        assertThat(shipped.mismatch(other, prrClass)).isEqualTo("bitstream is for device '" + info.name() + "', not 'other'");
        Bitstream foreign = Bitstream.synthetic("other", info.version(), prrClass, bytes, PAYLOAD_BYTES);
        assertThat(Bitstream.decode(foreign.encode()).mismatch(info, prrClass))
                .isEqualTo("bitstream is for device 'other', not '" + info.name() + "'");
        Bitstream resized = Bitstream.synthetic(info.name(), info.version(), prrClass, bytes + 4, PAYLOAD_BYTES);
        assertThat(Bitstream.decode(resized.encode()).mismatch(info, prrClass))
                .isEqualTo("bitstream declares " + (bytes + 4) + " configuration bytes, the device " + bytes);
    }
}

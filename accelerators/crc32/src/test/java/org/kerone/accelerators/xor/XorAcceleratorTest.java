package org.kerone.accelerators.xor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.accel.JobShape;

/**
 * The example of {@code accelerators/README.md}: it runs as the README says, refuses what it should,
 * and the README's listing is exactly this fixture's source.
 */
class XorAcceleratorTest {
    private static final Path README = Path.of("../README.md");
    private static final Path SOURCE = Path.of("src/test/java/org/kerone/accelerators/xor/XorAccelerator.java");

    @Test
    void xorsEveryByteWithTheKeyAcrossChunksAndFreshInstances() {
        Random random = new Random(1);
        byte[] input = new byte[1_000];
        random.nextBytes(input);
        byte[] args = {(byte) 0x5a};
        JobShape shape = new XorAccelerator().shape(args, input.length);
        byte[] context = new XorAccelerator().newContext(args, input.length);
        byte[] output = new byte[shape.outputLength()];

        for (long from = 0; from < shape.units(); from += 3) {
            context = context.clone();
            new XorAccelerator().process(context, input, output, from, Math.min(shape.units(), from + 3));
        }

        assertThat(shape).isEqualTo(new JobShape(16, 1_000));
        for (int i = 0; i < input.length; i++) {
            assertThat(output[i]).isEqualTo((byte) (input[i] ^ 0x5a));
        }
    }

    @Test
    void refusesWrongArgsAndEmptyInput() {
        XorAccelerator xor = new XorAccelerator();

        assertThatIllegalArgumentException().isThrownBy(() -> xor.shape(new byte[2], 10))
                .withMessage("xor: args must be 1 bytes, got 2");
        assertThatIllegalArgumentException().isThrownBy(() -> xor.newContext(new byte[1], 0))
                .withMessage("xor: input must not be empty");
    }

    @Test
    void declaresItselfAsTheReadmeSays() {
        assertThat(new XorAccelerator().info().fits("small")).isTrue();
        assertThat(new XorAccelerator().info().fits("large")).isFalse();
        assertThat(new XorAccelerator().info().softwareNsPerUnit()).isGreaterThan(16 * 10);
    }

    @Test
    void readmeListsThisFixture() throws IOException {
        String readme = Files.readString(README);
        String listing = readme.substring(readme.lastIndexOf("```java\n") + "```java\n".length(), readme.lastIndexOf("```"));

        assertThat(listing).isEqualTo(Files.readString(SOURCE));
    }
}

package org.kerone.vmm.internal;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.Bitstream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pieces a whole run is made of, one at a time, so that a run's wall time can be explained:
 * a guest's input data (seeded random bytes, as {@code Guest} makes them for every device use), an
 * accelerator's functional model per input size, and the bitstream check the reconfiguration port
 * does on every reconfiguration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ComponentBench {
    @Param({"aes128", "sha256", "crc32"})
    public String device;
    @Param({"4096"})
    public int bytes;

    Accelerator acc;
    byte[] args;
    byte[] input;
    byte[] output;
    long units;
    SplittableRandom random = new SplittableRandom(1);

    @Setup
    public void setup() {
        acc = Benches.device(device);
        args = new byte[acc.info().argsBytes()];
        random.nextBytes(args);
        input = new byte[bytes];
        random.nextBytes(input);
        output = new byte[Math.max(bytes, 64)];
        units = acc.shape(args, bytes).units();
    }

    /** What a guest does before each device use: fresh buffers filled with seeded random bytes. */
    @Benchmark
    public byte[] guestInput() {
        byte[] in = new byte[bytes];
        random.nextBytes(in);
        return in;
    }

    /** A whole job of the functional model: a fresh context, every unit processed. */
    @Benchmark
    public byte[] job() {
        byte[] context = acc.newContext(args, bytes);
        acc.process(context, input, output, 0, units);
        return output;
    }

    /** What {@code SimFabric.reconfigure} does before every load: read the bitstream from the bundle and check it. */
    @Benchmark
    public String bitstreamCheck() {
        byte[] raw = acc.bitstream("large");
        return Bitstream.decode(raw).mismatch(acc.info(), "large");
    }
}

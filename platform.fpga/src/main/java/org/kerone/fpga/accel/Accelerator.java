package org.kerone.fpga.accel;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An accelerator that PRRs can host: metadata plus a functional model whose whole state between
 * two units of work is an explicit context, so that a job stopped at a consistent point and resumed
 * later, possibly in another PRR, gives exactly the result of an uninterrupted run.
 *
 * <p>Register it as an OSGi service; the service property {@value #DEVICE} carries
 * {@link DeviceInfo#name()}. Threading contract: every method is called on the platform's kernel
 * thread, must return quickly, must not block, and must be deterministic (no clock, no randomness).
 * Bad arguments are refused with an {@link IllegalArgumentException} whose message names the problem.
 */
@ConsumerType
public interface Accelerator {
    /** Service property naming the device. */
    String DEVICE = "kerone.device";

    /** What the device declares; the same object for the life of the service. */
    DeviceInfo info();

    /**
     * The shape of a job on {@code inputLength} input bytes with the given argument registers.
     *
     * @throws IllegalArgumentException when the arguments or the length are not acceptable
     */
    JobShape shape(byte[] args, int inputLength);

    /**
     * A fresh context for a job, as the accelerator's registers hold it right after start: {@link
     * DeviceInfo#contextBytes} bytes, the size the fabric times a context save and restore by. A job
     * whose results nobody observes is only timed, and its context is never made.
     */
    byte[] newContext(byte[] args, int inputLength);

    /**
     * Process units {@code [fromUnit, toUnit)}: read {@code input}, write {@code output}, update
     * {@code context} in place. Calls cover consecutive ranges; between two calls the context may
     * have been saved, copied and restored into a fresh array. The bytes written must be the same on
     * every run: a floating-point model stores every NaN as the canonical one, since the bits of a
     * NaN an operation makes may differ between interpreted and compiled code.
     */
    void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit);

    /**
     * The partial bitstream for a PRR class (see {@link Bitstream} for its format), or null when
     * the device ships none for that class. The reconfiguration port checks it before loading, and
     * refuses to load the device into a PRR of a class its {@link DeviceInfo} declares but for
     * which it ships no bitstream.
     */
    default byte[] bitstream(String prrClass) {
        return null;
    }

    /**
     * Arguments for a typical job on {@code inputLength} bytes, for guest programs and workloads that
     * give none: the default is {@link DeviceInfo#argsBytes()} random bytes (a random key, say).
     *
     * @throws IllegalArgumentException when no job of that length exists
     */
    default byte[] exampleArgs(int inputLength, java.util.random.RandomGenerator random) {
        byte[] args = new byte[info().argsBytes()];
        random.nextBytes(args);
        return args;
    }

    /** The input length nearest to {@code bytes} that jobs accept; workload generators draw sizes freely. */
    default int acceptedLength(int bytes) {
        return Math.max(0, bytes);
    }
}

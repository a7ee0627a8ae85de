package org.kerone.fpga.accel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Help for writing an accelerator: it checks the argument length, builds the {@link JobShape}
 * from two small methods and loads the shipped bitstreams from the bundle's resources
 * {@code bitstreams/<prr class>.bit} next to the subclass. A subclass writes {@link #units},
 * {@link #outputLength}, {@link #newContext} and {@link #process}.
 */
public abstract class AbstractAccelerator implements Accelerator {
    private final DeviceInfo info;

    protected AbstractAccelerator(DeviceInfo info) {
        this.info = info;
    }

    @Override
    public final DeviceInfo info() {
        return info;
    }

    /** Units of work of a job; throw {@link IllegalArgumentException} for a length the device refuses. */
    protected abstract long units(byte[] args, int inputLength);

    /** Bytes a job writes for this input length. */
    protected abstract int outputLength(byte[] args, int inputLength);

    @Override
    public final JobShape shape(byte[] args, int inputLength) {
        if (args == null || args.length != info.argsBytes()) {
            throw refused("args must be " + info.argsBytes() + " bytes, got " + (args == null ? "none" : args.length));
        }
        if (inputLength < 0) {
            throw refused("input length must not be negative, got " + inputLength);
        }
        return new JobShape(units(args, inputLength), outputLength(args, inputLength));
    }

    /** {@code bytes} read and written as little-endian words, as the accelerators' registers hold them. */
    protected static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The value, with every NaN as the one canonical NaN: store floats this way, since the bits of
     * a NaN an operation makes may differ between interpreted and compiled code.
     */
    protected static float canonical(float v) {
        return Float.isNaN(v) ? Float.NaN : v;
    }

    /**
     * A context of {@code contextBytes} that starts with the job's arguments (the argument
     * registers), zero after them, for a job {@link #shape} accepts.
     */
    protected final byte[] contextWithArgs(byte[] args, int inputLength, int contextBytes) {
        shape(args, inputLength);
        byte[] context = new byte[contextBytes];
        System.arraycopy(args, 0, context, 0, args.length);
        return context;
    }

    /** An {@link IllegalArgumentException} whose message starts with the device name. */
    protected final IllegalArgumentException refused(String problem) {
        return new IllegalArgumentException(info.name() + ": " + problem);
    }

    @Override
    public byte[] bitstream(String prrClass) {
        if (!info.fits(prrClass)) {
            return null;
        }
        try (InputStream in = getClass().getResourceAsStream("bitstreams/" + prrClass + ".bit")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(info.name() + ": cannot read bitstream for class " + prrClass, e);
        }
    }
}

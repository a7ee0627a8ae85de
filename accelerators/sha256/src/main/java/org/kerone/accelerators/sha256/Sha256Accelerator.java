package org.kerone.accelerators.sha256;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.service.component.annotations.Component;

/**
 * The SHA-256 hash accelerator: declares the device and compresses one 64-byte block of the padded
 * message per unit of work.
 *
 * <p>Arguments: none. Input: the message, any length. Output: the 32-byte digest, written when the
 * last unit is processed. Context: the intermediate hash value H0..H7 (32 bytes, big-endian)
 * followed by the message length in bytes (8 bytes, big-endian). Padding (FIPS 180-4 section 5.1.1)
 * is built block by block from the input and that length, as the core does while streaming.
 */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + Sha256Accelerator.NAME)
public final class Sha256Accelerator extends AbstractAccelerator {
    static final String NAME = "sha256";

    // Estimates for an iterative SHA-256 core (one round per cycle) on a Zynq-7020. 533,732 bytes is
    // the partial bitstream size of the PRR in Ker-ONE's public release (prevotet/Kerone); the core
    // does not fit the smaller PRR class.
    private static final int LUT = 1_980;
    private static final int FF = 1_650;
    private static final int BRAM = 1;
    private static final int DSP = 0;
    private static final int LARGE_BITSTREAM_BYTES = 533_732;
    /** 64 rounds at one per cycle, plus one cycle to add the block's result to the hash value. */
    private static final int CYCLES_PER_BLOCK = 65;
    /** Loading the initial hash value and the message length before the first block. */
    private static final int SETUP_CYCLES = 16;
    /**
     * SHA-256 in software (OpenSSL's sha256-armv4) on the Cortex-A9 at 667 MHz: about 16.5 cycles
     * a byte, 1,056 cycles a 64-byte block (estimate).
     */
    private static final long SOFTWARE_NS_PER_BLOCK = 1_583;

    private static final int DIGEST_BYTES = 4 * Sha256.HASH_WORDS;
    private static final int LENGTH_OFFSET = DIGEST_BYTES;
    private static final int CONTEXT_BYTES = DIGEST_BYTES + Long.BYTES;
    /** Padding adds at least the 0x80 byte and the 8-byte bit length. */
    private static final int MIN_PADDING_BYTES = 1 + Long.BYTES;

    private static final DeviceInfo INFO = DeviceInfo.builder(NAME)
            .version("1.0.0")
            .resources(LUT, FF, BRAM, DSP)
            .bitstream("large", LARGE_BITSTREAM_BYTES)
            .cyclesPerUnit(CYCLES_PER_BLOCK)
            .setupCycles(SETUP_CYCLES)
            .contextBytes(CONTEXT_BYTES)
            .argsBytes(0)
            .softwareNsPerUnit(SOFTWARE_NS_PER_BLOCK)
            .build();

    public Sha256Accelerator() {
        super(INFO);
    }

    /** One unit per block of the padded message. */
    @Override
    protected long units(byte[] args, int inputLength) {
        return paddedBlocks(inputLength);
    }

    @Override
    protected int outputLength(byte[] args, int inputLength) {
        return DIGEST_BYTES;
    }

    /** H(0) and the message length. */
    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        shape(args, inputLength);
        ByteBuffer context = ByteBuffer.allocate(CONTEXT_BYTES);
        for (int word : Sha256.initialHash()) {
            context.putInt(word);
        }
        return context.putLong(inputLength).array();
    }

    /**
     * Compresses padded blocks {@code [fromUnit, toUnit)} of the message, which is the first
     * {@code length} bytes of {@code input}, {@code length} being read from the context.
     */
    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        if (context.length != CONTEXT_BYTES) {
            throw refused("context must be " + CONTEXT_BYTES + " bytes, got " + context.length);
        }
        ByteBuffer registers = ByteBuffer.wrap(context);
        long length = registers.getLong(LENGTH_OFFSET);
        if (length < 0 || length > input.length) {
            throw refused("message length " + length + " in the context does not fit the " + input.length + "-byte input");
        }
        long blocks = paddedBlocks(length);
        if (fromUnit < 0 || fromUnit > toUnit || toUnit > blocks) {
            throw refused("units [" + fromUnit + ", " + toUnit + ") are not within the " + blocks + " padded blocks");
        }
        boolean last = toUnit == blocks;
        if (last && output.length < DIGEST_BYTES) {
            throw refused("output must hold the " + DIGEST_BYTES + "-byte digest, got " + output.length + " bytes");
        }
        int[] hash = new int[Sha256.HASH_WORDS];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = registers.getInt(4 * i);
        }
        byte[] block = new byte[Sha256.BLOCK_BYTES];
        int[] schedule = new int[Sha256.SCHEDULE_WORDS];
        for (long unit = fromUnit; unit < toUnit; unit++) {
            paddedBlock(input, length, unit, block);
            Sha256.compress(hash, block, schedule);
        }
        for (int i = 0; i < hash.length; i++) {
            registers.putInt(4 * i, hash[i]);
        }
        if (last) {
            System.arraycopy(context, 0, output, 0, DIGEST_BYTES);
        }
    }

    /** Number of 64-byte blocks of a {@code length}-byte message once padded. */
    private static long paddedBlocks(long length) {
        return (length + MIN_PADDING_BYTES + Sha256.BLOCK_BYTES - 1) / Sha256.BLOCK_BYTES;
    }

    /**
     * Fills {@code block} with block {@code index} of the padded message: message bytes, then the
     * byte 0x80, zeros, and in the last block the message length in bits (FIPS 180-4 section 5.1.1).
     */
    private static void paddedBlock(byte[] message, long length, long index, byte[] block) {
        long start = index * Sha256.BLOCK_BYTES;
        int messageBytes = (int) Math.max(0, Math.min(Sha256.BLOCK_BYTES, length - start));
        if (messageBytes > 0) {
            System.arraycopy(message, (int) start, block, 0, messageBytes);
        }
        Arrays.fill(block, messageBytes, Sha256.BLOCK_BYTES, (byte) 0);
        if (start <= length && length < start + Sha256.BLOCK_BYTES) {
            block[(int) (length - start)] = (byte) 0x80;
        }
        if (index == paddedBlocks(length) - 1) {
            ByteBuffer.wrap(block).putLong(Sha256.BLOCK_BYTES - Long.BYTES, length * Byte.SIZE);
        }
    }
}

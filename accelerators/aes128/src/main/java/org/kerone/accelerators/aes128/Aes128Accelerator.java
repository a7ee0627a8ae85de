package org.kerone.accelerators.aes128;

import java.util.Arrays;
import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.service.component.annotations.Component;

/**
 * The AES-128 CBC encryption accelerator: declares the device and encrypts one 16-byte block per
 * unit of work.
 *
 * <p>Arguments: the key (16 bytes) followed by the IV (16 bytes). Input: a positive multiple of 16
 * bytes; output: the ciphertext, as long as the input. Context: the key followed by the chaining
 * value, which is the IV before the first block and the last ciphertext block after it. The key
 * schedule is recomputed from the context on every call, as the core does after a context restore.
 */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + Aes128Accelerator.NAME)
public final class Aes128Accelerator extends AbstractAccelerator {
    static final String NAME = "aes128";

    // Estimates for an iterative AES-128 core (one round per cycle) on a Zynq-7020. 533,732 bytes is
    // the partial bitstream size of the PRR in Ker-ONE's public release (prevotet/Kerone); the core
    // also fits a smaller PRR class.
    private static final int LUT = 2_850;
    private static final int FF = 1_960;
    private static final int BRAM = 4;
    private static final int DSP = 0;
    private static final int SMALL_BITSTREAM_BYTES = 331_404;
    private static final int LARGE_BITSTREAM_BYTES = 533_732;
    /** Ten rounds at one per cycle, plus one cycle to load the block. */
    private static final int CYCLES_PER_BLOCK = 11;
    /** Reading the key and IV argument registers before the first block. */
    private static final int SETUP_CYCLES = 24;
    /**
     * Table-based AES-128 CBC in software (OpenSSL's aes-armv4, no crypto extensions) on the
     * Cortex-A9 at 667 MHz: about 22 cycles a byte, 352 cycles a block (estimate).
     */
    private static final long SOFTWARE_NS_PER_BLOCK = 528;

    private static final int ARGS_BYTES = Aes128.KEY_BYTES + Aes128.BLOCK_BYTES;
    private static final int CONTEXT_BYTES = Aes128.KEY_BYTES + Aes128.BLOCK_BYTES;

    private static final DeviceInfo INFO = DeviceInfo.builder(NAME)
            .version("1.0.0")
            .resources(LUT, FF, BRAM, DSP)
            .bitstream("small", SMALL_BITSTREAM_BYTES)
            .bitstream("large", LARGE_BITSTREAM_BYTES)
            .cyclesPerUnit(CYCLES_PER_BLOCK)
            .setupCycles(SETUP_CYCLES)
            .contextBytes(CONTEXT_BYTES)
            .argsBytes(ARGS_BYTES)
            .softwareNsPerUnit(SOFTWARE_NS_PER_BLOCK)
            .build();

    public Aes128Accelerator() {
        super(INFO);
    }

    /** One unit per 16-byte block. */
    @Override
    protected long units(byte[] args, int inputLength) {
        if (inputLength <= 0 || inputLength % Aes128.BLOCK_BYTES != 0) {
            throw refused("input length must be a positive multiple of " + Aes128.BLOCK_BYTES + ", got " + inputLength);
        }
        return inputLength / Aes128.BLOCK_BYTES;
    }

    @Override
    protected int outputLength(byte[] args, int inputLength) {
        return inputLength;
    }

    /** Whole blocks: at least one, rounded up. */
    @Override
    public int acceptedLength(int bytes) {
        return Math.max(Aes128.BLOCK_BYTES, (bytes + Aes128.BLOCK_BYTES - 1) / Aes128.BLOCK_BYTES * Aes128.BLOCK_BYTES);
    }

    /** Key and IV, the IV being the first chaining value. */
    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        shape(args, inputLength);
        return args.clone();
    }

    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        if (context.length != CONTEXT_BYTES) {
            throw refused("context must be " + CONTEXT_BYTES + " bytes, got " + context.length);
        }
        long blocks = Math.min(input.length, output.length) / Aes128.BLOCK_BYTES;
        if (fromUnit < 0 || fromUnit > toUnit || toUnit > blocks) {
            throw refused("units [" + fromUnit + ", " + toUnit + ") are not within the " + blocks
                    + " blocks of input and output");
        }
        int[] roundKeys = Aes128.roundKeyWords(Aes128.expandKey(Arrays.copyOf(context, Aes128.KEY_BYTES)));
        byte[] chain = Arrays.copyOfRange(context, Aes128.KEY_BYTES, CONTEXT_BYTES);
        Aes128.encryptCbc(roundKeys, chain, input, output, Math.toIntExact(fromUnit), Math.toIntExact(toUnit));
        System.arraycopy(chain, 0, context, Aes128.KEY_BYTES, Aes128.BLOCK_BYTES);
    }
}

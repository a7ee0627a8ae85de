package org.kerone.fpga.accel;

import java.util.Random;
import java.util.function.Supplier;

/**
 * Runs accelerator jobs the two ways the accelerator bundles' tests compare (shared through
 * platform.fpga's test jar): whole, in one {@code process} call, and cut at random unit boundaries
 * with the context copied into a fresh array and handed to a fresh accelerator before each chunk,
 * as a preemption and a restore into another PRR do.
 */
public final class Jobs {
    private Jobs() {
    }

    /** The whole job in one process call. */
    public static byte[] inOneCall(Accelerator accelerator, byte[] args, byte[] input) {
        JobShape shape = accelerator.shape(args, input.length);
        byte[] context = accelerator.newContext(args, input.length);
        byte[] output = new byte[shape.outputLength()];
        accelerator.process(context, input, output, 0, shape.units());
        return output;
    }

    /**
     * The job in random consecutive chunks of fewer than {@code maxChunk} units, some empty. With
     * {@code garbageOutput} the output buffer starts as random bytes, so a model that read state
     * back from it would fail.
     */
    public static byte[] inChunks(Supplier<Accelerator> fresh, byte[] args, byte[] input, Random random, int maxChunk,
            boolean garbageOutput) {
        JobShape shape = fresh.get().shape(args, input.length);
        byte[] context = fresh.get().newContext(args, input.length);
        byte[] output = new byte[shape.outputLength()];
        if (garbageOutput) {
            random.nextBytes(output);
        }
        long from = 0;
        while (from < shape.units()) {
            long to = Math.min(shape.units(), from + random.nextInt(maxChunk));
            context = context.clone();
            fresh.get().process(context, input, output, from, to);
            from = to;
        }
        return output;
    }
}

package org.kerone.fpga;

/**
 * Timing parameters of a fabric, taken from the cost profile.
 *
 * @param clockHz fabric clock of the accelerators
 * @param pcapBytesPerSecond reconfiguration-port bandwidth
 * @param pcapSetupNs fixed part of T_RCFG (port setup and bitstream header, after the CPU started it)
 * @param contextBytesPerSecond bandwidth for saving and restoring an accelerator context
 */
public record FabricConfig(long clockHz, long pcapBytesPerSecond, long pcapSetupNs, long contextBytesPerSecond) {
    public FabricConfig {
        if (clockHz <= 0 || pcapBytesPerSecond <= 0 || pcapSetupNs < 0 || contextBytesPerSecond <= 0) {
            throw new IllegalArgumentException("fabric clock and bandwidths must be positive, setup not negative");
        }
    }

    /** Nanoseconds for {@code cycles} fabric cycles, rounded up. */
    public long cyclesToNs(long cycles) {
        if (cycles >= 0 && cycles < clockHz && cycles <= Long.MAX_VALUE / 1_000_000_000L) {
            // under a second (nearly every job): one division, and cycles * 10^9 < clockHz * 10^9 fits
            long scaled = cycles * 1_000_000_000L;
            long ns = scaled / clockHz;
            return scaled % clockHz == 0 ? ns : ns + 1;
        }
        // whole seconds first, so that jobs of any length stay within a long
        long seconds = cycles / clockHz;
        long rest = cycles % clockHz;
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), ceilDiv(Math.multiplyExact(rest, 1_000_000_000L), clockHz));
    }

    /** Whole fabric cycles elapsed in {@code ns} nanoseconds (rounded down). */
    public long nsToCycles(long ns) {
        long seconds = ns / 1_000_000_000L;
        long rest = ns % 1_000_000_000L;
        return seconds * clockHz + rest * clockHz / 1_000_000_000L;
    }

    /** T_RCFG for a bitstream of {@code bytes}. */
    public long reconfigurationNs(long bytes) {
        return pcapSetupNs + ceilDiv(Math.multiplyExact(bytes, 1_000_000_000L), pcapBytesPerSecond);
    }

    /** Time to move a context of {@code bytes} in or out of an accelerator. */
    public long contextNs(long bytes) {
        return ceilDiv(Math.multiplyExact(bytes, 1_000_000_000L), contextBytesPerSecond);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}

package org.kerone.fpga;

/**
 * FPGA resources an accelerator needs or a PRR offers.
 *
 * @param lut look-up tables
 * @param ff flip-flops
 * @param bram 36 Kb block RAMs
 * @param dsp DSP48 slices
 */
public record Resources(int lut, int ff, int bram, int dsp) {
    public Resources {
        if (lut < 0 || ff < 0 || bram < 0 || dsp < 0) {
            throw new IllegalArgumentException("resources must not be negative: " + lut + "/" + ff + "/" + bram + "/" + dsp);
        }
    }

    /** True when every resource of {@code need} is available in this one. */
    public boolean covers(Resources need) {
        return lut >= need.lut && ff >= need.ff && bram >= need.bram && dsp >= need.dsp;
    }
}

package org.kerone.fpga.accel;

import org.kerone.fpga.Resources;

/**
 * What the platform's PRR classes offer when a scenario gives no resources (the VMM's scenario
 * reader has the same defaults), for the accelerator tests that check where a device fits.
 */
public final class PrrClasses {
    public static final Resources SMALL = new Resources(4_400, 8_800, 10, 20);
    public static final Resources LARGE = new Resources(8_800, 17_600, 20, 40);

    private PrrClasses() {
    }
}

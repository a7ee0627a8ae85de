package org.kerone.accelerators.fft;

import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.ShippedBitstreamsContract;

/** The bundle's shipped bitstreams meet the contract every accelerator's do. */
class ShippedBitstreamsTest extends ShippedBitstreamsContract {
    @Override
    protected Accelerator accelerator() {
        return new FftAccelerator();
    }
}

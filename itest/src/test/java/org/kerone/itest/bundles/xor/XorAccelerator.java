package org.kerone.itest.bundles.xor;

import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.service.component.annotations.Component;

/**
 * The XOR accelerator as a third party writes it: a DS component, its bitstream a resource next to
 * the class. Version 1.0.0 of bundle {@code itest.accelerators.xor}: four bytes a cycle.
 */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + XorModel.NAME)
public final class XorAccelerator extends XorModel {
    public static final DeviceInfo INFO = info("1.0.0", 4);

    public XorAccelerator() {
        super(INFO);
    }
}

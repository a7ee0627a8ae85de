package org.kerone.itest.bundles.xor2;

import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.itest.bundles.xor.XorModel;
import org.osgi.service.component.annotations.Component;

/**
 * Version 2.0.0 of bundle {@code itest.accelerators.xor}: eight bytes a cycle, the same results as
 * 1.0.0 (the same {@link XorModel}).
 */
@Component(service = Accelerator.class, property = Accelerator.DEVICE + "=" + XorModel.NAME)
public final class XorAccelerator extends XorModel {
    public static final DeviceInfo INFO = info("2.0.0", 8);

    public XorAccelerator() {
        super(INFO);
    }
}

package org.kerone.itest.bundles.accel;

import java.util.Dictionary;
import java.util.Hashtable;
import org.kerone.fpga.accel.Accelerator;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the bundle's {@link TestAccelerator} as an accelerator service; stopping unregisters it. */
public final class TestAcceleratorActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        TestAccelerator accelerator = new TestAccelerator();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Accelerator.DEVICE, accelerator.info().name());
        context.registerService(Accelerator.class, accelerator, properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}

package org.kerone.itest.bundles.plain;

import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The whole of a bundle that is not an accelerator: it registers a service that even carries the
 * accelerator's {@code kerone.device} property, but is no {@code Accelerator}.
 */
public final class NotAnAcceleratorActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("kerone.device", "impostor");
        context.registerService(Runnable.class, NotAnAcceleratorActivator::nothing, properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }

    private static void nothing() {
        // a service that does nothing
    }
}

package org.kerone.fpga;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates fabrics. The simulated fabric registers one; a real Zynq backend would register another
 * with a different {@value #KIND} property.
 */
@ProviderType
public interface FabricFactory {
    /** Service property: "simulated", "zynq", ... */
    String KIND = "kerone.fabric";

    /** A new fabric with no PRR and no device, attached to {@code host}. */
    Fabric create(FabricConfig config, FabricHost host);
}

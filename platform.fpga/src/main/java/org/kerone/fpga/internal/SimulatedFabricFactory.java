package org.kerone.fpga.internal;

import org.kerone.fpga.Fabric;
import org.kerone.fpga.FabricConfig;
import org.kerone.fpga.FabricFactory;
import org.kerone.fpga.FabricHost;
import org.osgi.service.component.annotations.Component;

/** Offers the simulated fabric, the emulator that lets the platform run without a Zynq board. */
@Component(service = FabricFactory.class, property = FabricFactory.KIND + "=simulated")
public final class SimulatedFabricFactory implements FabricFactory {
    @Override
    public Fabric create(FabricConfig config, FabricHost host) {
        return new SimFabric(config, host);
    }
}

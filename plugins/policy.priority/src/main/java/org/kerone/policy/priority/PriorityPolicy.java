package org.kerone.policy.priority;

import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.Choices;
import org.kerone.fpga.policy.FabricView;
import org.osgi.service.component.annotations.Component;

/**
 * The paper's preemptive allocation: an idle PRR first (one already holding the device, so no
 * reconfiguration), else preempt a PRR whose job belongs to a VM of strictly lower priority, else
 * Unavailable. The searching list is served by priority, then arrival (the SPI's default order).
 */
@Component(service = AllocationPolicy.class, property = AllocationPolicy.NAME + "=" + PriorityPolicy.NAME)
public final class PriorityPolicy implements AllocationPolicy {
    static final String NAME = "priority";

    @Override
    public Solution solve(Request request, FabricView fabric) {
        Solution direct = Choices.idleFirst(request, fabric);
        if (direct != null) {
            return direct;
        }
        Solution preempt = Choices.lowerPriorityVictim(request, fabric);
        return preempt != null ? preempt : Solution.UNAVAILABLE;
    }
}

package org.kerone.fpga.internal;

import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.Choices;
import org.kerone.fpga.policy.FabricView;

/**
 * The monitor's hard-wired fallback: direct allocation only (idle or empty PRR), never preemption.
 * It decides when no policy service is selected and whenever the selected one fails.
 */
final class BuiltinPolicy implements AllocationPolicy {
    static final String NAME = "builtin";

    @Override
    public Solution solve(Request request, FabricView fabric) {
        Solution direct = Choices.idleFirst(request, fabric);
        return direct != null ? direct : Solution.UNAVAILABLE;
    }
}

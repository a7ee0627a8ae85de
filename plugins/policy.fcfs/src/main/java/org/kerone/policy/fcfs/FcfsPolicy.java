package org.kerone.policy.fcfs;

import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.Choices;
import org.kerone.fpga.policy.FabricView;
import org.osgi.service.component.annotations.Component;

/**
 * First come, first served without preemption, the baseline of today's slot managers: a request
 * gets a free PRR or waits, and the searching list is served in arrival order whatever the
 * priorities.
 *
 * <p>A free PRR is chosen as {@link Choices#idleFirst} chooses (an idle PRR already holding the
 * device, else an empty one, else the idle PRR whose content changed least recently), except that a
 * PRR in HOLD is never free: {@code idleFirst} hands it to any request of higher priority than the
 * holder's, which would let a later, more important request take a PRR the monitor has just given
 * to an earlier one.
 */
@Component(service = AllocationPolicy.class, property = AllocationPolicy.NAME + "=" + FcfsPolicy.NAME)
public final class FcfsPolicy implements AllocationPolicy {
    static final String NAME = "fcfs";

    @Override
    public Solution solve(Request request, FabricView fabric) {
        Solution free = Choices.free(request, fabric);
        return free != null ? free : Solution.UNAVAILABLE;
    }

    /** Arrival order only: request ids increase with arrival. */
    @Override
    public int compare(Request a, Request b) {
        return Long.compare(a.id(), b.id());
    }
}

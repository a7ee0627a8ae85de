package org.kerone.fpga.policy;

import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Chooses how the PRR Monitor answers a request and in which order it serves its searching list.
 *
 * <p>Register it as an OSGi service with the property {@value #NAME}. Threading contract: called on
 * the platform's kernel thread only, must not block and must return quickly; it must be
 * deterministic (no clock, no randomness other than what the view gives). The monitor checks every
 * answer: a solution naming a PRR that does not exist, does not fit the device, is reserved, or is
 * not idle or empty for an Assign is refused, and so is a thrown exception; the platform's default
 * policy then decides instead and the refusal is logged with its reason.
 */
@ConsumerType
public interface AllocationPolicy {
    /** Service property naming the policy ("priority", "fcfs", ...). */
    String NAME = "kerone.policy";

    /** The solution for {@code request} given the fabric as it is now. Unavailable queues it. */
    Solution solve(Request request, FabricView fabric);

    /**
     * Order of the searching list: negative when {@code a} is served before {@code b}. The default
     * is the paper's: higher priority first, then earlier arrival.
     */
    default int compare(Request a, Request b) {
        int byPrio = Integer.compare(b.prio(), a.prio());
        return byPrio != 0 ? byPrio : Long.compare(a.id(), b.id());
    }
}

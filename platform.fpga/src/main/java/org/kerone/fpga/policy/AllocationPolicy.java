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
 *
 * <p>When the monitor asks again: when one PRR may have become free (a job ends, a stop ends, a
 * reservation ends, a PRR is emptied or added), it asks for the waiting requests whose device fits
 * that PRR, in the list's order, until one gets a solution that leaves the PRR given or none is
 * left; when a job starts or a PRR is connected to a VM, it asks in the same way but only for the
 * requests of strictly higher priority than that VM's. A request of a device that does not fit
 * the PRR that changed is not asked again: nothing it could have changed. When a device is added,
 * updated or removed, or the policy changes, it asks for the whole list. A policy therefore takes
 * a PRR in HOLD or BUSY only for a request of strictly higher priority than the VM that holds it,
 * as the paper's does, and should answer from what it sees of the PRRs the request's device fits
 * (the view's indexed queries answer the common questions without visiting every PRR).
 */
@ConsumerType
public interface AllocationPolicy {
    /** Service property naming the policy ("priority", "fcfs", ...). */
    String NAME = "kerone.policy";

    /** The solution for {@code request} given the fabric as it is now. Unavailable queues it. */
    Solution solve(Request request, FabricView fabric);

    /**
     * Order of the searching list: negative when {@code a} is served before {@code b}. The default
     * is the paper's: higher priority first, then earlier arrival. It must be a consistent total
     * order that does not change while requests wait (no clock, no state the policy changes); should
     * it throw, or be seen to break that contract, the monitor reports it once and keeps the list in
     * its default order until a policy is selected again.
     */
    default int compare(Request a, Request b) {
        int byPrio = Integer.compare(b.prio(), a.prio());
        return byPrio != 0 ? byPrio : Long.compare(a.id(), b.id());
    }
}

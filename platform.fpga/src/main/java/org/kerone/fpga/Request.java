package org.kerone.fpga;

/**
 * A request for DPR resources, {@code Request(vm_id, dev_id, prio)} in the paper, plus the
 * bookkeeping the monitor needs to order its searching list.
 *
 * @param id request number, unique in a run, increasing with arrival
 * @param vm requesting VM
 * @param dev requested virtual device
 * @param prio priority of the calling VM (larger is more important)
 * @param arrivalNs virtual time of the trap that raised it
 * @param deadlineNs absolute virtual deadline, or {@link Long#MAX_VALUE} for none
 */
public record Request(long id, int vm, int dev, int prio, long arrivalNs, long deadlineNs) {
    /** A request without deadline. */
    public Request(long id, int vm, int dev, int prio, long arrivalNs) {
        this(id, vm, dev, prio, arrivalNs, Long.MAX_VALUE);
    }
}

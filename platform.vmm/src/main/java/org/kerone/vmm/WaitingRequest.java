package org.kerone.vmm;

/**
 * A request in the monitor's searching list.
 *
 * @param id request id
 * @param vm requesting VM
 * @param device device name
 * @param prio priority
 * @param waitingNs virtual time it has waited so far
 */
public record WaitingRequest(long id, int vm, String device, int prio, long waitingNs) {
}

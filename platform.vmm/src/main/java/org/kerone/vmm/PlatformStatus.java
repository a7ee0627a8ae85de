package org.kerone.vmm;

import java.util.List;

/**
 * A snapshot of the live platform.
 *
 * @param nowNs virtual time
 * @param speed virtual seconds per wall-clock second
 * @param policy deciding policy
 * @param prrs PRRs in service, in index order
 * @param vms VMs, by id
 */
public record PlatformStatus(long nowNs, double speed, String policy, List<PrrStatus> prrs, List<VmStatus> vms) {
    public PlatformStatus {
        prrs = List.copyOf(prrs);
        vms = List.copyOf(vms);
    }

    /**
     * One PRR.
     *
     * @param id name
     * @param prrClass size class
     * @param state empty, reconfiguring, idle, hold, busy or stopping
     * @param device device loaded or being loaded, or null
     * @param version its version, or null
     * @param connectedVm VM whose IF is connected, or -1 ("loaded" is not "ready": a PRR may hold a
     *     device no IF is connected to)
     * @param jobVm VM whose job runs, or -1
     * @param unitsDone units of the running job done
     * @param unitsTotal units of the running job, 0 when none
     * @param reserved reserved by a solution being applied
     */
    public record PrrStatus(String id, String prrClass, String state, String device, String version, int connectedVm,
            int jobVm, long unitsDone, long unitsTotal, boolean reserved) {
    }

    /**
     * One VM.
     *
     * @param id VM id
     * @param priority priority
     * @param state pending (its start delay is not over), ready, blocked or done
     * @param requests requests raised
     * @param served requests served
     * @param failed requests failed
     * @param jobs jobs completed
     */
    public record VmStatus(int id, int priority, String state, long requests, long served, long failed, long jobs) {
    }
}

package org.kerone.vmm.internal;

import org.kerone.fpga.PrrSpec;
import org.kerone.vmm.Step;
import org.kerone.vmm.VmSpec;

/** What the configuration components change in the live platform (a service private to this bundle). */
interface Topology {
    /**
     * Adds the PRR of configuration {@code pid}, in place of the one that configuration had (retired as a
     * removed PRR is); refuses (logs, returns false) a name another configuration's PRR has, and then
     * leaves this configuration's PRR as it was.
     */
    boolean addPrr(String pid, PrrSpec spec);

    void removePrr(String pid);

    /**
     * Boots the VM of configuration {@code pid}, in place of the one that configuration had; refuses (logs,
     * returns false) an id another configuration's VM has, and then leaves this configuration's VM as it was.
     */
    boolean addVm(String pid, VmSpec spec);

    void removeVm(String pid);

    /**
     * What keeps the installed device of {@code use} from taking its job (the bytes it is given), or null:
     * also null when no such device is installed (the job is then refused at run time, if at all).
     */
    String useProblem(Step.Use use);

    /** Selects the policy named by the VDM's configuration. */
    void selectConfiguredPolicy(String name);

    /** Logs one refusal line. */
    void refuse(String message);
}

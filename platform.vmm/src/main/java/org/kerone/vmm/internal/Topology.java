package org.kerone.vmm.internal;

import org.kerone.fpga.PrrSpec;
import org.kerone.vmm.VmSpec;

/** What the configuration components change in the live platform (a service private to this bundle). */
interface Topology {
    /** Adds the PRR of configuration {@code pid}; refuses (logs, returns false) a duplicate id. */
    boolean addPrr(String pid, PrrSpec spec);

    void removePrr(String pid);

    /** Boots the VM of configuration {@code pid}; refuses (logs, returns false) a duplicate id. */
    boolean addVm(String pid, VmSpec spec);

    void removeVm(String pid);

    /** Selects the policy named by the VDM's configuration. */
    void selectConfiguredPolicy(String name);

    /** Logs one refusal line. */
    void refuse(String message);
}

package org.kerone.fpga.policy;

import org.kerone.fpga.PrrState;
import org.osgi.annotation.versioning.ProviderType;

/** Read-only view of one PRR as a policy sees it when it decides. */
@ProviderType
public interface PrrView {
    /** Index of the PRR in the fabric, the {@code prr_id} of a solution. */
    int index();

    /** Configured name ("prr0"). */
    String id();

    /** Size class; decides which bitstreams fit. */
    String prrClass();

    PrrState state();

    /** Device loaded (or being loaded), or -1. */
    int device();

    /** VM whose IF is connected to this PRR, or -1. */
    int connectedVm();

    /** VM whose job runs here (busy or stopping), or -1. */
    int jobVm();

    /** Priority of the running job's VM, or of the holding VM in HOLD; {@link Integer#MIN_VALUE} otherwise. */
    int jobPrio();

    /** True while a solution the monitor already gave reserves this PRR. */
    boolean reserved();

    /** Virtual time of the last change of loaded device or job. */
    long lastChangeNs();
}

package org.kerone.fpga.internal;

import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.PrrState;
import org.kerone.fpga.policy.PrrView;

/** One simulated partial-reconfiguration region and what the monitor knows of it. */
final class Prr implements PrrView {
    final int index;
    final PrrSpec spec;
    PrrState state = PrrState.EMPTY;
    int device = -1;
    /** The accelerator whose bitstream is loaded (an update may have replaced the device's since). */
    org.kerone.fpga.accel.Accelerator loaded;
    /** IF connected through the switch, or null. */
    Iface iface;
    /** Running or stopping job, or null. */
    Job job;
    /** Priority of the VM holding it in HOLD. */
    int holdPrio = Integer.MIN_VALUE;
    /** Request the PRR is reserved for, or -1. */
    long reservedFor = -1;
    long lastChangeNs;
    /** Bumped when a reconfiguration in progress is abandoned. */
    int generation;
    /** Holds an outdated or removed device: emptied as soon as nothing uses it. */
    boolean stale;
    boolean retiring;
    boolean retired;

    /** Index of its size class in the fabric's class table. */
    final int cls;
    /** Its places in the monitor's indexes (see {@link PrrIndex#reindex}). */
    final AgeList.Node byClass = new AgeList.Node(this);
    final AgeList.Node byDevice = new AgeList.Node(this);
    /** The state, device and priority it is indexed under, or null state when in no index. */
    PrrState indexedState;
    int indexedDevice = -1;
    int indexedPrio;

    Prr(int index, PrrSpec spec, int cls) {
        this.index = index;
        this.spec = spec;
        this.cls = cls;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public String prrClass() {
        return spec.prrClass();
    }

    @Override
    public PrrState state() {
        return state;
    }

    @Override
    public int device() {
        return device;
    }

    @Override
    public int connectedVm() {
        return iface == null ? -1 : iface.vm;
    }

    @Override
    public int jobVm() {
        return job == null ? -1 : job.iface.vm;
    }

    @Override
    public int jobPrio() {
        return job != null ? job.prio : state == PrrState.HOLD ? holdPrio : Integer.MIN_VALUE;
    }

    @Override
    public boolean reserved() {
        return reservedFor >= 0;
    }

    @Override
    public long lastChangeNs() {
        return lastChangeNs;
    }

    @Override
    public String toString() {
        return spec.id() + "[" + state.label() + (device >= 0 ? ", dev " + device : "") + "]";
    }
}

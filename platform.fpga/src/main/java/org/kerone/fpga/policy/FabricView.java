package org.kerone.fpga.policy;

import java.util.List;
import org.kerone.fpga.Request;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.annotation.versioning.ProviderType;

/** Read-only view of the fabric handed to a policy for one decision. Valid only during the call. */
@ProviderType
public interface FabricView {
    /** Number of PRRs; indexes run from 0. */
    int prrCount();

    PrrView prr(int index);

    /** The device × PRR compatibility table: true when {@code dev} has a bitstream for the PRR's class. */
    boolean fits(int dev, int prr);

    /** Indexes of the PRRs the device fits, ascending. The array must not be modified. */
    int[] compatiblePrrs(int dev);

    /** Current virtual time in nanoseconds. */
    long nowNs();

    /** Best-case run time of a job of the device on {@code bytes} input, without reconfiguration. */
    long jobTimeNs(int dev, int bytes);

    /** Time to load the device's bitstream into the PRR. */
    long reconfigurationTimeNs(int dev, int prr);

    /** What device {@code dev} declares, or null when it is not installed. */
    DeviceInfo deviceInfo(int dev);

    /** The monitor's searching list, in service order: read-only, and to be read before the list changes. */
    List<Request> searchingList();

    // --- the queries policies make on every decision; a monitor answers them from its indexes ------

    /**
     * The unreserved PRR the device fits that is idle, or in HOLD for a VM of priority strictly
     * below {@code holdBelow} ({@link Integer#MIN_VALUE}: never), and that holds {@code dev}
     * ({@code holding}) or another device (not {@code holding}): the least recently changed, then
     * the lowest index; -1 when there is none.
     */
    default int oldestIdle(int dev, boolean holding, int holdBelow) {
        return Scans.oldestIdle(this, dev, holding, holdBelow);
    }

    /** The unreserved empty PRR of lowest index that the device fits, or -1. */
    default int firstEmpty(int dev) {
        return Scans.firstEmpty(this, dev);
    }

    /**
     * The unreserved busy PRR the device fits whose job's priority is strictly below {@code below}
     * and that holds {@code dev} ({@code holding}) or another device (not {@code holding}): the
     * lowest job priority, then the lowest index; -1 when there is none.
     */
    default int weakestBusy(int dev, boolean holding, int below) {
        return Scans.weakestBusy(this, dev, holding, below);
    }

    /**
     * How many requests of the {@link #searchingList() searching list} are for {@code dev} and of a
     * priority of at least {@code minPrio} ({@link Integer#MIN_VALUE}: all of them): what a policy
     * needs to weigh a loaded device against the requests waiting for it, without reading the list.
     */
    default int waitingFor(int dev, int minPrio) {
        return Scans.waitingFor(this, dev, minPrio);
    }
}

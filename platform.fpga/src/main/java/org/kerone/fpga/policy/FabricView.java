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

    /** The monitor's searching list, in service order (read-only). */
    List<Request> searchingList();
}

package org.kerone.vmm.internal;

import java.util.List;
import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;

/** Checks that a device can serve a program's use of it on a scenario's PRRs. */
final class Validation {
    private Validation() {
    }

    /** Run time of a job of {@code bytes} with the fabric's clock, without reconfiguration or waiting. */
    static long bestCaseNs(Accelerator acc, int bytes, org.kerone.fpga.FabricConfig clock) {
        DeviceInfo info = acc.info();
        long units = acc.shape(acc.exampleArgs(bytes, new java.util.SplittableRandom(0)), bytes).units();
        return clock.cyclesToNs(info.setupCycles() + units * info.cyclesPerUnit());
    }

    /** What keeps {@code acc} from serving jobs of {@code bytes} on {@code prrs}, or null. */
    static String deviceProblem(Accelerator acc, int bytes, List<PrrSpec> prrs) {
        DeviceInfo info = acc.info();
        if (prrs.stream().noneMatch(p -> info.fits(p.prrClass()))) {
            return "device '" + info.name() + "' fits no PRR of this scenario (it has bitstreams for "
                    + String.join(", ", info.bitstreamBytes().keySet()) + "; the PRRs are of class "
                    + String.join(", ", prrs.stream().map(PrrSpec::prrClass).distinct().sorted().toList()) + ")";
        }
        return jobProblem(acc, bytes);
    }

    /**
     * What keeps {@code acc} from taking a job of {@code bytes} (whatever the PRRs), or null: the check of
     * a use's bytes against its device that a scenario's program and a live VM's configuration both pass.
     */
    static String jobProblem(Accelerator acc, int bytes) {
        try {
            acc.shape(acc.exampleArgs(bytes, new java.util.SplittableRandom(0)), bytes);
        } catch (IllegalArgumentException e) {
            return "device '" + acc.info().name() + "' refuses a job of " + bytes + " bytes: " + e.getMessage();
        }
        return null;
    }
}

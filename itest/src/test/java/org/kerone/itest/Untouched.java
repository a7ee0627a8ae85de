package org.kerone.itest;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.kerone.vmm.DeviceStatus;
import org.kerone.vmm.PlatformStatus;

/**
 * What a test of bad input checks the platform kept: its PRRs, VMs and devices, its guests still
 * running without a failure.
 */
final class Untouched {
    private final Live live;
    private final List<String> prrs;
    private final List<Integer> vms;
    private final List<String> devices;
    private final long failed;

    /** Takes the snapshot to compare with. */
    Untouched(Live live) {
        this.live = live;
        PlatformStatus status = live.platform().status();
        prrs = prrs(status);
        vms = vms(status);
        devices = devices(live);
        failed = live.platform().summary().failedTotal();
    }

    /** Fails unless the platform has the same topology and devices, and every guest completes {@code jobs} more jobs without a failure. */
    void check(int jobs) {
        PlatformStatus status = live.platform().status();
        assertEquals("PRRs", prrs, prrs(status));
        assertEquals("VMs", vms, vms(status));
        assertEquals("devices", devices, devices(live));
        for (int vm : vms) {
            live.awaitMoreJobs(vm, jobs);
        }
        assertEquals("failed requests " + live.platform().summary().failed(), failed, live.platform().summary().failedTotal());
    }

    private static List<String> prrs(PlatformStatus status) {
        return status.prrs().stream().map(p -> p.id() + ":" + p.prrClass()).collect(Collectors.toList());
    }

    private static List<Integer> vms(PlatformStatus status) {
        return status.vms().stream().map(PlatformStatus.VmStatus::id).collect(Collectors.toList());
    }

    private static List<String> devices(Live live) {
        return live.platform().devices().stream().map(d -> d.name() + " " + d.version() + (d.removed() ? " removed" : ""))
                .collect(Collectors.toList());
    }

    static List<String> names(List<DeviceStatus> devices) {
        return devices.stream().map(DeviceStatus::name).collect(Collectors.toList());
    }
}

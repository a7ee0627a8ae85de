package org.kerone.vmm;

import java.util.List;

/**
 * A virtual device of the live platform.
 *
 * @param name device name
 * @param version version of the accelerator bound, or null when removed or never installed (a VM's program
 *        names the device, no bundle provides it: its requests fail with "no such device")
 * @param dev device id
 * @param address virtual address of its register page in every VM
 * @param fits PRR classes it has bitstreams for
 * @param loadedIn PRRs holding it now
 * @param removed true when its accelerator bundle is gone (requests fail with "device removed")
 */
public record DeviceStatus(String name, String version, int dev, long address, List<String> fits, List<String> loadedIn,
        boolean removed) {
    public DeviceStatus {
        fits = List.copyOf(fits);
        loadedIn = List.copyOf(loadedIn);
    }
}

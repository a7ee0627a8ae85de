package org.kerone.fpga.accel;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.kerone.fpga.Resources;

/**
 * What an accelerator declares about itself: its name, resources, one partial bitstream size per
 * PRR class it fits, its timing model at the fabric clock and the size of its saved context.
 *
 * @param name device name, also the virtual device's name in every VM ("aes128")
 * @param version version of the bitstream and functional model
 * @param resources resources the accelerator occupies
 * @param bitstreamBytes partial bitstream size per PRR class; the device fits only these classes
 * @param cyclesPerUnit fabric cycles to process one unit of work (an AES block, a SHA-256 block)
 * @param setupCycles fabric cycles from start to the first unit (register reads, pipeline fill)
 * @param contextBytes size of the context saved when a job is preempted
 * @param argsBytes length of the argument registers a job needs (a key, an IV, ...), 0 for none
 */
public record DeviceInfo(String name, String version, Resources resources, Map<String, Integer> bitstreamBytes,
        int cyclesPerUnit, int setupCycles, int contextBytes, int argsBytes) {
    public DeviceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(resources, "resources");
        if (!name.matches("[a-z][a-z0-9_]{0,31}")) {
            throw new IllegalArgumentException("device name '" + name + "' must match [a-z][a-z0-9_]{0,31}");
        }
        if (bitstreamBytes == null || bitstreamBytes.isEmpty()) {
            throw new IllegalArgumentException("device '" + name + "' declares no bitstream");
        }
        bitstreamBytes.forEach((cls, bytes) -> {
            if (bytes == null || bytes <= 0) {
                throw new IllegalArgumentException("device '" + name + "': bitstream for class '" + cls + "' must have a positive size");
            }
        });
        bitstreamBytes = Map.copyOf(new TreeMap<>(bitstreamBytes));
        if (cyclesPerUnit <= 0 || setupCycles < 0 || contextBytes < 0 || argsBytes < 0) {
            throw new IllegalArgumentException("device '" + name + "': cyclesPerUnit must be > 0, setupCycles, contextBytes and argsBytes >= 0");
        }
    }

    /** A device whose jobs take no arguments. */
    public DeviceInfo(String name, String version, Resources resources, Map<String, Integer> bitstreamBytes,
            int cyclesPerUnit, int setupCycles, int contextBytes) {
        this(name, version, resources, bitstreamBytes, cyclesPerUnit, setupCycles, contextBytes, 0);
    }

    /** True when the device has a partial bitstream for this PRR class. */
    public boolean fits(String prrClass) {
        return bitstreamBytes.containsKey(prrClass);
    }
}

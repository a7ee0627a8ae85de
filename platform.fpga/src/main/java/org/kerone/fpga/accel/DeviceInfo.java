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
 * @param softwareNsPerUnit CPU time per unit of the device's software implementation on the
 *     guest's processor, or 0 when the device has none (see the software-fallback policy)
 */
public record DeviceInfo(String name, String version, Resources resources, Map<String, Integer> bitstreamBytes,
        int cyclesPerUnit, int setupCycles, int contextBytes, int argsBytes, long softwareNsPerUnit) {
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
        bitstreamBytes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(bitstreamBytes)); // sorted: deterministic order
        if (argsBytes > org.kerone.fpga.RegisterPage.ARGS_BYTES) {
            throw new IllegalArgumentException("device '" + name + "': " + argsBytes + " argument bytes do not fit the "
                    + org.kerone.fpga.RegisterPage.ARGS_BYTES + "-byte argument window of the register page");
        }
        if (cyclesPerUnit <= 0 || setupCycles < 0 || contextBytes < 0 || argsBytes < 0 || softwareNsPerUnit < 0) {
            throw new IllegalArgumentException("device '" + name
                    + "': cyclesPerUnit must be > 0; setupCycles, contextBytes, argsBytes and softwareNsPerUnit >= 0");
        }
    }

    /** A device whose jobs take no arguments and that has no software implementation. */
    public DeviceInfo(String name, String version, Resources resources, Map<String, Integer> bitstreamBytes,
            int cyclesPerUnit, int setupCycles, int contextBytes) {
        this(name, version, resources, bitstreamBytes, cyclesPerUnit, setupCycles, contextBytes, 0, 0);
    }

    /** A device without software implementation. */
    public DeviceInfo(String name, String version, Resources resources, Map<String, Integer> bitstreamBytes,
            int cyclesPerUnit, int setupCycles, int contextBytes, int argsBytes) {
        this(name, version, resources, bitstreamBytes, cyclesPerUnit, setupCycles, contextBytes, argsBytes, 0);
    }

    /** True when a software implementation exists (a guest may run the job on its CPU). */
    public boolean hasSoftware() {
        return softwareNsPerUnit > 0;
    }

    /** Starts a description of device {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link DeviceInfo} field by field. */
    public static final class Builder {
        private final String name;
        private String version = "1.0.0";
        private Resources resources = new Resources(0, 0, 0, 0);
        private final Map<String, Integer> bitstreams = new TreeMap<>();
        private int cyclesPerUnit = 1;
        private int setupCycles;
        private int contextBytes;
        private int argsBytes;
        private long softwareNsPerUnit;

        private Builder(String name) {
            this.name = name;
        }

        public Builder version(String v) {
            this.version = v;
            return this;
        }

        public Builder resources(int lut, int ff, int bram, int dsp) {
            this.resources = new Resources(lut, ff, bram, dsp);
            return this;
        }

        /** The device fits PRRs of {@code prrClass}, with a partial bitstream of {@code bytes}. */
        public Builder bitstream(String prrClass, int bytes) {
            bitstreams.put(prrClass, bytes);
            return this;
        }

        public Builder cyclesPerUnit(int cycles) {
            this.cyclesPerUnit = cycles;
            return this;
        }

        public Builder setupCycles(int cycles) {
            this.setupCycles = cycles;
            return this;
        }

        public Builder contextBytes(int bytes) {
            this.contextBytes = bytes;
            return this;
        }

        public Builder argsBytes(int bytes) {
            this.argsBytes = bytes;
            return this;
        }

        public Builder softwareNsPerUnit(long ns) {
            this.softwareNsPerUnit = ns;
            return this;
        }

        public DeviceInfo build() {
            return new DeviceInfo(name, version, resources, bitstreams, cyclesPerUnit, setupCycles, contextBytes, argsBytes,
                    softwareNsPerUnit);
        }
    }

    /** True when the device has a partial bitstream for this PRR class. */
    public boolean fits(String prrClass) {
        return bitstreamBytes.containsKey(prrClass);
    }
}

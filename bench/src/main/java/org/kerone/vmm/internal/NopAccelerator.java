package org.kerone.vmm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.DeviceInfo;

/**
 * A benchmark device whose functional model does nothing: one unit per input byte, each taking a
 * fixed number of fabric cycles, so that jobs last as long as a scenario needs in virtual time while
 * costing next to nothing in host time. The management path around it (trap, VDM, monitor, policy,
 * page tables, PCAP with its bitstream check) is the real one: it ships bitstreams that the
 * reconfiguration port reads and checks like those of the real accelerators.
 */
final class NopAccelerator extends AbstractAccelerator {
    static final int LARGE_BYTES = 533_732;
    static final int SMALL_BYTES = 331_404;
    static final int TINY_BYTES = 100_000;

    private final String name;

    /**
     * @param name device name
     * @param cyclesPerUnit fabric cycles per input byte (100 = 1 us at 100 MHz)
     * @param classes PRR classes it fits ("large", "small", "tiny")
     */
    NopAccelerator(String name, int cyclesPerUnit, String... classes) {
        super(info(name, cyclesPerUnit, classes));
        this.name = name;
    }

    private static DeviceInfo info(String name, int cyclesPerUnit, String... classes) {
        DeviceInfo.Builder b = DeviceInfo.builder(name).version("1.0.0").resources(100, 100, 0, 0)
                .cyclesPerUnit(cyclesPerUnit).setupCycles(0).contextBytes(8).argsBytes(0);
        for (String c : classes) {
            b.bitstream(c, switch (c) {
                case "large" -> LARGE_BYTES;
                case "small" -> SMALL_BYTES;
                default -> TINY_BYTES;
            });
        }
        return b.build();
    }

    @Override
    protected long units(byte[] args, int inputLength) {
        return Math.max(1, inputLength);
    }

    @Override
    protected int outputLength(byte[] args, int inputLength) {
        return 0;
    }

    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        return new byte[8];
    }

    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        context[0] += (byte) (toUnit - fromUnit);
    }

    /** Read from the jar on every call, as {@link AbstractAccelerator#bitstream} does for the real devices. */
    @Override
    public byte[] bitstream(String prrClass) {
        if (!info().fits(prrClass)) {
            return null;
        }
        try (InputStream in = NopAccelerator.class.getResourceAsStream("bitstreams/" + name + "-" + prrClass + ".bit")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.kerone.itest.bundles.accel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.kerone.fpga.accel.AbstractAccelerator;
import org.kerone.fpga.accel.Bitstream;
import org.kerone.fpga.accel.DeviceInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * An accelerator the tests pack into bundles of their own (TinyBundles, see {@code TestBundles}):
 * its name, bitstreams and speed come from its bundle's headers and its version is its bundle's
 * version, so one class makes any number of devices and versions.
 *
 * <p>Its job shows which version ran it: the output starts with {@code "v" + version} and is
 * otherwise zero, whatever the input, so the {@code crc} of a {@code job_done} event tells the
 * version apart without knowing the guest's data. A unit is one input byte;
 * the context counts the units done and {@link #process} refuses a range that does not start
 * where the context stands, so a job resumed from a wrong context fails loudly.
 */
public final class TestAccelerator extends AbstractAccelerator {
    /** Device name. */
    public static final String DEVICE_HEADER = "Kerone-Test-Device";
    /** Bitstreams: {@code class=bytes,class=bytes}. */
    public static final String BITSTREAMS_HEADER = "Kerone-Test-Bitstreams";
    /** Fabric cycles per unit of work. */
    public static final String CYCLES_HEADER = "Kerone-Test-Cycles-Per-Unit";
    /** One input byte a unit: jobs of a few bytes, whose length the cycles per unit set. */
    public static final int BYTES_PER_UNIT = 1;
    /**
     * What a job writes; 64 bytes, the smallest output buffer a guest has, so that a job of up to 64
     * input bytes leaves exactly this in the guest's buffer.
     */
    public static final int OUTPUT_BYTES = 64;
    private static final int CONTEXT_BYTES = Long.BYTES;

    public TestAccelerator() {
        super(describe(FrameworkUtil.getBundle(TestAccelerator.class)));
    }

    private static DeviceInfo describe(Bundle bundle) {
        DeviceInfo.Builder info = DeviceInfo.builder(bundle.getHeaders().get(DEVICE_HEADER))
                .version(bundle.getVersion().toString())
                .resources(100, 100, 0, 0)
                .cyclesPerUnit(Integer.parseInt(bundle.getHeaders().get(CYCLES_HEADER)))
                .setupCycles(10)
                .contextBytes(CONTEXT_BYTES);
        bitstreams(bundle.getHeaders().get(BITSTREAMS_HEADER)).forEach(info::bitstream);
        return info.build();
    }

    /** Parses {@code large=100000,small=50000}. */
    public static Map<String, Integer> bitstreams(String header) {
        Map<String, Integer> out = new TreeMap<>();
        for (String entry : header.split(",")) {
            String[] kv = entry.trim().split("=");
            out.put(kv[0], Integer.parseInt(kv[1]));
        }
        return out;
    }

    /** What a job of {@code version} writes: {@code "v" + version}, zero-padded to the output length. */
    public static byte[] output(String version, int length) {
        byte[] out = new byte[length];
        byte[] tag = ("v" + version).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, out, 0, Math.min(tag.length, OUTPUT_BYTES));
        return out;
    }

    @Override
    protected long units(byte[] args, int inputLength) {
        return Math.max(1, (inputLength + (long) BYTES_PER_UNIT - 1) / BYTES_PER_UNIT);
    }

    @Override
    protected int outputLength(byte[] args, int inputLength) {
        return OUTPUT_BYTES;
    }

    @Override
    public byte[] newContext(byte[] args, int inputLength) {
        shape(args, inputLength);
        return new byte[CONTEXT_BYTES];
    }

    @Override
    public void process(byte[] context, byte[] input, byte[] output, long fromUnit, long toUnit) {
        ByteBuffer units = ByteBuffer.wrap(context);
        if (units.getLong(0) != fromUnit) {
            throw refused("context stands at unit " + units.getLong(0) + ", asked to run from unit " + fromUnit);
        }
        units.putLong(0, toUnit);
        if (toUnit == units(null, input.length)) {
            byte[] tag = output(info().version(), OUTPUT_BYTES);
            System.arraycopy(tag, 0, output, 0, OUTPUT_BYTES);
        }
    }

    /** A valid bitstream for each class it fits, so the reconfiguration port checks something. */
    @Override
    public byte[] bitstream(String prrClass) {
        Integer bytes = info().bitstreamBytes().get(prrClass);
        return bytes == null ? null : Bitstream.synthetic(info().name(), info().version(), prrClass, bytes, 64).encode();
    }
}

package org.kerone.fpga.accel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * A partial bitstream as the reconfiguration port reads it: a header (Xilinx sync word, format,
 * device name and version, target PRR class, size of the configuration on a real fabric, payload
 * length and CRC-32) followed by the payload. The port refuses a bitstream whose header does not
 * decode, whose CRC does not match, or which names another device or PRR class.
 *
 * @param device device name
 * @param version device version
 * @param prrClass PRR class the bitstream targets
 * @param configBytes size of the partial configuration on a real fabric; T_RCFG is computed from it
 * @param payload the bytes shipped (a stand-in for the frames, kept small)
 */
public record Bitstream(String device, String version, String prrClass, int configBytes, byte[] payload) {
    /** The Xilinx configuration sync word. */
    public static final int SYNC_WORD = 0xAA995566;
    public static final int FORMAT = 1;
    public static final int HEADER_BYTES = 84;
    private static final int NAME_BYTES = 32;
    private static final int FIELD_BYTES = 16;

    public Bitstream {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(prrClass, "prrClass");
        Objects.requireNonNull(payload, "payload");
        if (configBytes <= 0) {
            throw new IllegalArgumentException("configBytes must be positive");
        }
    }

    /** A bitstream whose payload is {@code payloadBytes} pseudo-random bytes determined by its identity. */
    public static Bitstream synthetic(String device, String version, String prrClass, int configBytes, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        new SplittableRandom((device + "/" + version + "/" + prrClass).hashCode()).nextBytes(payload);
        return new Bitstream(device, version, prrClass, configBytes, payload);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        b.putInt(SYNC_WORD).putShort((short) FORMAT).putShort((short) HEADER_BYTES);
        putField(b, device, NAME_BYTES);
        putField(b, version, FIELD_BYTES);
        putField(b, prrClass, FIELD_BYTES);
        b.putInt(configBytes).putInt(payload.length).putInt((int) crc(payload)).put(payload);
        return b.array();
    }

    /**
     * Decodes and checks a bitstream.
     *
     * @throws IllegalArgumentException naming what is wrong: truncation, sync word, format, length, CRC
     */
    public static Bitstream decode(byte[] data) {
        if (data == null || data.length < HEADER_BYTES) {
            throw new IllegalArgumentException("bitstream truncated: " + (data == null ? 0 : data.length)
                    + " bytes, the header alone has " + HEADER_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int sync = b.getInt();
        if (sync != SYNC_WORD) {
            throw new IllegalArgumentException(String.format("bitstream has no sync word (found 0x%08X, expected 0x%08X)", sync, SYNC_WORD));
        }
        int format = b.getShort();
        int header = b.getShort();
        if (format != FORMAT || header != HEADER_BYTES) {
            throw new IllegalArgumentException("bitstream format " + format + " with a " + header + "-byte header is not supported");
        }
        String device = getField(b, NAME_BYTES);
        String version = getField(b, FIELD_BYTES);
        String prrClass = getField(b, FIELD_BYTES);
        int configBytes = b.getInt();
        int length = b.getInt();
        long crc = b.getInt() & 0xffffffffL;
        if (length < 0 || length != data.length - HEADER_BYTES) {
            throw new IllegalArgumentException("bitstream declares a " + length + "-byte payload but " + (data.length - HEADER_BYTES)
                    + " bytes follow the header");
        }
        if (configBytes <= 0) {
            throw new IllegalArgumentException("bitstream declares a configuration of " + configBytes + " bytes");
        }
        byte[] payload = new byte[length];
        b.get(payload);
        long actual = crc(payload);
        if (actual != crc) {
            throw new IllegalArgumentException(String.format("bitstream CRC mismatch: header says 0x%08X, payload has 0x%08X", crc, actual));
        }
        return new Bitstream(device, version, prrClass, configBytes, payload);
    }

    /** Why this bitstream cannot configure {@code device} into a PRR of {@code targetClass}, or null. */
    public String mismatch(DeviceInfo target, String targetClass) {
        if (!device.equals(target.name())) {
            return "bitstream is for device '" + device + "', not '" + target.name() + "'";
        }
        if (!prrClass.equals(targetClass)) {
            return "bitstream targets PRR class '" + prrClass + "', not '" + targetClass + "'";
        }
        Integer declared = target.bitstreamBytes().get(targetClass);
        if (declared == null || declared != configBytes) {
            return "bitstream declares " + configBytes + " configuration bytes, the device " + declared;
        }
        return null;
    }

    private static long crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    private static void putField(ByteBuffer b, String value, int size) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > size) {
            throw new IllegalArgumentException("'" + value + "' is longer than " + size + " bytes");
        }
        b.put(bytes).put(new byte[size - bytes.length]);
    }

    private static String getField(ByteBuffer b, int size) {
        byte[] bytes = new byte[size];
        b.get(bytes);
        int n = 0;
        while (n < size && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.US_ASCII);
    }
}

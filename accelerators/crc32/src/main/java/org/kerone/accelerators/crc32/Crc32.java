package org.kerone.accelerators.crc32;

/**
 * The CRC-32 of IEEE 802.3 (also zlib's, PNG's and {@code java.util.zip.CRC32}'s): polynomial
 * 0x04C11DB7 processed bit-reflected (0xEDB88320), register preset to all ones, result inverted.
 *
 * <p>Updated eight bytes at a time ("slicing-by-8", as zlib and Intel's software CRC do): table
 * {@code k} gives what a byte does to the register once {@code k} more zero bytes followed it, so
 * the eight bytes' contributions are looked up independently and XORed. The bytes that do not fill
 * eight go through table 0, the classic byte-at-a-time step.
 */
final class Crc32 {
    /** The register before the first byte. */
    static final int PRESET = 0xFFFFFFFF;
    private static final int REFLECTED_POLYNOMIAL = 0xEDB88320;
    private static final int SLICES = 8;
    /** {@code TABLES[256 * k + b]}: the register byte {@code b} gives, followed by {@code k} zero bytes. */
    private static final int[] TABLES = tables();

    private Crc32() {
    }

    /** The register after {@code bytes [from, to)} of {@code data}. */
    static int update(int register, byte[] data, int from, int to) {
        int[] t = TABLES;
        int crc = register;
        int i = from;
        for (; i + SLICES <= to; i += SLICES) {
            int low = crc ^ (data[i] & 0xff | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | data[i + 3] << 24);
            crc = t[7 * 256 + (low & 0xff)] ^ t[6 * 256 + ((low >>> 8) & 0xff)]
                    ^ t[5 * 256 + ((low >>> 16) & 0xff)] ^ t[4 * 256 + (low >>> 24)]
                    ^ t[3 * 256 + (data[i + 4] & 0xff)] ^ t[2 * 256 + (data[i + 5] & 0xff)]
                    ^ t[256 + (data[i + 6] & 0xff)] ^ t[data[i + 7] & 0xff];
        }
        for (; i < to; i++) {
            crc = (crc >>> 8) ^ t[(crc ^ data[i]) & 0xff];
        }
        return crc;
    }

    /** The CRC of the bytes the register has seen. */
    static int value(int register) {
        return ~register;
    }

    /**
     * Table 0, entry {@code b}: the register {@code b} becomes after eight bit-wise steps of the
     * division; table {@code k}: table {@code k - 1}'s entry pushed through one more zero byte.
     */
    private static int[] tables() {
        int[] t = new int[SLICES * 256];
        for (int b = 0; b < 256; b++) {
            int crc = b;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
            t[b] = crc;
        }
        for (int k = 1; k < SLICES; k++) {
            for (int b = 0; b < 256; b++) {
                int previous = t[256 * (k - 1) + b];
                t[256 * k + b] = (previous >>> 8) ^ t[previous & 0xff];
            }
        }
        return t;
    }
}

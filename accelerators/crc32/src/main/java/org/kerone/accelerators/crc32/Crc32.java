package org.kerone.accelerators.crc32;

/**
 * The CRC-32 of IEEE 802.3 (also zlib's, PNG's and {@code java.util.zip.CRC32}'s): polynomial
 * 0x04C11DB7 processed bit-reflected (0xEDB88320), register preset to all ones, result inverted;
 * updated a byte at a time through a 256-entry table built from the polynomial.
 */
final class Crc32 {
    /** The register before the first byte. */
    static final int PRESET = 0xFFFFFFFF;
    private static final int REFLECTED_POLYNOMIAL = 0xEDB88320;
    private static final int[] TABLE = table();

    private Crc32() {
    }

    /** The register after {@code bytes [from, to)} of {@code data}. */
    static int update(int register, byte[] data, int from, int to) {
        int crc = register;
        for (int i = from; i < to; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]) & 0xff];
        }
        return crc;
    }

    /** The CRC of the bytes the register has seen. */
    static int value(int register) {
        return ~register;
    }

    /** Entry {@code b}: the register {@code b} becomes after eight bit-wise steps of the division. */
    private static int[] table() {
        int[] table = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
            table[b] = crc;
        }
        return table;
    }
}

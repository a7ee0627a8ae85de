package org.kerone.accelerators.aes128;

/**
 * The AES-128 block cipher of FIPS-197, encryption only: key expansion and the four round
 * transformations on a 16-byte state.
 *
 * <p>The state is kept in the order of the input block, byte {@code r + 4c} being row {@code r} of
 * column {@code c} (FIPS-197 section 3.4); so are round keys, round {@code r} being bytes
 * {@code [16r, 16r + 16)} of the expanded key.
 */
final class Aes128 {
    static final int BLOCK_BYTES = 16;
    static final int KEY_BYTES = 16;

    private static final int ROUNDS = 10;
    private static final byte[] SBOX = sbox();

    private Aes128() {
    }

    /** KeyExpansion (FIPS-197 section 5.2): the 11 round keys, 176 bytes, for a 16-byte key. */
    static byte[] expandKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-128 key has 16 bytes, got " + key.length);
        }
        byte[] w = new byte[BLOCK_BYTES * (ROUNDS + 1)];
        System.arraycopy(key, 0, w, 0, KEY_BYTES);
        int rcon = 0x01;
        for (int i = KEY_BYTES; i < w.length; i += 4) {
            int t0 = w[i - 4] & 0xff;
            int t1 = w[i - 3] & 0xff;
            int t2 = w[i - 2] & 0xff;
            int t3 = w[i - 1] & 0xff;
            if (i % KEY_BYTES == 0) {
                // temp = SubWord(RotWord(temp)) xor Rcon[i / Nk]
                int rotated = t0;
                t0 = (SBOX[t1] & 0xff) ^ rcon;
                t1 = SBOX[t2] & 0xff;
                t2 = SBOX[t3] & 0xff;
                t3 = SBOX[rotated] & 0xff;
                rcon = xtime(rcon);
            }
            w[i] = (byte) (w[i - KEY_BYTES] ^ t0);
            w[i + 1] = (byte) (w[i + 1 - KEY_BYTES] ^ t1);
            w[i + 2] = (byte) (w[i + 2 - KEY_BYTES] ^ t2);
            w[i + 3] = (byte) (w[i + 3 - KEY_BYTES] ^ t3);
        }
        return w;
    }

    /** The round keys as 44 big-endian words, for {@link #encryptCbc}. */
    static int[] roundKeyWords(byte[] roundKeys) {
        int[] words = new int[roundKeys.length / 4];
        for (int i = 0; i < words.length; i++) {
            words[i] = word(roundKeys, 4 * i);
        }
        return words;
    }

    /**
     * CBC encryption of blocks {@code [from, to)} of {@code in} into {@code out}, chaining from and
     * back into {@code chain} (16 bytes). The cipher of FIPS-197 section 5.1, computed a column at a
     * time with tables derived from the S-box (SubBytes, ShiftRows and MixColumns of one column
     * folded into four lookups), as software AES usually is.
     */
    static void encryptCbc(int[] rk, byte[] chain, byte[] in, byte[] out, int from, int to) {
        int c0 = word(chain, 0);
        int c1 = word(chain, 4);
        int c2 = word(chain, 8);
        int c3 = word(chain, 12);
        for (int block = from; block < to; block++) {
            int o = block * BLOCK_BYTES;
            int s0 = c0 ^ word(in, o) ^ rk[0];
            int s1 = c1 ^ word(in, o + 4) ^ rk[1];
            int s2 = c2 ^ word(in, o + 8) ^ rk[2];
            int s3 = c3 ^ word(in, o + 12) ^ rk[3];
            for (int k = 4; k < 4 * ROUNDS; k += 4) {
                int t0 = T0[s0 >>> 24] ^ T1[(s1 >>> 16) & 0xff] ^ T2[(s2 >>> 8) & 0xff] ^ T3[s3 & 0xff] ^ rk[k];
                int t1 = T0[s1 >>> 24] ^ T1[(s2 >>> 16) & 0xff] ^ T2[(s3 >>> 8) & 0xff] ^ T3[s0 & 0xff] ^ rk[k + 1];
                int t2 = T0[s2 >>> 24] ^ T1[(s3 >>> 16) & 0xff] ^ T2[(s0 >>> 8) & 0xff] ^ T3[s1 & 0xff] ^ rk[k + 2];
                int t3 = T0[s3 >>> 24] ^ T1[(s0 >>> 16) & 0xff] ^ T2[(s1 >>> 8) & 0xff] ^ T3[s2 & 0xff] ^ rk[k + 3];
                s0 = t0;
                s1 = t1;
                s2 = t2;
                s3 = t3;
            }
            c0 = lastRound(s0, s1, s2, s3) ^ rk[40];
            c1 = lastRound(s1, s2, s3, s0) ^ rk[41];
            c2 = lastRound(s2, s3, s0, s1) ^ rk[42];
            c3 = lastRound(s3, s0, s1, s2) ^ rk[43];
            putWord(out, o, c0);
            putWord(out, o + 4, c1);
            putWord(out, o + 8, c2);
            putWord(out, o + 12, c3);
        }
        putWord(chain, 0, c0);
        putWord(chain, 4, c1);
        putWord(chain, 8, c2);
        putWord(chain, 12, c3);
    }

    /** SubBytes and ShiftRows of the last round for one column. */
    private static int lastRound(int a, int b, int c, int d) {
        return (SBOX[a >>> 24] & 0xff) << 24 | (SBOX[(b >>> 16) & 0xff] & 0xff) << 16 | (SBOX[(c >>> 8) & 0xff] & 0xff) << 8
                | (SBOX[d & 0xff] & 0xff);
    }

    private static int word(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    private static void putWord(byte[] b, int i, int w) {
        b[i] = (byte) (w >>> 24);
        b[i + 1] = (byte) (w >>> 16);
        b[i + 2] = (byte) (w >>> 8);
        b[i + 3] = (byte) w;
    }

    /** T0[x] is the MixColumns column of SubBytes(x) in row 0: ({02}s, s, s, {03}s); T1..T3 rotate it. */
    private static final int[] T0 = table(0);
    private static final int[] T1 = table(8);
    private static final int[] T2 = table(16);
    private static final int[] T3 = table(24);

    private static int[] table(int rotate) {
        int[] t = new int[256];
        for (int x = 0; x < 256; x++) {
            int s = SBOX[x] & 0xff;
            int column = xtime(s) << 24 | s << 16 | s << 8 | (xtime(s) ^ s);
            t[x] = Integer.rotateRight(column, rotate);
        }
        return t;
    }

    /** Multiplication by {02} in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS-197 section 4.2.1). */
    private static int xtime(int b) {
        int shifted = b << 1;
        return (shifted & 0x100) == 0 ? shifted : (shifted ^ 0x11b);
    }

    /** Multiplication in GF(2^8) (FIPS-197 section 4.2). */
    private static int multiply(int a, int b) {
        int product = 0;
        int x = a;
        for (int bits = b; bits != 0; bits >>>= 1) {
            if ((bits & 1) != 0) {
                product ^= x;
            }
            x = xtime(x);
        }
        return product;
    }

    /**
     * The S-box, built from its definition (FIPS-197 section 5.1.1): the multiplicative inverse in
     * GF(2^8), {00} mapping to itself, followed by the affine transformation.
     */
    private static byte[] sbox() {
        byte[] sbox = new byte[256];
        for (int x = 0; x < 256; x++) {
            int inverse = 0;
            for (int y = 1; y < 256 && x != 0; y++) {
                if (multiply(x, y) == 1) {
                    inverse = y;
                    break;
                }
            }
            int affine = inverse ^ rotateLeft(inverse, 1) ^ rotateLeft(inverse, 2) ^ rotateLeft(inverse, 3)
                    ^ rotateLeft(inverse, 4) ^ 0x63;
            sbox[x] = (byte) affine;
        }
        return sbox;
    }

    private static int rotateLeft(int b, int bits) {
        return ((b << bits) | (b >>> (8 - bits))) & 0xff;
    }
}

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

    /** Cipher (FIPS-197 section 5.1): encrypts the 16-byte {@code block} in place. */
    static void encrypt(byte[] roundKeys, byte[] block) {
        addRoundKey(block, roundKeys, 0);
        for (int round = 1; round < ROUNDS; round++) {
            subBytes(block);
            shiftRows(block);
            mixColumns(block);
            addRoundKey(block, roundKeys, round);
        }
        subBytes(block);
        shiftRows(block);
        addRoundKey(block, roundKeys, ROUNDS);
    }

    private static void subBytes(byte[] state) {
        for (int i = 0; i < BLOCK_BYTES; i++) {
            state[i] = SBOX[state[i] & 0xff];
        }
    }

    /** Row {@code r} is rotated left by {@code r} columns. */
    private static void shiftRows(byte[] state) {
        byte[] old = state.clone();
        for (int c = 0; c < 4; c++) {
            for (int r = 1; r < 4; r++) {
                state[r + 4 * c] = old[r + 4 * ((c + r) % 4)];
            }
        }
    }

    /** Each column is multiplied by {03}x^3 + {01}x^2 + {01}x + {02} modulo x^4 + 1. */
    private static void mixColumns(byte[] state) {
        for (int c = 0; c < 4 * 4; c += 4) {
            int a0 = state[c] & 0xff;
            int a1 = state[c + 1] & 0xff;
            int a2 = state[c + 2] & 0xff;
            int a3 = state[c + 3] & 0xff;
            state[c] = (byte) (xtime(a0) ^ xtime(a1) ^ a1 ^ a2 ^ a3);
            state[c + 1] = (byte) (a0 ^ xtime(a1) ^ xtime(a2) ^ a2 ^ a3);
            state[c + 2] = (byte) (a0 ^ a1 ^ xtime(a2) ^ xtime(a3) ^ a3);
            state[c + 3] = (byte) (xtime(a0) ^ a0 ^ a1 ^ a2 ^ xtime(a3));
        }
    }

    private static void addRoundKey(byte[] state, byte[] roundKeys, int round) {
        for (int i = 0; i < BLOCK_BYTES; i++) {
            state[i] ^= roundKeys[BLOCK_BYTES * round + i];
        }
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

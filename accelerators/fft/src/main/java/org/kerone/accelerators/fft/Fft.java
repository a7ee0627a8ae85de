package org.kerone.accelerators.fft;

/**
 * The in-place radix-2 decimation-in-time FFT in single precision, split into its butterfly
 * stages so that the array between two stages is the whole state of a transform.
 *
 * <p>Stage 0 reads the input in bit-reversed order; after stage {@code log2(n) - 1} the array holds
 * the transform {@code X[k] = sum x[j] e^(-2 pi i jk / n)} in natural order. Arithmetic is float
 * (IEEE single precision, as the core's floating-point units), twiddle factors are rounded to float
 * from {@link StrictMath} values, so results are the same on every JVM.
 */
final class Fft {
    private Fft() {
    }

    /** {@code e^(-2 pi i k / n)} for {@code k < n / 2}, as the core's twiddle ROM holds them. */
    static float[][] twiddles(int n) {
        float[] re = new float[n / 2];
        float[] im = new float[n / 2];
        for (int k = 0; k < n / 2; k++) {
            double angle = -2 * StrictMath.PI * k / n;
            re[k] = (float) StrictMath.cos(angle);
            im[k] = (float) StrictMath.sin(angle);
        }
        return new float[][] {re, im};
    }

    /** Index {@code i} with its {@code bits} low bits reversed. */
    static int reverse(int i, int bits) {
        return Integer.reverse(i) >>> (Integer.SIZE - bits);
    }

    /**
     * Butterfly stage {@code stage} on {@code re} and {@code im}: groups of {@code 2^(stage+1)} points,
     * {@code a, b -> a + w b, a - w b} with {@code w = e^(-2 pi i j / 2^(stage+1))}.
     */
    static void stage(float[] re, float[] im, int stage, float[][] twiddles) {
        int n = re.length;
        int half = 1 << stage;
        int stride = n / (2 * half);
        float[] wr = twiddles[0];
        float[] wi = twiddles[1];
        for (int group = 0; group < n; group += 2 * half) {
            for (int j = 0; j < half; j++) {
                int a = group + j;
                int b = a + half;
                float cr = wr[j * stride];
                float ci = wi[j * stride];
                float tr = cr * re[b] - ci * im[b];
                float ti = cr * im[b] + ci * re[b];
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] = re[a] + tr;
                im[a] = im[a] + ti;
            }
        }
    }
}

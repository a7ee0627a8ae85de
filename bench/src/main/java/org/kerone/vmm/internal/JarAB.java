package org.kerone.vmm.internal;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * Two or more builds of the benchmarks side by side in one JVM, for A/B comparisons on a noisy
 * machine: each jar (the {@code bench/target/benchmarks.jar} of a commit) is loaded by a class
 * loader of its own, and slices of work run on each in turn, the order rotated every slice, so that
 * a change of the machine's speed hits all of them alike. Give the old jar twice (first and last):
 * the second copy is the control, and its ratio shows how far the JIT's different compilation of two
 * copies of the same code moves the figure (on the 2-core KVM of BENCHMARKS.md: 0-7 % for
 * contention, up to 17 % for a path's small loop, which is then no better than separate JVMs).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.kerone.vmm.internal.JarAB contention 20000 90 old.jar new.jar old-copy.jar
 * java -cp bench/target/benchmarks.jar org.kerone.vmm.internal.JarAB assign 20000 30 old.jar new.jar old-copy.jar
 * </pre>
 *
 * {@code contention} times {@link SimSpeedBench.Contention}'s requests; a {@link PathBench} path
 * ({@code assign}, {@code deferred}, ...) times its operation and its base, and reports both. The
 * figure is this thread's CPU time; the ratios printed are each jar's against the first, medians over
 * the rounds after the first third (the warm-up).
 */
public final class JarAB {
    private JarAB() {
    }

    /** One build's benchmark: a no-argument operation, run {@code n} times per slice. */
    private record Op(Object target, Method method) {
        void run(int n) throws ReflectiveOperationException {
            for (int i = 0; i < n; i++) {
                method.invoke(target);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: JarAB contention|PATH SLICE ROUNDS JAR JAR [JAR...]");
            System.exit(2);
        }
        String what = args[0];
        int slice = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String[] jars = Arrays.copyOfRange(args, 3, args.length);
        boolean path = !what.equals("contention");
        int k = jars.length;
        // ops[i][0]: the operation; ops[i][1]: its base (paths only)
        Op[][] ops = new Op[k][];
        for (int i = 0; i < k; i++) {
            ClassLoader loader = new URLClassLoader(new URL[] {new File(jars[i]).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
            ops[i] = path ? new Op[] {pathOp(loader, what), pathOp(loader, what + "_base")} : new Op[] {contention(loader)};
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][][] nsPerOp = new double[k][ops[0].length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int j = 0; j < k; j++) {
                int i = (round + j) % k;
                for (int o = 0; o < ops[i].length; o++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    ops[i][o].run(slice);
                    nsPerOp[i][o][round] = (threads.getCurrentThreadCpuTime() - t0) / (double) slice;
                }
            }
        }
        int from = rounds / 3;
        for (int i = 0; i < k; i++) {
            double op = median(nsPerOp[i][0], from);
            System.out.printf("%s: %s %.0f ns%s", jars[i], what, op, path ? "" : String.format(" (%.0f requests/s)", 1e9 / op));
            if (path) {
                double base = median(nsPerOp[i][1], from);
                System.out.printf(", base %.0f ns, path %.0f ns", base, op - base);
            }
            if (i > 0) {
                double[] ratios = new double[rounds - from];
                for (int r = from; r < rounds; r++) {
                    ratios[r - from] = nsPerOp[0][0][r] / nsPerOp[i][0][r];
                }
                System.out.printf("; speed against the first: median %.3f", median(ratios, 0));
            }
            System.out.println();
        }
    }

    private static Op contention(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> c = loader.loadClass(SimSpeedBench.Contention.class.getName());
        Object state = c.getDeclaredConstructor().newInstance();
        c.getMethod("setup").invoke(state);
        Method request = c.getDeclaredMethod("request");
        request.setAccessible(true);
        return new Op(state, request);
    }

    private static Op pathOp(ClassLoader loader, String path) throws ReflectiveOperationException {
        Class<?> c = loader.loadClass(PathBench.class.getName());
        Object bench = c.getDeclaredConstructor().newInstance();
        c.getField("path").set(bench, path);
        c.getMethod("setup").invoke(bench);
        return new Op(bench, c.getMethod("op"));
    }

    private static double median(double[] values, int from) {
        double[] v = Arrays.copyOfRange(values, from, values.length);
        Arrays.sort(v);
        return v[v.length / 2];
    }
}

package org.kerone.vmm.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link PathBench}'s operations timed in this thread's CPU time instead of wall time: on a shared
 * virtual machine whose vCPUs are often taken away (steal time), CPU time stays steady where JMH's
 * wall-clock figures spread by ±50 %. Each path and its base run alternately in rounds of
 * {@code rounds} × 20,000 operations after a warm-up; the figure is the median round.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.kerone.vmm.internal.PathCpuTime [rounds] [path ...]</pre>
 */
public final class PathCpuTime {
    private static final int OPS = 20_000;

    private PathCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        String[] paths = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"assign", "assign_reconfig", "deferred", "preempt", "preempt_reconfig"};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-18s %12s %12s %12s%n", "path", "op (ns)", "base (ns)", "path (ns)");
        for (String path : paths) {
            PathBench op = bench(path);
            PathBench base = bench(path + "_base");
            for (int i = 0; i < 100_000; i++) {
                op.op();
                base.op();
            }
            double[] ops = new double[rounds];
            double[] bases = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ops[r] = perOp(threads, op);
                bases[r] = perOp(threads, base);
            }
            double o = median(ops);
            double b = median(bases);
            System.out.printf("%-18s %12.0f %12.0f %12.0f%n", path, o, b, o - b);
        }
    }

    private static PathBench bench(String path) {
        PathBench b = new PathBench();
        b.path = path;
        b.setup();
        return b;
    }

    private static double perOp(ThreadMXBean threads, PathBench b) {
        long t0 = threads.getCurrentThreadCpuTime();
        long sink = 0;
        for (int i = 0; i < OPS; i++) {
            sink += b.op();
        }
        long t1 = threads.getCurrentThreadCpuTime();
        if (sink == 42) {
            System.out.print("");
        }
        return (t1 - t0) / (double) OPS;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

package org.kerone.vmm.internal;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Heap held by a prepared machine, per VM and per PRR: machines of several sizes are built (their
 * guests booted and each having made one request), the live heap is measured after full
 * collections, and the differences give the slopes. Run with a fixed heap and one GC thread, e.g.
 * {@code java -Xms8g -Xmx8g -cp bench/target/benchmarks.jar org.kerone.vmm.internal.Footprint}.
 * With an argument "histo", prints the class histogram of the largest machine (through jcmd).
 */
public final class Footprint {
    private Footprint() {
    }

    /** V guests of the three real devices on P PRRs (half large, half small), each using one device once. */
    static String scenario(int vms, int prrs) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < prrs; i++) {
            p.append(i == 0 ? "" : ", ").append(PathBench.prr("p" + i, i % 2 == 0 ? "large" : "small"));
        }
        String[] devices = {"aes128", "sha256", "crc32"};
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < vms; i++) {
            v.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i + 1).append(", \"priority\": ").append(1 + i % 100)
                    .append(", \"program\": [").append(PathBench.compute("10us")).append(", ")
                    .append(PathBench.use(devices[i % 3], 16)).append("]}");
        }
        return "{\"name\": \"footprint\", \"prrs\": [" + p + "], \"vms\": [" + v + "]}";
    }

    static long liveHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Live heap held by a machine of V guests and P PRRs: booted, or run until every guest made its request. */
    static long measure(int vms, int prrs, boolean run, boolean histo) throws Exception {
        String json = scenario(vms, prrs);
        long before = liveHeap();
        Machine m = Benches.machine(json, null, "aes128", "sha256", "crc32");
        if (run) {
            while (m.stats.requests < vms && m.kernel.step()) {
                // every guest boots, computes and traps once
            }
        }
        long after = liveHeap();
        if (histo) {
            Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            out.lines().limit(25).forEach(System.out::println);
        }
        if (m.kernel.now() < 0) {
            System.out.println(m); // keeps the machine reachable until measured
        }
        return after - before;
    }

    public static void main(String[] args) throws Exception {
        boolean histo = args.length > 0 && args[0].equals("histo");
        measure(100, 4, true, false); // warm up class loading
        for (boolean run : new boolean[] {false, true}) {
            String what = run ? "after one request per VM" : "booted";
            long v1 = measure(1_000, 64, run, false);
            long v10 = measure(10_000, 64, run, false);
            long p4096 = measure(10_000, 4096, run, histo && run);
            System.out.printf("%s: 1,000 VMs x 64 PRRs %,d B; 10,000 VMs x 64 PRRs %,d B; 10,000 VMs x 4,096 PRRs %,d B%n",
                    what, v1, v10, p4096);
            System.out.printf("%s: per VM %,.0f B; per PRR %,.0f B (at 10,000 VMs)%n", what, (v10 - v1) / 9_000.0,
                    (p4096 - v10) / 4_032.0);
        }
    }
}

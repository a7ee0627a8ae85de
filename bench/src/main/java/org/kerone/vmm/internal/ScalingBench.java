package org.kerone.vmm.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Assign path of {@link PathBench} on a bigger platform: {@code P} PRRs, {@code V} VMs and
 * {@code L} requests waiting in the monitor's searching list.
 *
 * <p>As in {@code PathBench}'s "assign", two guests alternate on PRR p0, which holds their device;
 * each finds it idle (Assign). The other P-1 PRRs are idle too but hold another device, so that
 * every decision looks at all P PRRs (the policy prefers the PRR holding the device). A filler
 * guest of priority 50 runs a 90-second job on the one PRR of class "aux", and L guests of priority
 * 5 wait for that PRR: each is one request in the searching list that no event can serve. The other
 * V - 3 - L guests ran a short program and ended: they exist (page tables, IFs) but do not run. The
 * {@code base} configurations run the same platform with one guest on another device, so no request
 * happens: the difference is the path's own cost. A new machine is built for every iteration, so
 * that an iteration stays within the filler's job.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ScalingBench {
    @Param({"P4_V8_L0", "P16_V8_L0", "P64_V8_L0", "P256_V8_L0", "P1024_V8_L0",
            "P4_V100_L0", "P4_V1000_L0", "P4_V10000_L0",
            "P4_V10008_L10", "P4_V10008_L100", "P4_V10008_L1000", "P4_V10008_L10000",
            "P1024_V10008_L10000", "P4_V8_L0_base", "P1024_V10008_L10000_base"})
    public String config;

    Machine machine;
    long target;
    private boolean printed;

    static final String[] DEVICES = {"nop_a", "nop_b", "sleep", "hog"};

    /** The scenario of a configuration "P{prrs}_V{vms}_L{waiting}[_base]". */
    static String scenario(int prrs, int vms, int waiting, boolean base) {
        if (vms < waiting + 3) {
            throw new IllegalArgumentException("V must be at least L + 3");
        }
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < prrs; i++) {
            p.append(PathBench.prr("p" + i, "large")).append(", ");
        }
        p.append(PathBench.prr("t0", "aux")).append(", ").append(PathBench.prr("t1", "tiny")).append(", ")
                .append(PathBench.prr("t2", "tiny"));
        StringBuilder v = new StringBuilder();
        v.append(PathBench.vm(1, 10, "0ns", PathBench.use("sleep", 10) + ", " + PathBench.use("nop_a", 1))).append(", ");
        v.append(PathBench.vm(2, 10, "6050us", PathBench.use("sleep", 10) + ", " + PathBench.use(base ? "nop_b" : "nop_a", 1)));
        v.append(", ").append(PathBench.vm(3, 50, "0ns", PathBench.use("hog", 9_000)));
        for (int i = 0; i < waiting; i++) {
            v.append(", {\"id\": ").append(4 + i).append(", \"priority\": 5, \"start\": \"1ms\", \"program\": [")
                    .append(PathBench.use("hog", 1)).append("]}");
        }
        for (int id = 4 + waiting; id <= vms; id++) {
            v.append(", {\"id\": ").append(id).append(", \"priority\": 1, \"program\": [").append(PathBench.compute("1us"))
                    .append("]}");
        }
        return PathBench.scenario(p.toString(), v.toString());
    }

    @Setup(Level.Iteration)
    public void setup() {
        String[] parts = config.split("_");
        int prrs = Integer.parseInt(parts[0].substring(1));
        int vms = Integer.parseInt(parts[1].substring(1));
        int waiting = Integer.parseInt(parts[2].substring(1));
        boolean base = parts.length > 3;
        machine = Benches.machine(scenario(prrs, vms, waiting, base), null, DEVICES);
        // p0 holds the pair's device, the others another one (the base's second guest takes one of them)
        machine.load("nop_a", "p0");
        for (int i = 1; i < prrs; i++) {
            machine.load("nop_b", "p" + i);
        }
        while (machine.now() < 20_000_000L) {
            machine.kernel.step();
        }
        target = machine.stats.jobs;
        for (int i = 0; i < 200; i++) {
            op();
        }
        if (machine.fabric.searchingList().size() != waiting) {
            throw new IllegalStateException("searching list has " + machine.fabric.searchingList().size() + ", expected " + waiting);
        }
        if (!printed) {
            Map<String, Long> before = Benches.census(machine);
            for (int i = 0; i < 200; i++) {
                op();
            }
            System.out.println("\ncensus " + config + " per op: " + Benches.perOp(before, Benches.census(machine), 200));
            printed = true;
        }
    }

    /** One request of one of the two guests, with its job and its wait (two jobs). */
    @Benchmark
    public long op() {
        target += 2;
        Benches.runUntil(machine, Benches.jobs(), target);
        return machine.kernel.now();
    }
}

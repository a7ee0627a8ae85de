package org.kerone.vmm.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host time of each allocation path, from the trap to the resume, through the real kernel, CPU
 * scheduler, VDM, monitor, policy and page tables.
 *
 * <p>Each {@code path} is a scenario in which, once warmed up, every request a given VM makes takes
 * that path; one operation is one cycle of that VM's program (its request, the allocation, its job,
 * its CPU time, and whatever its victim does in reply). Each {@code *_base} scenario runs the same
 * programs with one more PRR, so that no request happens at all: the path's own cost is the
 * difference of the two. The devices are no-op accelerators ({@link NopAccelerator}): jobs last in
 * virtual time but cost no host time, while reconfigurations read and check a bitstream as the real
 * devices' do. The setup prints, per operation, what happened (events, requests by path, jobs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PathBench {
    @Param({"assign", "assign_base", "assign_reconfig", "assign_reconfig_base", "preempt", "preempt_base",
            "preempt_reconfig", "preempt_reconfig_base", "deferred", "deferred_base"})
    public String path;

    Machine machine;
    Benches.Counter counter;
    long step;
    long target;

    /** One scenario per path: its JSON, the counter whose advance by {@code step} is one operation. */
    record Setting(String json, Benches.Counter counter, long step) {
    }

    static String scenario(String prrs, String vms) {
        return "{\"name\": \"path\", \"quantum\": \"1s\", \"horizon\": \"100000s\", \"prrs\": [" + prrs + "], \"vms\": [" + vms + "]}";
    }

    static String prr(String id, String cls) {
        return "{\"id\": \"" + id + "\", \"class\": \"" + cls + "\"}";
    }

    static String vm(int id, int prio, String start, String program) {
        return "{\"id\": " + id + ", \"priority\": " + prio + ", \"repeat\": 0, \"start\": \"" + start + "\", \"program\": [" + program + "]}";
    }

    static String compute(String t) {
        return "{\"compute\": \"" + t + "\"}";
    }

    static String use(String dev, long bytes) {
        return "{\"use\": \"" + dev + "\", \"bytes\": " + bytes + "}";
    }

    static Setting setting(String path) {
        boolean base = path.endsWith("_base");
        String p = base ? path.substring(0, path.length() - "_base".length()) : path;
        // p0 is the contended PRR; each guest waits on its own tiny PRR (t1, t2) with the sleep
        // device, so that guests do not meet on the CPU; a base scenario adds p1 (and gives the
        // second guest of "assign" an equal device of its own), so that nothing is contended
        String prrs = prr("p0", "large") + ", " + prr("t1", "tiny") + ", " + prr("t2", "tiny")
                + (base ? ", " + prr("p1", "large") : "");
        return switch (p) {
            // two guests alternate on one PRR holding their device; each finds it idle: Assign
            case "assign" -> new Setting(scenario(prrs,
                    vm(1, 10, "0ns", use("sleep", 10) + ", " + use("nop_a", 1)) + ", "
                            + vm(2, 10, "6050us", use("sleep", 10) + ", " + use(base ? "nop_b" : "nop_a", 1))),
                    Benches.jobs(), 2);
            // the same with two devices: each finds the PRR idle with the other's: Assign+Reconfig
            case "assign_reconfig" -> new Setting(scenario(prrs,
                    vm(1, 10, "0ns", use("sleep", 1_000) + ", " + use("nop_a", 1)) + ", "
                            + vm(2, 10, "7ms", use("sleep", 1_000) + ", " + use("nop_b", 1))),
                    Benches.jobs(), 2);
            // each asks while the other's 50 us job runs: Unavailable, then pushed when it ends
            case "deferred" -> new Setting(scenario(prrs,
                    vm(1, 10, "0ns", use("sleep", 1) + ", " + use("nop_a", 50)) + ", "
                            + vm(2, 10, "5us", use("sleep", 1) + ", " + use("nop_a", 50))),
                    Benches.jobs(), 2);
            // VM 2 (prio 20) sleeps, then asks for the device on which VM 1 (prio 10) runs an
            // endless job: Preempt; VM 1 then asks again (its own request, in the census)
            case "preempt" -> new Setting(scenario(prrs,
                    vm(1, 10, "0ns", use("nop_a", 16_000_000)) + ", "
                            + vm(2, 20, "1ms", use("sleep", 5) + ", " + use("nop_a", 1))),
                    Benches.jobsOf(2), 2);
            // the same for another device: Preempt+Reconfig; VM 1 then gets its device back
            case "preempt_reconfig" -> new Setting(scenario(prrs,
                    vm(1, 10, "0ns", use("slow", 5_000)) + ", "
                            + vm(2, 20, "1ms", use("sleep", 1_000) + ", " + use("nop_b", 1))),
                    Benches.jobsOf(2), 2);
            default -> throw new IllegalArgumentException(path);
        };
    }

    static final String[] DEVICES = {"nop_a", "nop_b", "sleep", "slow"};

    @Setup
    public void setup() {
        Setting s = setting(path);
        machine = Benches.machine(s.json(), null, DEVICES);
        counter = s.counter();
        step = s.step();
        target = counter.value(machine);
        for (int i = 0; i < 2_000; i++) {
            op();
        }
        Map<String, Long> before = Benches.census(machine);
        int n = 1_000;
        for (int i = 0; i < n; i++) {
            op();
        }
        System.out.println("\ncensus " + path + " per op: " + Benches.perOp(before, Benches.census(machine), n));
    }

    @Benchmark
    public long op() {
        target += step;
        Benches.runUntil(machine, counter, target);
        return machine.kernel.now();
    }
}

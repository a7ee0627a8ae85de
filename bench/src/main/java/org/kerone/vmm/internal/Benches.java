package org.kerone.vmm.internal;

import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.accelerators.crc32.Crc32Accelerator;
import org.kerone.accelerators.sha256.Sha256Accelerator;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.PathStats;
import org.kerone.vmm.RunOptions;

/**
 * What the benchmarks share: the platform's components wired by hand (as SCR would), machines
 * prepared from scenario text, and the kernel driven event by event until a counter moves.
 */
final class Benches {
    private Benches() {
    }

    /**
     * Every device a benchmark may name: the benchmark's no-op devices, three real accelerators, and
     * the same three without their functional model (name followed by "~", registered under the real name).
     */
    static Accelerator device(String name) {
        return switch (name) {
            // 100 cycles a byte: 1 us per input byte at 100 MHz
            case "nop_a", "nop_b" -> new NopAccelerator(name, 100, "large", "small");
            // 10 us per input byte, on its own PRR class: a guest waits without using the CPU
            case "sleep" -> new NopAccelerator(name, 1_000, "tiny");
            case "slow" -> new NopAccelerator(name, 1_000_000, "large");
            // 10 ms per input byte: long jobs (a job may last at most 2^63 / 10^9 cycles, 92 s at
            // 100 MHz: FabricConfig.cyclesToNs overflows beyond)
            case "hog" -> new NopAccelerator(name, 1_000_000, "aux");
            // 1 ms per input byte: the contention scenario's devices
            case "c0", "c1", "c2", "c3" -> new NopAccelerator(name, 100_000, "large", "small");
            case "aes128" -> new Aes128Accelerator();
            case "sha256" -> new Sha256Accelerator();
            case "crc32" -> new Crc32Accelerator();
            case "aes128~", "sha256~", "crc32~" -> new TimingOnlyAccelerator(device(name.substring(0, name.length() - 1)));
            default -> throw new IllegalArgumentException("no bench device " + name);
        };
    }

    /** A simulator with exactly these devices and the paper's policy. */
    static SimulatorComponent simulator(String... devices) {
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        for (String d : devices) {
            sim.addAccelerator(device(d));
        }
        sim.addPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        return sim;
    }

    /** A machine for the scenario, keeping no record of ended requests (as a live platform). */
    static Machine machine(String scenarioJson, Writer trace, String... devices) {
        SimulatorComponent sim = simulator(devices);
        try {
            Machine m = sim.prepare(sim.parse("bench", scenarioJson), RunOptions.DEFAULT, trace);
            m.keepRequests = false;
            return m;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs events until {@code counter} reaches {@code target}. */
    static void runUntil(Machine m, Counter counter, long target) {
        Kernel k = m.kernel;
        while (counter.value(m) < target) {
            if (!k.step()) {
                throw new IllegalStateException("the scenario ran out of events at " + k.now() + " ns");
            }
        }
    }

    /** A monotonic count that marks the end of one benchmark operation. */
    @FunctionalInterface
    interface Counter {
        long value(Machine m);
    }

    static Counter jobs() {
        return m -> m.stats.jobs;
    }

    static Counter jobsOf(int vm) {
        return m -> m.guestOf(vm).jobs;
    }

    static Counter requests() {
        return m -> m.stats.requests;
    }

    /** Counts of what happened so far: events, requests by path, jobs, domain switches. */
    static Map<String, Long> census(Machine m) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("events", m.kernel.fired());
        c.put("requests", m.stats.requests);
        for (PathStats p : SimulatorComponent.summary(m).paths()) {
            c.put(p.path(), p.count());
        }
        c.put("jobs", m.stats.jobs);
        c.put("reconfigurations", m.stats.reconfigurations);
        c.put("preemptions", m.stats.preemptions);
        c.put("switches", m.cpu.switches);
        c.put("virtual_ns", m.now());
        return c;
    }

    /** What happened per operation between two censuses, as one line. */
    static String perOp(Map<String, Long> before, Map<String, Long> after, long ops) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d != 0) {
                b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append('=')
                        .append(String.format(java.util.Locale.ROOT, "%.3f", (double) d / ops));
            }
        }
        return b.toString();
    }
}

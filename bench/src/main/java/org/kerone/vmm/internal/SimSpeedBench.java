package org.kerone.vmm.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** How fast the simulator runs whole scenarios: requests per wall-clock second, and wall time of a virtual hour. */
public class SimSpeedBench {

    /**
     * 1,000 guests of priorities spread over 1..100 on 64 PRRs (32 large, 32 small) and four no-op
     * devices with 1 to 20 ms jobs: the PRRs are oversubscribed (in steady state about 930 requests
     * wait in the searching list), so requests queue, preempt and reconfigure. One operation is one
     * request (trap) with everything the simulation does until the next one. Real accelerators are
     * left out: with their short jobs the PRRs are not contended (the guests holding one keep it).
     */
    @State(Scope.Thread)
    public static class Contention {
        Machine machine;
        long target;

        static String scenario() {
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < 64; i++) {
                p.append(i == 0 ? "" : ", ").append(PathBench.prr("p" + i, i < 32 ? "large" : "small"));
            }
            StringBuilder v = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                int prio = 1 + (i * 37) % 100;
                String compute = (20 + (i % 10) * 20) + "us";
                String use = PathBench.use("c" + (i % 4), 1 + (i * 7) % 20);
                v.append(i == 0 ? "" : ", ").append(PathBench.vm(i + 1, prio, i + "us", PathBench.compute(compute) + ", " + use));
            }
            return PathBench.scenario(p.toString(), v.toString());
        }

        @Setup(Level.Trial)
        public void setup() {
            machine = Benches.machine(scenario(), null, "c0", "c1", "c2", "c3");
            target = machine.stats.requests;
            for (int i = 0; i < 5_000; i++) {
                request();
            }
            Map<String, Long> before = Benches.census(machine);
            for (int i = 0; i < 1_000; i++) {
                request();
            }
            System.out.println("\ncensus contention per request: " + Benches.perOp(before, Benches.census(machine), 1_000)
                    + "; searching list " + machine.fabric.searchingList().size());
        }

        long request() {
            target++;
            Benches.runUntil(machine, Benches.requests(), target);
            return machine.kernel.now();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public long contention(Contention s) {
        return s.request();
    }

    /**
     * The workload of {@code mixed-16x4.json} (16 guests, 4 PRRs, AES-128, SHA-256 and CRC-32)
     * run to its horizon, with tracing off or to a file. {@code variant}: "real" computes every
     * result; "timing" runs the same events with the functional models left out
     * ({@link TimingOnlyAccelerator}), which isolates the simulator's own cost. {@code horizon}
     * shortens the virtual hour so that the suite stays short; the figures scale linearly.
     */
    @State(Scope.Thread)
    public static class Hour {
        @Param({"real", "timing"})
        public String variant;
        @Param({"off", "file"})
        public String trace;
        @Param({"60s"})
        public String horizon;

        Machine machine;
        Writer writer;
        Path file;

        @Setup(Level.Invocation)
        public void setup() throws IOException {
            String json;
            try (var in = SimSpeedBench.class.getResourceAsStream("mixed-16x4.json")) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            json = json.replace("\"horizon\": \"3600s\"", "\"horizon\": \"" + horizon + "\"");
            if (trace.equals("file")) {
                file = Files.createTempFile("kerone-bench-trace", ".jsonl");
                writer = new BackgroundWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), "kerone-trace");
            }
            machine = variant.equals("real") ? Benches.machine(json, writer, "aes128", "sha256", "crc32")
                    : Benches.machine(json, writer, "aes128~", "sha256~", "crc32~");
        }

        @TearDown(Level.Invocation)
        public void tearDown() throws IOException {
            Summary s = new Summary(machine);
            System.out.println("\nhour " + variant + " trace " + trace + " horizon " + horizon + ": " + s);
            if (writer != null) {
                writer.close();
                System.out.println("trace file: " + Files.size(file) + " bytes");
                Files.delete(file);
                writer = null;
            }
        }

        /** What a run did, for the log. */
        record Summary(long requests, long jobs, long reconfigurations, long preemptions, long events) {
            Summary(Machine m) {
                this(m.stats.requests, m.stats.jobs, m.stats.reconfigurations, m.stats.preemptions, m.kernel.fired());
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public long hour(Hour s) {
        s.machine.run();
        return s.machine.now();
    }
}

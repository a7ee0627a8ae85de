package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerone.vmm.RunOptions;

/**
 * The same scenario and seed give the same trace byte for byte in another JVM too (hash orders,
 * identity hash codes and the like differ between JVMs; nothing of the run may depend on them).
 */
class CrossJvmDeterminismTest {

    /** Runs a scenario file and writes its trace: the other JVM's side of the test. */
    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[1]), trace(Path.of(args[0])), StandardCharsets.UTF_8);
    }

    private static String trace(Path scenario) throws Exception {
        SimulatorComponent sim = Platforms.full();
        StringWriter w = new StringWriter();
        sim.run(sim.parse(scenario.toString(), Files.readString(scenario)), RunOptions.DEFAULT, w);
        return w.toString();
    }

    @Test
    void aSecondJvmWritesTheSameTrace(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("mix.json");
        Files.writeString(scenario, """
                {"seed": 5, "horizon": "150ms",
                 "prrs": [{"id": "prr0", "class": "large"}, {"id": "prr1", "class": "small"}],
                 "vms": [
                  {"id": 1, "priority": 10, "workload": {"arrival": "poisson", "rate": 200,
                    "devices": {"aes128": 3, "crc32": 2, "sha256": 1, "fir": 1}, "bytes": {"dist": "uniform", "min": 64, "max": 8192}}},
                  {"id": 2, "priority": 30, "workload": {"arrival": "periodic", "period": "3ms",
                    "devices": {"fft": 1, "matmul": 1}, "bytes": 2048, "deadline": "5ms"}},
                  {"id": 3, "priority": 20, "program": [{"compute": "300us"}, {"use": "sha256", "bytes": 4096}], "repeat": 0}]}
                """);
        Path other = dir.resolve("other.jsonl");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CrossJvmDeterminismTest.class.getName(), scenario.toString(), other.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        String here = trace(scenario);
        assertThat(here.lines().count()).isGreaterThan(100);
        assertThat(Files.readString(other)).isEqualTo(here);
        assertThat(List.of(here.split("\n"))).anyMatch(l -> l.contains("\"ev\":\"job_arrival\""));
    }
}

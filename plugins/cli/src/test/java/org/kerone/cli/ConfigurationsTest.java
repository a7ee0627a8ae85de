package org.kerone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.Resources;
import org.kerone.vmm.Programs;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.Step;
import org.kerone.vmm.VmSpec;

class ConfigurationsTest {
    private static final List<Step> PROGRAM = List.of(new Step.Compute(300_000), new Step.Use("aes128", 65536, 0),
            new Step.Use("sha256", 4096, 2_000_000));
    private static final Scenario SCENARIO = new Scenario("example", "s.json", 7, "zynq7000", "fcfs", 1_000_000, 0,
            List.of(new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)),
                    new PrrSpec("prr1", "small", new Resources(4400, 8800, 10, 20))),
            List.of(new VmSpec(1, 10, PROGRAM, 3, 0), new VmSpec(2, 20, PROGRAM, 0, 500_000)));

    @TempDir
    Path dir;

    @Test
    void thePlatformGetsTheScenarioTimingAndTheCommandLineSpeedAndTrace() {
        Map<String, Object> p = Configurations.platform(SCENARIO, 100.0, Path.of("t.jsonl"));

        assertThat(p).containsOnlyKeys("profile", "quantum", "seed", "speed", "trace.file")
                .containsEntry("profile", "zynq7000").containsEntry("quantum", "1000000ns").containsEntry("seed", 7L)
                .containsEntry("speed", 100.0)
                .containsEntry("trace.file", Path.of("t.jsonl").toAbsolutePath().normalize().toString());
    }

    @Test
    void withoutSpeedAndTraceThePlatformRunsInRealTimeWithoutTraceFile() {
        Map<String, Object> p = Configurations.platform(SCENARIO, null, null);

        assertThat(p).containsEntry("speed", 1.0).doesNotContainKey("trace.file");
    }

    @Test
    void theVdmGetsTheScenarioPolicy() {
        assertThat(Configurations.vdm(SCENARIO)).containsExactlyEntriesOf(Map.of("policy", "fcfs"));
    }

    @Test
    void aPrrGetsItsIdClassAndResources() {
        assertThat(Configurations.prr(SCENARIO.prrs().get(1))).containsOnly(Map.entry("id", "prr1"),
                Map.entry("class", "small"), Map.entry("lut", 4400), Map.entry("ff", 8800), Map.entry("bram", 10),
                Map.entry("dsp", 20));
    }

    @Test
    void aVmGetsItsProgramAsTextThatParsesBackToTheSameSteps() {
        Map<String, Object> vm = Configurations.vm(SCENARIO.vms().get(1));

        assertThat(vm).containsOnly(Map.entry("id", 2), Map.entry("priority", 20),
                Map.entry("program", "compute 300000ns; use aes128 65536; use sha256 4096 deadline 2000000ns"),
                Map.entry("repeat", 0), Map.entry("start", "500000ns"));
        assertThat(Programs.parse((String) vm.get("program"))).isEqualTo(PROGRAM);
    }

    @Test
    void theWatcherWatchesTheDeployFolderEvery100Ms() {
        Map<String, Object> w = Configurations.watcher(Path.of("deploy"));

        assertThat(w).containsOnly(Map.entry("felix.fileinstall.dir", Path.of("deploy").toAbsolutePath().toString()),
                Map.entry("felix.fileinstall.poll", "100"), Map.entry("felix.fileinstall.noInitialDelay", "true"),
                Map.entry("felix.fileinstall.log.level", "2"));
    }

    @Test
    void prrAndVmFactoryFilesInTheFolderAreTopologyFiles() throws Exception {
        assertThat(Configurations.hasTopologyFiles(dir)).isFalse();
        Files.writeString(dir.resolve("kerone.platform.cfg"), "speed=10");
        Files.writeString(dir.resolve("kerone.prr.cfg"), "id=prr9");
        Files.writeString(dir.resolve("accelerators.crc32-0.1.0.jar"), "");
        assertThat(Configurations.hasTopologyFiles(dir)).isFalse();

        Files.writeString(dir.resolve("kerone.vm-fast.config"), "id=I\"9\"");

        assertThat(Configurations.hasTopologyFiles(dir)).isTrue();
    }

    @Test
    void aMissingFolderHasNoTopologyFiles() throws Exception {
        assertThat(Configurations.hasTopologyFiles(dir.resolve("missing"))).isFalse();
    }

    @Test
    void theConfigurationFileOfAPidIsItsCfgOrConfigFile() throws Exception {
        assertThat(Configurations.fileFor(dir, "kerone.vdm")).isNull();
        Path cfg = Files.writeString(dir.resolve("kerone.vdm.config"), "policy=\"fcfs\"");

        assertThat(Configurations.fileFor(dir, "kerone.vdm")).isEqualTo(cfg);
    }
}

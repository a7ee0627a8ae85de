package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Summary;

/** Cost profiles: the built-in one, profile files and their errors, and their effect on a run's latencies. */
class CostProfileTest {
    /** VM 1 loads AES into the only PRR (assign + reconfig); later VM 2 takes the idle PRR (assign). */
    private static final String ASSIGN_SCENARIO = """
            {"prrs": [{"id": "p0", "class": "small"}],
             "vms": [{"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 16}]},
                     {"id": 2, "priority": 10, "start": "20ms", "program": [{"use": "aes128", "bytes": 16}]}]}
            """;

    @TempDir
    Path dir;

    @Test
    void theBuiltInZynq7000LoadsWithEveryPrimitive() throws Exception {
        // when
        CostProfile p = CostProfile.load("zynq7000", "test");

        // then
        assertThat(p.name).isEqualTo("zynq7000");
        assertThat(p.costs()).containsOnlyKeys(Primitive.values());
        for (Primitive prim : Primitive.values()) {
            assertThat(p.cost(prim)).as(prim.key).isPositive().isEqualTo(p.costs().get(prim));
        }
        assertThat(builtInText()).contains(java.util.Arrays.stream(Primitive.values()).map(x -> "\"" + x.key + "\"").toList());
        assertThat(p.fabric).isNotNull();
    }

    @Test
    void theBuiltInProfileIsTheDefault() {
        assertThat(CostProfile.DEFAULT).isEqualTo("zynq7000");
    }

    @Test
    void theBuiltInProfileGivesThePapersAssignLatency() throws Exception {
        // when
        Summary s = run(ASSIGN_SCENARIO, RunOptions.DEFAULT);

        // then: Table 1, assign 3.03 us, assign + reconfig 6.76 us + T_RCFG
        assertThat(s.path("assign").count()).isEqualTo(1);
        assertThat(s.path("assign").minNs()).isEqualTo(3_030);
        assertThat(s.path("assign_reconfig").minNs()).isEqualTo(6_760);
    }

    @Test
    void anUnknownProfileNameIsRefusedNamingItAndTheBuiltIns() {
        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load("zynq9000", "s.json"), ScenarioException.class);

        // then
        assertThat(e.source()).isEqualTo("s.json");
        assertThat(e.place()).isEqualTo("profile");
        assertThat(e.problem()).contains("unknown profile 'zynq9000'").contains("built-in: zynq7000");
    }

    @Test
    void anUnknownProfileInAScenarioIsRefusedWhenItRuns() throws Exception {
        // given
        SimulatorComponent sim = Platforms.simulator();
        Scenario s = sim.parse("scenario.json", ASSIGN_SCENARIO.replace("{\"prrs\"", "{\"profile\": \"fast\", \"prrs\""));

        // when
        ScenarioException e = catchThrowableOfType(() -> sim.run(s, RunOptions.DEFAULT, new StringWriter()),
                ScenarioException.class);

        // then
        assertThat(e.getMessage()).startsWith("scenario.json: profile: unknown profile 'fast' (built-in: zynq7000");
    }

    @Test
    void anUnknownProfileOptionIsRefusedNamingTheOption() throws Exception {
        // given
        SimulatorComponent sim = Platforms.simulator();
        Scenario s = sim.parse("scenario.json", ASSIGN_SCENARIO);

        // when
        ScenarioException e = catchThrowableOfType(() -> sim.run(s, new RunOptions(null, "nope", null), new StringWriter()),
                ScenarioException.class);

        // then
        assertThat(e.source()).isEqualTo("--profile");
        assertThat(e.problem()).contains("unknown profile 'nope'").contains("zynq7000");
    }

    @Test
    void aProfileIsCheckedWithoutARunAsARunChecksIt() throws Exception {
        // given
        SimulatorComponent sim = Platforms.simulator();
        Scenario s = sim.parse("scenario.json", ASSIGN_SCENARIO);
        Scenario bad = sim.parse("scenario.json", ASSIGN_SCENARIO.replace("{\"prrs\"", "{\"profile\": \"fast\", \"prrs\""));

        // when, then: the option's and the scenario's profile are refused as a run refuses them
        ScenarioException option = catchThrowableOfType(() -> sim.checkProfile(s, new RunOptions(null, "nope", null)),
                ScenarioException.class);
        ScenarioException ran = catchThrowableOfType(() -> sim.run(s, new RunOptions(null, "nope", null), new StringWriter()),
                ScenarioException.class);
        assertThat(option).hasMessage(ran.getMessage());
        assertThat(option.source()).isEqualTo("--profile");
        ScenarioException scenario = catchThrowableOfType(() -> sim.checkProfile(bad, RunOptions.DEFAULT), ScenarioException.class);
        assertThat(scenario.getMessage()).startsWith("scenario.json: profile: unknown profile 'fast' (built-in: zynq7000");
        // and a good one passes
        sim.checkProfile(s, RunOptions.DEFAULT);
        sim.checkProfile(bad, new RunOptions(null, "zynq7000", null));
    }

    @Test
    void aMissingProfileFileIsRefusedAsNoSuchFile() {
        // given
        String file = dir.resolve("absent.json").toString();

        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(file, "--profile"), ScenarioException.class);

        // then
        assertThat(e.getMessage()).startsWith("--profile: profile: profile file '" + file + "': no such file (relative paths are taken"
                + " from the working directory ");
    }

    @Test
    void aProfileThatIsAFolderIsRefusedAsSuch() throws Exception {
        String folder = java.nio.file.Files.createDirectory(dir.resolve("p.json")).toString();

        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(folder, "--profile"), ScenarioException.class);

        assertThat(e.problem()).startsWith("profile file '" + folder + "': is a directory");
    }

    @Test
    void aProfileFileWithAMissingPrimitiveIsRefusedNamingThePlace() throws Exception {
        // given
        Path file = write("missing.json", builtInText().replaceAll("\"ipc_ns\":\\s*\\d+,", ""));

        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(file.toString(), "--profile"), ScenarioException.class);

        // then
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.place()).matches("primitives \\(line \\d+, column \\d+\\)");
        assertThat(e.problem()).isEqualTo("missing key 'ipc_ns'");
    }

    @Test
    void aProfileFileWithAnUnknownPrimitiveIsRefusedNamingThePlace() throws Exception {
        // given
        Path file = write("unknown.json", """
                {"name": "x",
                 "primitives": {"trap_ns": 1, "ipc_ns": 1, "vm_switch_ns": 1, "vdm_request_ns": 1,
                   "vdm_complete_ns": 1, "vdm_chain_ns": 1, "monitor_ns": 1, "page_table_ns": 1, "irq_ns": 1,
                   "pcap_start_ns": 1, "tlb_ns": 5},
                 "fabric": {"clock_hz": 1, "pcap_bytes_per_s": 1, "pcap_setup_ns": 0, "context_bytes_per_s": 1}}
                """);

        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(file.toString(), "--profile"), ScenarioException.class);

        // then
        assertThat(e.getMessage()).startsWith(file + ": primitives.tlb_ns (line 4, column 34): unknown key 'tlb_ns'");
    }

    @Test
    void aProfileFileWithAnUnknownTopLevelKeyIsRefused() throws Exception {
        // given
        Path file = write("top.json", builtInText().replace("\"description\"", "\"comment\""));

        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(file.toString(), "--profile"), ScenarioException.class);

        // then
        assertThat(e.place()).startsWith("comment (line ");
        assertThat(e.problem()).startsWith("unknown key 'comment'");
    }

    @Test
    void aProfileFileWithANegativeCostIsRefusedNamingThePlace() throws Exception {
        // given
        Path file = write("negative.json", builtInText().replaceAll("\"page_table_ns\":\\s*\\d+", "\"page_table_ns\": -260"));

        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(file.toString(), "--profile"), ScenarioException.class);

        // then
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.place()).matches("primitives\\.page_table_ns \\(line \\d+, column \\d+\\)");
        assertThat(e.problem()).isEqualTo("must not be negative, got -260");
    }

    @Test
    void aProfileFileWithACostBeyondOneSecondIsRefusedNamingThePlace() throws Exception {
        // given: a cost that would overflow virtual time once added to the clock a few times
        Path file = write("huge.json", builtInText().replaceAll("\"irq_ns\":\\s*\\d+", "\"irq_ns\": 4611686018427387904"));
        Path setup = write("setup.json", builtInText().replaceAll("\"pcap_setup_ns\":\\s*\\d+", "\"pcap_setup_ns\": 1000000001"));

        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(file.toString(), "--profile"), ScenarioException.class);
        ScenarioException s = catchThrowableOfType(() -> CostProfile.load(setup.toString(), "--profile"), ScenarioException.class);

        // then
        assertThat(e.place()).startsWith("primitives.irq_ns (line ");
        assertThat(e.problem()).isEqualTo("must be at most 1000000000 ns (1 s), got 4611686018427387904");
        assertThat(s.place()).startsWith("fabric.pcap_setup_ns (line ");
        assertThat(s.problem()).isEqualTo("must be at most 1000000000 ns (1 s), got 1000000001");
    }

    @Test
    void aProfileFileWithAZeroFabricClockIsRefused() throws Exception {
        // given
        Path file = write("clock.json", builtInText().replaceAll("\"clock_hz\":\\s*\\d+", "\"clock_hz\": 0"));

        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(file.toString(), "--profile"), ScenarioException.class);

        // then
        assertThat(e.place()).startsWith("fabric.clock_hz (line ");
        assertThat(e.problem()).isEqualTo("must be positive, got 0");
    }

    @Test
    void aProfileFileWithAFractionalCostIsRefused() throws Exception {
        // given
        Path file = write("fraction.json", builtInText().replaceAll("\"irq_ns\":\\s*\\d+", "\"irq_ns\": 450.5"));

        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(file.toString(), "--profile"), ScenarioException.class);

        // then
        assertThat(e.place()).startsWith("primitives.irq_ns (line ");
        assertThat(e.problem()).isEqualTo("expected an integer, found 450.5");
    }

    @Test
    void aMalformedProfileFileIsRefusedWithLineAndColumn() throws Exception {
        // given
        Path file = write("broken.json", "{\"name\": \"x\",\n  \"primitives\": {\n");

        // when
        ScenarioException e = catchThrowableOfType(() -> CostProfile.load(file.toString(), "--profile"), ScenarioException.class);

        // then
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.place()).matches("line \\d+, column \\d+");
        assertThat(e.problem()).startsWith("malformed JSON");
    }

    @Test
    void aValidProfileFileIsLoadedByPath() throws Exception {
        // given
        Path file = write("custom.json", builtInText().replace("\"name\": \"zynq7000\"", "\"name\": \"custom\""));

        // when
        CostProfile p = CostProfile.load(file.toString(), "--profile");

        // then
        assertThat(p.name).isEqualTo("custom");
        assertThat(p.costs()).isEqualTo(CostProfile.load("zynq7000", "test").costs());
    }

    @Test
    void doublingTrapNsRaisesEachPathsOverheadByExactlyTrapNs() throws Exception {
        // given
        long trap = CostProfile.load("zynq7000", "test").cost(Primitive.TRAP);
        Path file = write("slow-trap.json", builtInText()
                .replace("\"name\": \"zynq7000\"", "\"name\": \"slow-trap\"")
                .replaceAll("\"trap_ns\":\\s*\\d+", "\"trap_ns\": " + 2 * trap));
        Summary base = run(ASSIGN_SCENARIO, RunOptions.DEFAULT);

        // when
        Summary slow = run(ASSIGN_SCENARIO, new RunOptions(null, file.toString(), null));

        // then
        assertThat(slow.profile()).isEqualTo("slow-trap");
        for (String path : new String[] {"assign", "assign_reconfig"}) {
            assertThat(slow.path(path).count()).as(path).isEqualTo(1);
            assertThat(slow.path(path).minNs()).as(path).isEqualTo(base.path(path).minNs() + trap);
            assertThat(slow.path(path).meanLatencyNs()).as(path).isEqualTo(base.path(path).meanLatencyNs() + trap);
        }
    }

    @Test
    void aScenarioCanNameAProfileFile() throws Exception {
        // given
        long switchNs = CostProfile.load("zynq7000", "test").cost(Primitive.VM_SWITCH);
        Path file = write("slow-switch.json", builtInText()
                .replaceAll("\"vm_switch_ns\":\\s*\\d+", "\"vm_switch_ns\": " + (switchNs + 100)));
        String json = ASSIGN_SCENARIO.replace("{\"prrs\"", "{\"profile\": \"" + file + "\", \"prrs\"");
        Summary base = run(ASSIGN_SCENARIO, RunOptions.DEFAULT);

        // when
        Summary slow = run(json, RunOptions.DEFAULT);

        // then: the assign path has two switches (to the VDM and back to the guest)
        assertThat(slow.path("assign").minNs()).isEqualTo(base.path("assign").minNs() + 200);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static Summary run(String json, RunOptions options) throws Exception {
        SimulatorComponent sim = Platforms.simulator();
        return sim.run(sim.parse("cost test", json), options, new StringWriter());
    }

    private static String builtInText() throws Exception {
        try (InputStream in = CostProfile.class.getResourceAsStream("profiles/zynq7000.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}

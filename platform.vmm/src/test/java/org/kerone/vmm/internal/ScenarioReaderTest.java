package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Step;
import org.kerone.vmm.Summary;
import org.kerone.vmm.VmSpec;

/**
 * Reading and validating scenarios through the simulator, with the real AES-128 and SHA-256
 * accelerators present: defaults, time units, and a message naming source, place and problem for
 * every bad input.
 */
class ScenarioReaderTest {
    private static final String SOURCE = "test.json";
    private final SimulatorComponent sim = Platforms.simulator();

    private static final String MINIMAL = """
            {
              "prrs": [{"id": "p0", "class": "large"}],
              "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]
            }
            """;

    // --- valid scenarios ---------------------------------------------------------------------------

    @Test
    void aMinimalScenarioGetsTheDefaults() throws Exception {
        // when
        Scenario s = sim.parse(SOURCE, MINIMAL);

        // then
        assertThat(s.name()).isEqualTo(SOURCE);
        assertThat(s.source()).isEqualTo(SOURCE);
        assertThat(s.seed()).isEqualTo(1);
        assertThat(s.profile()).isEqualTo("zynq7000");
        assertThat(s.policy()).isEqualTo("priority");
        assertThat(s.quantumNs()).isEqualTo(1_000_000);
        assertThat(s.horizonNs()).isZero();
        assertThat(s.prrs()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("p0");
            assertThat(p.prrClass()).isEqualTo("large");
        });
        assertThat(s.vms()).containsExactly(new VmSpec(1, 10, List.of(new Step.Compute(1_000_000)), 1, 0));
    }

    @Test
    void readsEveryFieldThatIsGiven() throws Exception {
        // given
        String json = """
                // comments are allowed
                {
                  "name": "full", "description": "all fields", "seed": 99, "profile": "zynq7000",
                  "policy": "builtin", "quantum": "250us", "horizon": "2s",
                  "prrs": [{"id": "p0", "class": "small", "resources": {"lut": 1, "ff": 2, "bram": 3, "dsp": 4}},
                           {"id": "p1", "class": "large"}],
                  "vms": [
                    {"id": 7, "priority": 100, "repeat": 0, "start": "1.5ms", "program": [
                      {"compute": 42},
                      {"use": "aes128", "bytes": 32, "deadline": "250us"},
                      {"use": "sha256", "bytes": 0}
                    ]},
                    {"id": 65535, "priority": 1, "repeat": 3, "program": [{"compute": "7ns"}]}
                  ]
                }
                """;

        // when
        Scenario s = sim.parse(SOURCE, json);

        // then
        assertThat(s.name()).isEqualTo("full");
        assertThat(s.seed()).isEqualTo(99);
        assertThat(s.policy()).isEqualTo("builtin");
        assertThat(s.quantumNs()).isEqualTo(250_000);
        assertThat(s.horizonNs()).isEqualTo(2_000_000_000L);
        assertThat(s.prrs()).hasSize(2);
        assertThat(s.prrs().get(0).resources().toString()).contains("1", "2", "3", "4");
        assertThat(s.vms().get(0)).isEqualTo(new VmSpec(7, 100, List.of(new Step.Compute(42),
                new Step.Use("aes128", 32, 250_000), new Step.Use("sha256", 0, 0)), 0, 1_500_000));
        assertThat(s.vms().get(1)).isEqualTo(new VmSpec(65535, 1, List.of(new Step.Compute(7)), 3, 0));
    }

    @ParameterizedTest(name = "{0} is {1} ns")
    @CsvSource(delimiter = '|', value = {
        "\"250us\"   | 250000",
        "\"1.5ms\"   | 1500000",
        "\"2s\"      | 2000000000",
        "\"0.5s\"    | 500000000",
        "\"17ns\"    | 17",
        "\" 3 ms \"  | 3000000",
        "12345       | 12345",
        "0           | 0",
    })
    void readsTimesWithUnitsOrAsIntegerNanoseconds(String time, long ns) throws Exception {
        // given
        String json = MINIMAL.replace("\"1ms\"", time);

        // when
        Scenario s = sim.parse(SOURCE, json);

        // then
        assertThat(s.vms().get(0).steps()).containsExactly(new Step.Compute(ns));
    }

    // --- refused scenarios -------------------------------------------------------------------------

    @Test
    void refusesAnUnknownTopLevelKey() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}],
                  "colour": "red"
                }
                """;
        assertRefused(json, "colour (line 4, column 13)", "unknown key 'colour'");
    }

    @Test
    void refusesAnUnknownKeyInAPrr() {
        String json = """
                {
                  "prrs": [
                    {"id": "p0", "class": "large", "size": 3}
                  ],
                  "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]
                }
                """;
        assertRefused(json, "prrs[0].size (line 3, column 44)", "unknown key 'size'");
    }

    @Test
    void refusesAnUnknownKeyInAVm() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1, "priority": 10, "prio": 3, "program": [{"compute": "1ms"}]}
                  ]
                }
                """;
        assertRefused(json, "vms[0].prio (line 4, column 39)", "unknown key 'prio'");
    }

    @Test
    void refusesAnUnknownKeyInAStep() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "program": [
                    {"use": "aes128", "bytes": 16, "colour": 1}
                  ]}]
                }
                """;
        assertRefused(json, "vms[0].program[0].colour (line 4, column 46)", "unknown key 'colour'");
    }

    @Test
    void refusesAVmWithoutProgram() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1, "priority": 10}
                  ]
                }
                """;
        assertRefused(json, "vms[0] (line 4, column 5)", "VM 1 has no program");
    }

    @Test
    void refusesAVmWithAnEmptyProgram() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 2, "priority": 10, "program": []}
                  ]
                }
                """;
        assertRefused(json, "vms[0] (line 4, column 5)", "VM 2 has no program");
    }

    @Test
    void refusesADeviceThatFitsNoPrr() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "small"}],
                  "vms": [{"id": 1, "priority": 10, "program": [
                    {"use": "sha256", "bytes": 64}
                  ]}]
                }
                """;
        ScenarioException e = assertRefused(json, "vms[0].program[0].use (line 4, column 13)",
                "device 'sha256' fits no PRR");
        assertThat(e.problem()).contains("large").contains("small");
    }

    @Test
    void refusesBytesTheDeviceRefuses() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "small"}],
                  "vms": [{"id": 1, "priority": 10, "program": [
                    {"use": "aes128", "bytes": 15}
                  ]}]
                }
                """;
        ScenarioException e = assertRefused(json, "vms[0].program[0].use (line 4, column 13)",
                "device 'aes128' refuses a job of 15 bytes");
        assertThat(e.problem()).contains("multiple of 16");
    }

    @Test
    void refusesNegativeBytes() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "small"}],
                  "vms": [{"id": 1, "priority": 10, "program": [
                    {"use": "aes128", "bytes": -16}
                  ]}]
                }
                """;
        assertRefused(json, "vms[0].program[0].bytes (line 4, column 32)", "bytes must be between 0 and 64 MiB, got -16");
    }

    @Test
    void refusesAUseWithoutBytes() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "small"}],
                  "vms": [{"id": 1, "priority": 10, "program": [
                    {"use": "aes128"}
                  ]}]
                }
                """;
        assertRefused(json, "vms[0].program[0] (line 4, column 5)", "missing key 'bytes'");
    }

    @Test
    void refusesANegativeIntegerTime() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "program": [
                    {"compute": -5}
                  ]}]
                }
                """;
        assertRefused(json, "vms[0].program[0].compute (line 4, column 17)", "negative time -5 ns");
    }

    @Test
    void refusesANegativeTimeWithUnit() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1, "priority": 10, "start": "-1ms", "program": [{"compute": "1ms"}]}
                  ]
                }
                """;
        assertRefused(json, "vms[0].start (line 4, column 40)", "negative time -1000000 ns");
    }

    @Test
    void refusesATimeBeyondTheLongestAScenarioMayName() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1, "priority": 10, "start": 9223372036854775000, "program": [{"compute": "1ms"}]}
                  ]
                }
                """;
        assertRefused(json, "vms[0].start (line 4, column 40)",
                "time 9223372036854775000 ns is longer than the 4611686018427387904 ns (about 146 years) a scenario may name");
        assertRefused(MINIMAL.replace("\"1ms\"", "\"4611686018.427387905s\""), "vms[0].program[0].compute (line 3, column 61)",
                "time 4611686018427387905 ns is longer than the 4611686018427387904 ns (about 146 years) a scenario may name");
    }

    @Test
    void acceptsTheLongestTime() throws Exception {
        Scenario s = sim.parse(SOURCE, MINIMAL.replace("\"1ms\"", "4611686018427387904"));
        assertThat(((Step.Compute) s.vms().get(0).steps().get(0)).ns()).isEqualTo(Scenario.MAX_TIME_NS);
    }

    @Test
    void refusesATimeWithAnUnknownUnit() {
        String json = MINIMAL.replace("\"1ms\"", "\"3 minutes\"");
        assertRefused(json, "vms[0].program[0].compute (line 3, column 61)", "'3 minutes' is not a time");
    }

    @Test
    void refusesAZeroQuantum() {
        String json = """
                {
                  "quantum": 0,
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]
                }
                """;
        assertRefused(json, "quantum (line 2, column 14)", "the quantum must be positive");
    }

    @ParameterizedTest
    @CsvSource({"0", "'\"0ms\"'"})
    void refusesAZeroHorizonRatherThanRunningWithoutOne(String horizon) {
        String json = """
                {
                  "horizon": HORIZON,
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]
                }
                """.replace("HORIZON", horizon);
        assertRefused(json, "horizon (line 2, column 14)", "the horizon must be positive");
    }

    @ParameterizedTest
    @CsvSource({"0", "101", "-3"})
    void refusesAPriorityOutsideOneToHundred(String priority) {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1, "priority": PRIO, "program": [{"compute": "1ms"}]}
                  ]
                }
                """.replace("PRIO", priority);
        assertRefused(json, "vms[0].priority (line 4, column 27)", "priority " + priority + " out of range 1..100");
    }

    @Test
    void acceptsTheBoundaryPriorities() throws Exception {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 1, "program": [{"compute": "1ms"}]},
                          {"id": 2, "priority": 100, "program": [{"compute": "1ms"}]}]
                }
                """;
        assertThat(sim.parse(SOURCE, json).vms()).extracting(VmSpec::priority).containsExactly(1, 100);
    }

    @Test
    void refusesAVmIdOutOfRange() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 65536, "priority": 10, "program": [{"compute": "1ms"}]}
                  ]
                }
                """;
        assertRefused(json, "vms[0].id (line 4, column 12)", "VM id 65536 out of range 1..65535");
    }

    @Test
    void refusesADuplicateVmId() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1, "priority": 10, "program": [{"compute": "1ms"}]},
                    {"id": 1, "priority": 20, "program": [{"compute": "1ms"}]}
                  ]
                }
                """;
        assertRefused(json, "vms[1].id (line 5, column 12)", "duplicate VM id 1");
    }

    @Test
    void refusesADuplicatePrrId() {
        String json = """
                {
                  "prrs": [
                    {"id": "p0", "class": "large"},
                    {"id": "p0", "class": "small"}
                  ],
                  "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]
                }
                """;
        assertRefused(json, "prrs[1].id (line 4, column 12)", "duplicate PRR id 'p0'");
    }

    @Test
    void refusesAScenarioWithoutPrrs() {
        String json = """
                {
                  "prrs": [],
                  "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]
                }
                """;
        assertRefused(json, "prrs (line 2, column 11)", "a scenario needs at least one PRR");
    }

    @Test
    void refusesAScenarioWithoutThePrrsKey() {
        String json = """
                {
                  "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]
                }
                """;
        assertRefused(json, "(top) (line 1, column 1)", "missing key 'prrs'");
    }

    @Test
    void refusesAScenarioWithoutVms() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": []
                }
                """;
        assertRefused(json, "vms (line 3, column 10)", "a scenario needs at least one VM");
    }

    @Test
    void malformedJsonIsExplainedWithoutTheParsersInternals() {
        // an array closed by '}': Jackson's message names where the array started, in its own words
        ScenarioException e = refused("{\"name\":\"b\", \"prrs\": [ }");
        assertThat(e.place()).isEqualTo("line 1, column 24");
        assertThat(e.problem()).isEqualTo("malformed JSON: Unexpected close marker '}': expected ']'"
                + " (for Array starting at line 1, column 22)");
    }

    @Test
    void refusesMalformedJsonNamingLineAndColumn() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1 "priority": 10, "program": [{"compute": "1ms"}]}]
                }
                """;
        ScenarioException e = refused(json);
        assertThat(e.source()).isEqualTo(SOURCE);
        assertThat(e.place()).isEqualTo("line 3, column 20");
        assertThat(e.problem()).startsWith("malformed JSON: ").contains("expecting comma");
        assertThat(e.getMessage()).isEqualTo(SOURCE + ": line 3, column 20: " + e.problem());
    }

    @Test
    void refusesAnEmptyDocument() {
        ScenarioException e = refused("  \n");
        assertThat(e.getMessage()).isEqualTo(SOURCE + ": (top): the document is empty");
    }

    @Test
    void refusesContentAfterTheDocument() {
        ScenarioException e = refused(MINIMAL + "{}\n");
        assertThat(e.place()).isEqualTo("line 5, column 1");
        assertThat(e.problem()).isEqualTo("unexpected content after the document");
    }

    @Test
    void refusesADuplicateKey() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "priority": 20, "program": [{"compute": "1ms"}]}]
                }
                """;
        assertRefused(json, "vms[0].priority (line 3, column 37)", "duplicate key 'priority'");
    }

    @Test
    void refusesAStepThatIsNeitherComputeNorUse() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "program": [
                    {"sleep": "1ms"}
                  ]}]
                }
                """;
        ScenarioException e = assertRefused(json, "vms[0].program[0] (line 4, column 5)",
                "a program step is {\"compute\": TIME} or {\"use\": DEVICE, \"bytes\": N}");
        assertThat(e.problem()).contains("[sleep]");
    }

    @Test
    void refusesAStepWithBothComputeAndUse() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "program": [
                    {"compute": "1ms", "use": "aes128"}
                  ]}]
                }
                """;
        assertRefused(json, "vms[0].program[0].use (line 4, column 31)", "unknown key 'use' (allowed: compute)");
    }

    @Test
    void refusesRepeatZeroWithoutHorizon() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1, "priority": 10, "repeat": 0, "program": [{"compute": "1ms"}]}
                  ]
                }
                """;
        assertRefused(json, "vms[0].repeat (line 4, column 41)", "repeat 0 runs until the horizon, but the scenario sets no 'horizon'");
    }

    @Test
    void refusesANegativeRepeat() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1, "priority": 10, "repeat": -1, "program": [{"compute": "1ms"}]}
                  ]
                }
                """;
        assertRefused(json, "vms[0].repeat (line 4, column 41)", "repeat must be 0 (until the horizon) or a positive count, got -1");
    }

    @Test
    void refusesAStringWhereAnIntegerIsExpected() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1, "priority": "high", "program": [{"compute": "1ms"}]}
                  ]
                }
                """;
        assertRefused(json, "vms[0].priority (line 4, column 27)", "expected an integer, found the string \"high\"");
    }

    @Test
    void refusesAFractionWhereAnIntegerIsExpected() {
        String json = """
                {
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [
                    {"id": 1.5, "priority": 10, "program": [{"compute": "1ms"}]}
                  ]
                }
                """;
        assertRefused(json, "vms[0].id (line 4, column 12)", "expected an integer, found 1.5");
    }

    @Test
    void refusesAnIntegerWhereAStringIsExpected() {
        String json = """
                {
                  "prrs": [{"id": 0, "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]
                }
                """;
        assertRefused(json, "prrs[0].id (line 2, column 19)", "expected a string, found 0");
    }

    @Test
    void refusesAnObjectWhereAnArrayIsExpected() {
        String json = """
                {
                  "prrs": {"id": "p0", "class": "large"},
                  "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]
                }
                """;
        assertRefused(json, "prrs (line 2, column 11)", "expected an array, found an object");
    }

    @Test
    void refusesATopLevelThatIsNotAnObject() {
        assertRefused("[1, 2]", "(top) (line 1, column 1)", "expected an object, found an array");
    }

    @Test
    void refusesABooleanTime() {
        String json = MINIMAL.replace("\"1ms\"", "true");
        assertRefused(json, "vms[0].program[0].compute (line 3, column 61)", "expected a time, found true");
    }

    // --- a device that is not installed --------------------------------------------------------

    private static final String ABSENT_DEVICE = """
            {
              "prrs": [{"id": "p0", "class": "large"}],
              "vms": [
                {"id": 1, "priority": 10, "program": [{"compute": "10us"}, {"use": "xyz", "bytes": 15}, {"compute": "10us"}]},
                {"id": 2, "priority": 20, "program": [{"compute": "10us"}, {"use": "aes128", "bytes": 64}]}
              ]
            }
            """;

    @Test
    void acceptsAProgramNamingADeviceThatIsNotInstalled() throws Exception {
        // when
        Scenario s = sim.parse(SOURCE, ABSENT_DEVICE);

        // then: any size is accepted, no accelerator being there to refuse it
        assertThat(s.vms().get(0).steps()).contains(new Step.Use("xyz", 15, 0));
    }

    @Test
    void aRequestForADeviceThatIsNotInstalledFailsAtRunTimeWhileOthersAreServed() throws Exception {
        // given
        Scenario s = sim.parse(SOURCE, ABSENT_DEVICE);
        StringWriter trace = new StringWriter();

        // when
        Summary summary = sim.run(s, RunOptions.DEFAULT, trace);

        // then
        List<String> lines = trace.toString().lines().toList();
        assertThat(lines).filteredOn(l -> l.contains("\"ev\":\"failed\""))
                .singleElement().satisfies(l -> {
                    assertThat(l).contains("\"vm\":1");
                    assertThat(l).contains("\"reason\":\"no such device 'xyz'\"");
                });
        assertThat(lines).filteredOn(l -> l.contains("\"ev\":\"served\"")).singleElement()
                .satisfies(l -> assertThat(l).contains("\"vm\":2"));
        assertThat(lines).filteredOn(l -> l.contains("\"ev\":\"job_done\"")).singleElement()
                .satisfies(l -> assertThat(l).contains("\"vm\":2"));
        assertThat(lines).filteredOn(l -> l.contains("\"ev\":\"vm_end\"")).hasSize(2);
        assertThat(summary.requests()).isEqualTo(2);
        assertThat(summary.served()).isEqualTo(1);
        assertThat(summary.failed()).containsExactly(java.util.Map.entry("no such device 'xyz'", 1L));
        assertThat(summary.failedTotal()).isEqualTo(1);
        assertThat(summary.jobs()).isEqualTo(1);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private ScenarioException refused(String json) {
        ScenarioException e = catchThrowableOfType(() -> sim.parse(SOURCE, json), ScenarioException.class);
        assertThat(e).as("parsing should be refused").isNotNull();
        return e;
    }

    /** Asserts the refusal names the source, the exact place (path, line, column) and the problem. */
    private ScenarioException assertRefused(String json, String place, String problemStart) {
        ScenarioException e = refused(json);
        assertThat(e.source()).isEqualTo(SOURCE);
        assertThat(e.place()).isEqualTo(place);
        assertThat(e.problem()).startsWith(problemStart);
        assertThat(e.getMessage()).isEqualTo(SOURCE + ": " + place + ": " + e.problem());
        return e;
    }

    // --- scenario files ----------------------------------------------------------------------------

    @Test
    void aScenarioFileThatIsAFolderOrNotUtf8IsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        ScenarioException folder = catchThrowableOfType(() -> sim.load(dir), ScenarioException.class);
        assertThat(folder).hasMessage(dir + ": (file): is a directory");

        Path latin1 = Files.write(dir.resolve("s.json"), new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'});
        ScenarioException binary = catchThrowableOfType(() -> sim.load(latin1), ScenarioException.class);
        assertThat(binary).hasMessage(latin1 + ": (file): not UTF-8 text");
    }

    @Test
    void aScenarioFileMayStartWithAByteOrderMark(@TempDir Path dir) throws Exception {
        byte[] json = MINIMAL.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        Path file = Files.write(dir.resolve("bom.json"), withBom);

        assertThat(sim.load(file)).isEqualTo(sim.parse(file.toString(), MINIMAL));
    }

    // --- workloads -----------------------------------------------------------------------------------

    private static String workload(String arrival) {
        return """
                {
                  "horizon": "100ms",
                  "prrs": [{"id": "p0", "class": "large"}],
                  "vms": [{"id": 1, "priority": 10, "workload": {%s, "devices": {"sha256": 1}, "bytes": 4096}}]
                }
                """.formatted(arrival);
    }

    @Test
    void jobsArrivingFasterThanTheVmCanServeEvenTheFastestAreRefused() {
        // a 4096-byte SHA-256 job takes 65 blocks of the device's cycles: far more than 1 ns or 1e9 jobs a second
        ScenarioException periodic = assertRefused(workload("\"arrival\": \"periodic\", \"period\": \"1ns\""),
                "vms[0].workload.period (line 4, column 83)", "jobs arriving every 1 ns outpace the fastest this VM can serve one (");
        assertThat(periodic.problem()).endsWith("'sha256' on 4096 bytes without reconfiguration): its backlog would grow without bound");
        assertRefused(workload("\"arrival\": \"poisson\", \"rate\": 1e9"),
                "vms[0].workload.rate (line 4, column 80)", "jobs arriving on average every 1 ns outpace the fastest");
    }

    @Test
    void aSizeRangeUpsideDownNamesItsKeys() {
        assertRefused(workload("\"arrival\": \"periodic\", \"period\": \"1ms\"").replace("\"bytes\": 4096",
                "\"bytes\": {\"dist\": \"uniform\", \"min\": 5000, \"max\": 10}"),
                "vms[0].workload.bytes (line 4, column 125)", "min 5000 is above max 10");
        assertRefused(workload("\"arrival\": \"periodic\", \"period\": \"1ms\"").replace("\"bytes\": 4096",
                "\"bytes\": {\"dist\": \"exponential\", \"mean\": 5000, \"max\": 10}"),
                "vms[0].workload.bytes (line 4, column 125)", "mean 5000 is above max 10");
    }

    @Test
    void jobsArrivingSlowerThanTheFastestJobAreTaken() throws Exception {
        Scenario s = sim.parse(SOURCE, workload("\"arrival\": \"periodic\", \"period\": \"1ms\""));
        assertThat(s.vms().get(0).workload().meanGapNs()).isEqualTo(1_000_000);
    }

    // --- PRR names -----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'a b'        | 'a b' is not a PRR name",
        "''           | '' is not a PRR name",
        "'p/0'        | 'p/0' is not a PRR name",
        "'p012345678901234567890123456789012' | 'p012345678901234567890123456789012' is not a PRR name"})
    void aPrrIdMustBeANameAsInALiveConfiguration(String id, String problem) {
        assertRefused(MINIMAL.replace("\"p0\"", "\"" + id + "\""), "prrs[0].id (line 2, column 19)", problem);
    }

    @Test
    void aPrrIdMayUseLettersDigitsDotsDashesAndUnderscores() throws Exception {
        Scenario s = sim.parse(SOURCE, MINIMAL.replace("\"p0\"", "\"Fab-0.left_1\""));
        assertThat(s.prrs().get(0).id()).isEqualTo("Fab-0.left_1");
    }

    @Test
    void aPrrClassMustNotBeEmpty() {
        assertRefused(MINIMAL.replace("\"large\"", "\" \""), "prrs[0].class (line 2, column 34)", "the class is empty");
    }

    // --- sizes -------------------------------------------------------------------------------------

    private static String manyVms(int count, String program) {
        StringBuilder b = new StringBuilder("{\"prrs\": [{\"id\": \"p0\", \"class\": \"large\"}], \"vms\": [");
        for (int id = 1; id <= count; id++) {
            b.append(id == 1 ? "" : ",").append("{\"id\": ").append(id).append(", \"priority\": 10, \"program\": ").append(program).append('}');
        }
        return b.append("]}").toString();
    }

    @Test
    void theLargestNumberOfVmsGetsRamAndInterfacesInside32BitPhysicalAddresses() throws Exception {
        // given every VM id there can be, with the six accelerators of the repository
        SimulatorComponent full = Platforms.full();
        Scenario s = full.parse(SOURCE, manyVms(VmSpec.MAX_ID, "[{\"compute\": \"1us\"}]"));

        // when the machine is built, then every page maps (the highest VM's RAM and IFs included)
        Machine m = full.prepare(s, RunOptions.DEFAULT, null);
        assertThat(m.guests).hasSize(VmSpec.MAX_ID);
    }

    @Test
    void moreInterfacesThanTheIfWindowHoldsAreRefusedBeforeAnythingRuns() throws Exception {
        // given 60000 VMs naming three devices besides the six installed: 540000 IFs
        SimulatorComponent full = Platforms.full();
        Scenario s = full.parse(SOURCE, manyVms(60_000, "[{\"use\": \"x1\", \"bytes\": 16}, {\"use\": \"x2\", \"bytes\": 16},"
                + " {\"use\": \"x3\", \"bytes\": 16}]"));

        // when
        ScenarioException e = catchThrowableOfType(() -> full.run(s, RunOptions.DEFAULT, null), ScenarioException.class);

        // then
        assertThat(e).hasMessage(SOURCE + ": vms: 60000 VMs with 9 devices each need 540000 PR interfaces, more than the 524288"
                + " the IF window holds");
    }
}

package org.kerone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Simulator;
import org.kerone.vmm.Summary;

class CommandTest {
    private final FakeSimulator simulator = new FakeSimulator();
    private final FakeLive live = new FakeLive();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void runsTheDefaultScenarioAndPrintsTheTable() {
        int status = run();

        assertThat(status).isZero();
        assertThat(simulator.ran).isEqualTo(FakeSimulator.DEFAULT);
        assertThat(simulator.options).isEqualTo(RunOptions.DEFAULT);
        assertThat(stdout()).isEqualTo("table of default\n");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void passesSeedProfileAndTraceToTheRun() {
        Path trace = dir.resolve("t.jsonl");

        int status = run("--seed", "7", "--profile", "fast", "--trace", trace.toString());

        assertThat(status).isZero();
        assertThat(simulator.options).isEqualTo(new RunOptions(7L, "fast", trace));
    }

    @Test
    void loadsTheScenarioFile() throws Exception {
        Path file = Files.writeString(dir.resolve("s.json"), "{}");

        int status = run("--scenario", file.toString());

        assertThat(status).isZero();
        assertThat(simulator.ran.source()).isEqualTo(file.toString());
        assertThat(stdout()).isEqualTo("table of loaded\n");
    }

    @Test
    void writesTheJsonReport() throws Exception {
        Path report = dir.resolve("r.json");

        int status = run("--report", report.toString());

        assertThat(status).isZero();
        assertThat(Files.readString(report)).isEqualTo("{\"scenario\":\"default\"}");
    }

    @Test
    void helpPrintsUsageAndRunsNothing() {
        int status = run("--help");

        assertThat(status).isZero();
        assertThat(stdout()).startsWith("Usage: ");
        assertThat(simulator.ran).isNull();
    }

    @Test
    void unknownOptionIsOneLineAndStatusTwo() {
        int status = run("--frobnicate");

        assertThat(status).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: unknown option --frobnicate (try --help)\n");
        assertThat(stdout()).isEmpty();
        assertThat(simulator.ran).isNull();
    }

    @Test
    void missingValueIsStatusTwo() {
        assertThat(run("--report")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: option --report needs a value\n");
    }

    @Test
    void nonNumericSeedIsStatusTwo() {
        assertThat(run("--seed", "many")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: --seed needs a whole number, not many\n");
    }

    @Test
    void invalidScenarioIsOneLineAndStatusTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{}");
        simulator.loadFailure = new ScenarioException(file.toString(), "$.vms[0]", "priority 0 is out of\n1..100");

        int status = run("--scenario", file.toString());

        assertThat(status).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: " + file + ": $.vms[0]: priority 0 is out of 1..100\n");
    }

    @Test
    void scenarioRejectedByTheRunIsStatusTwo() {
        simulator.runFailure = new ScenarioException("default", "profile", "no profile named slow");

        assertThat(run("--profile", "slow")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: default: profile: no profile named slow\n");
    }

    @Test
    void missingScenarioFileIsStatusTwo() {
        Path file = dir.resolve("nope.json");

        assertThat(run("--scenario", file.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: " + file + ": no such file or directory\n");
    }

    @Test
    void unwritableReportIsStatusTwo() {
        Path report = dir.resolve("missing-dir").resolve("r.json");

        assertThat(run("--report", report.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: " + report + ": no such file or directory\n");
        assertThat(simulator.ran).as("nothing runs").isNull();
    }

    @Test
    void reportToADirectoryIsStatusTwoBeforeAnythingRuns() {
        assertThat(run("--report", dir.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: " + dir + ": is a directory\n");
        assertThat(simulator.ran).as("nothing runs").isNull();
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aTraceFileThatCannotBeWrittenIsStatusOneWithOneLineNamingIt() {
        Path trace = dir.resolve("t.jsonl");
        // as the trace's background writer reports it: the system's reason wrapped twice
        java.io.IOException reason = new java.io.IOException("No space left on device");
        simulator.bug = new java.io.UncheckedIOException("cannot write the trace",
                new java.io.IOException("cannot write the trace: No space left on device", reason));

        int status = run("--trace", trace.toString());

        assertThat(status).isEqualTo(1);
        assertThat(stderr()).isEqualTo("kerone: " + trace + ": cannot write the trace: No space left on device\n");
    }

    @Test
    void unexpectedExceptionIsStatusOneWithStackTrace() {
        simulator.bug = new IllegalStateException("event queue corrupt");

        int status = run();

        assertThat(status).isEqualTo(1);
        assertThat(stderr()).startsWith("java.lang.IllegalStateException: event queue corrupt")
                .contains("\tat org.kerone.cli.");
    }

    @Test
    void compareHandsTheScenarioAndOptionsToTheComparisonAndPrintsItsTable() {
        List<CompareOptions> seen = new java.util.ArrayList<>();
        Command command = new Command(simulator, live, (scenario, options) -> {
            seen.add(options);
            return "the table of " + scenario.name();
        }, print(out), print(err));

        int status = command.run(List.of("compare", "--policies", "priority,fcfs", "--seeds", "3", "--out", "o"));

        assertThat(status).isEqualTo(0);
        assertThat(stdout()).isEqualTo("the table of default\n");
        assertThat(seen).singleElement().satisfies(o -> {
            assertThat(o.policies()).containsExactly("priority", "fcfs");
            assertThat(o.seeds()).isEqualTo(3);
            assertThat(o.out()).isEqualTo(java.nio.file.Path.of("o"));
        });
    }

    @Test
    void compareToAnOutputFolderThatIsAFileSaysSo() {
        Command command = new Command(simulator, live, (scenario, options) -> {
            throw new java.nio.file.FileAlreadyExistsException(options.out().toString());
        }, print(out), print(err));

        assertThat(command.run(List.of("compare", "--policies", "priority", "--out", "/etc/passwd"))).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: /etc/passwd: exists and is not a folder\n");
    }

    @Test
    void compareRefusesBadInputWithOneLineAndExitTwoBeforeAnythingRuns() {
        Command command = new Command(simulator, live, (scenario, options) -> {
            throw new IllegalArgumentException("policies[1]: unknown policy 'edf' (available: fcfs, priority, builtin)");
        }, print(out), print(err));

        assertThat(command.run(List.of("compare", "--policies", "priority,edf"))).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: compare: policies[1]: unknown policy 'edf' (available: fcfs, priority, builtin)\n");
        assertThat(command.run(List.of("compare"))).isEqualTo(2);
        assertThat(command.run(List.of("compare", "--policies", "priority", "--seeds", "many"))).isEqualTo(2);
        assertThat(stderr()).contains("kerone: compare: --policies is required", "kerone: compare: --seeds needs a whole number, not many");
        assertThat(simulator.ran).isNull();
    }

    @Test
    void compareWithAProfileThatCannotBeLoadedNamesTheOptionAndRunsNothing() {
        simulator.profileFailure = new ScenarioException("--profile", "profile", "unknown profile 'nosuch' (built-in: zynq7000)");
        List<CompareOptions> seen = new java.util.ArrayList<>();
        Command command = new Command(simulator, live, (scenario, options) -> {
            seen.add(options);
            throw new ScenarioException(scenario.source(), "profile", "unknown profile '" + scenario.profile() + "'");
        }, print(out), print(err));

        int status = command.run(List.of("compare", "--policies", "priority", "--profile", "nosuch"));

        assertThat(status).isEqualTo(2);
        assertThat(simulator.checkedProfile).isEqualTo("nosuch");
        assertThat(stderr()).isEqualTo("kerone: --profile: profile: unknown profile 'nosuch' (built-in: zynq7000)\n");
        assertThat(seen).isEmpty();
    }

    @Test
    void liveWithAnUnwritableTraceIsStatusTwoAndNothingStarts() {
        Path trace = dir.resolve("missing-dir").resolve("t.jsonl");

        int status = new Command(simulator, live, print(out), print(err)).run(List.of("--live", "--trace", trace.toString()));

        assertThat(status).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: " + trace + ": no such file or directory\n");
        assertThat(live.options).isNull();
    }

    @Test
    void liveHandsTheScenarioWithTheCommandLineSeedAndProfileToTheLiveMode() {
        int status = new Command(simulator, live, print(out), print(err))
                .run(List.of("--live", "--seed", "9", "--profile", "fast", "--speed", "50"));

        assertThat(status).isEqualTo(0);
        assertThat(live.scenario.name()).isEqualTo("default");
        assertThat(live.scenario.seed()).isEqualTo(9L);
        assertThat(live.scenario.profile()).isEqualTo("fast");
        assertThat(live.options.speed()).isEqualTo(50.0);
        assertThat(simulator.ran).isNull();
    }

    @Test
    void liveWithAProfileThatCannotBeLoadedIsStatusTwoAndNothingStarts() {
        simulator.profileFailure = new ScenarioException("--profile", "profile", "unknown profile 'nosuch' (built-in: zynq7000)");

        int status = new Command(simulator, live, print(out), print(err)).run(List.of("--live", "--profile", "nosuch"));

        assertThat(status).isEqualTo(2);
        assertThat(simulator.checkedProfile).isEqualTo("nosuch");
        assertThat(stderr()).isEqualTo("kerone: --profile: profile: unknown profile 'nosuch' (built-in: zynq7000)\n");
        assertThat(live.scenario).isNull();
        assertThat(live.options).isNull();
    }

    @Test
    void liveLoadsTheScenarioFileFirst() throws Exception {
        Path file = Files.writeString(dir.resolve("s.json"), "{}");

        new Command(simulator, live, print(out), print(err)).run(List.of("--live", "--scenario", file.toString()));

        assertThat(live.scenario.name()).isEqualTo("loaded");
    }

    @Test
    void anInvalidScenarioStartsNoLivePlatform() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{}");
        simulator.loadFailure = new ScenarioException(file.toString(), "$.prrs", "no PRR");

        int status = new Command(simulator, live, print(out), print(err)).run(List.of("--live", "--scenario", file.toString()));

        assertThat(status).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: " + file + ": $.prrs: no PRR\n");
        assertThat(live.scenario).isNull();
    }

    @Test
    void speedZeroIsOneLineAndStatusTwo() {
        assertThat(new Command(simulator, live, print(out), print(err)).run(List.of("--live", "--speed", "0"))).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: --speed needs a positive number, not 0\n");
        assertThat(live.scenario).isNull();
    }

    @Test
    void speedThatIsNoNumberIsOneLineAndStatusTwo() {
        assertThat(new Command(simulator, live, print(out), print(err)).run(List.of("--live", "--speed", "abc"))).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: --speed needs a positive number, not abc\n");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void speedWithoutLiveIsStatusTwoAndRunsNothing() {
        assertThat(run("--speed", "10")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("kerone: option --speed needs --live\n");
        assertThat(simulator.ran).isNull();
    }

    @Test
    void theExitStatusOfTheLiveModeIsTheCommandStatus() {
        live.status = 1;

        assertThat(new Command(simulator, live, print(out), print(err)).run(List.of("--live"))).isEqualTo(1);
    }

    /** Records the scenario and options it was started with. */
    private static final class FakeLive implements Command.LiveMode {
        Scenario scenario;
        Options options;
        int status;

        @Override
        public int run(Scenario scenario, Options options) {
            this.scenario = scenario;
            this.options = options;
            return status;
        }
    }

    private int run(String... args) {
        return new Command(simulator, print(out), print(err)).run(List.of(args));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Records what it was asked to run; fails where told to. */
    private static final class FakeSimulator implements Simulator {
        static final Scenario DEFAULT = scenario("default", "built-in");

        Scenario ran;
        RunOptions options;
        ScenarioException loadFailure;
        ScenarioException runFailure;
        ScenarioException profileFailure;
        String checkedProfile;
        RuntimeException bug;

        @Override
        public Scenario defaultScenario() {
            return DEFAULT;
        }

        @Override
        public Scenario load(Path file) throws ScenarioException, java.io.IOException {
            Files.readString(file);
            if (loadFailure != null) {
                throw loadFailure;
            }
            return scenario("loaded", file.toString());
        }

        @Override
        public Scenario parse(String source, String json) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkProfile(Scenario scenario, RunOptions runOptions) throws ScenarioException {
            checkedProfile = runOptions.profile() != null ? runOptions.profile() : scenario.profile();
            if (profileFailure != null) {
                throw profileFailure;
            }
        }

        @Override
        public Summary run(Scenario scenario, RunOptions runOptions) throws ScenarioException {
            if (bug != null) {
                throw bug;
            }
            if (runFailure != null) {
                throw runFailure;
            }
            ran = scenario;
            options = runOptions;
            return new Summary(scenario.name(), 1, "zynq7000", "priority", 0, List.of(), 0, 0, Map.of(), 0, 0, 0, 0);
        }

        @Override
        public Summary run(Scenario scenario, RunOptions runOptions, Writer trace) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String table(Summary summary) {
            return "table of " + summary.scenario();
        }

        @Override
        public String json(Summary summary) {
            return "{\"scenario\":\"" + summary.scenario() + "\"}";
        }

        private static Scenario scenario(String name, String source) {
            return new Scenario(name, source, 1, "zynq7000", "priority", 1000, 0, List.of(), List.of());
        }
    }
}

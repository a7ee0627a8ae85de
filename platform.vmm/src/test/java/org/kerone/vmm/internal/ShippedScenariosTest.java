package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;

/** The example scenarios under scenarios/ run with the invariants checked after every event. */
class ShippedScenariosTest {

    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({"paper, priority", "contention, priority", "deadline, priority"})
    void runsWithInvariants(String name, String policy) throws Exception {
        SimulatorComponent sim = Platforms.full();
        Path file = Path.of("..", "scenarios", name + ".json");
        Scenario scenario = sim.parse(file.toString(), Files.readString(file)).withPolicy(policy);
        long start = System.nanoTime();
        TraceRun run = TraceRun.of(sim, scenario, RunOptions.DEFAULT);
        System.out.printf("%s/%s: %d requests, %d arrivals, %.1f s wall%n%s%n", name, policy, run.summary.requests(),
                run.events("job_arrival").size(), (System.nanoTime() - start) / 1e9, sim.table(run.summary));
        assertThat(run.summary.served()).isPositive();
        assertThat(run.events("job_arrival")).isNotEmpty();
        assertThat(run.summary.served() + run.summary.failedTotal()).isEqualTo(run.summary.requests());
    }

    /** README.md's "What the main job prints" is, line for line, what the built-in default scenario prints. */
    @Test
    void readmeShowsWhatTheDefaultRunPrints() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## What the main job prints");
        int start = readme.indexOf("```\n", section) + 4;
        int end = readme.indexOf("```", start);
        assertThat(section).isNotNegative();
        SimulatorComponent sim = Platforms.full();
        String printed = sim.table(sim.run(sim.defaultScenario(), RunOptions.DEFAULT)).replace(System.lineSeparator(), "\n");
        assertThat(printed.strip()).isEqualTo(readme.substring(start, end).strip());
    }

    /** The scenario of README.md's "Scenario format" (its first json block) is a valid scenario and runs. */
    @Test
    void readmeExampleRuns() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```json\n");
        int end = readme.indexOf("```", start + 8);
        assertThat(start).isNotNegative();
        String json = readme.substring(start + 8, end);
        SimulatorComponent sim = Platforms.full();
        Scenario scenario = sim.parse("README.md", json);
        assertThat(scenario.name()).isEqualTo("example");
        TraceRun run = TraceRun.of(sim, scenario, RunOptions.DEFAULT);
        assertThat(run.summary.served()).isPositive();
    }
}

package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.Summary;

/**
 * With the trace off nothing reads the jobs' results, so the guests neither fill inputs nor the
 * accelerators compute outputs; the jobs are timed exactly as before and the summary is the same.
 */
class ComputeResultsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paper", "contention", "deadline"})
    void withTheTraceOffTheSummaryIsThatOfTheRunThatComputedEveryResult(String name) throws Exception {
        // given
        SimulatorComponent sim = Platforms.full();
        Path file = Path.of("..", "scenarios", name + ".json");
        Scenario scenario = sim.parse(file.toString(), Files.readString(file)).withPolicy("priority");
        Machine traced = sim.prepare(scenario, RunOptions.DEFAULT, new StringWriter());
        Machine untraced = sim.prepare(scenario, RunOptions.DEFAULT, null);
        boolean[] inputSeen = {false, false};
        traced.kernel.observe(() -> inputSeen[0] |= anyInput(traced));
        untraced.kernel.observe(() -> inputSeen[1] |= anyInput(untraced));

        // when
        traced.run();
        untraced.run();

        // then: the traced run computed results, the other none, and both summaries agree but for the trace's size
        assertThat(traced.computeResults).isTrue();
        assertThat(untraced.computeResults).isFalse();
        assertThat(inputSeen[0]).isTrue();
        assertThat(inputSeen[1]).isFalse();
        Summary with = SimulatorComponent.summary(traced);
        Summary without = SimulatorComponent.summary(untraced);
        assertThat(with.events()).isPositive();
        assertThat(without.jobs()).isPositive();
        assertThat(withoutTraceSize(without)).isEqualTo(withoutTraceSize(with));
    }

    @Test
    void aLivePlatformComputesResultsWhateverItsTrace() throws Exception {
        // given: a machine without a trace
        SimulatorComponent sim = Platforms.simulator();
        Machine m = sim.prepare(sim.parse("one", """
                {"prrs": [{"id": "p0", "class": "large"}], "vms": [{"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 64}]}]}
                """), RunOptions.DEFAULT, null);
        boolean[] inputSeen = {false};
        m.kernel.observe(() -> inputSeen[0] |= anyInput(m));

        // when it goes live
        m.goLive();
        m.run();

        // then its guests fill their inputs
        assertThat(m.computeResults).isTrue();
        assertThat(inputSeen[0]).isTrue();
        assertThat(m.stats.jobs).isEqualTo(1);
    }

    private static boolean anyInput(Machine m) {
        return m.guests.stream().anyMatch(g -> g.input != null || g.output != null);
    }

    private static Summary withoutTraceSize(Summary s) {
        return new Summary(s.scenario(), s.seed(), s.profile(), s.policy(), s.endNs(), s.paths(), s.requests(), s.served(),
                s.failed(), s.jobs(), s.reconfigurations(), s.preemptions(), 0);
    }
}

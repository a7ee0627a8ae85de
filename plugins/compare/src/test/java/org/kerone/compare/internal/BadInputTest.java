package org.kerone.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Simulator;
import org.kerone.vmm.Summary;
import org.kerone.vmm.internal.TestPlatform;

/**
 * Bad arguments are refused with the place and the problem, before any scenario runs and before
 * any file is written: an unknown policy (listing the available ones), a policy named twice or
 * blank, no policies, a seed count below 1.
 */
class BadInputTest {
    @TempDir
    Path tmp;
    Path out;
    Scenario scenario;
    /** The simulator, counting the runs of a scenario with VMs (the policy check runs one without). */
    CountingSimulator simulator;
    ComparisonComponent comparison;

    @BeforeEach
    void setUp() throws Exception {
        simulator = new CountingSimulator(TestPlatform.simulator());
        scenario = simulator.parse("tiny.json", ComparisonTest.SCENARIO);
        comparison = new ComparisonComponent(simulator);
        out = tmp.resolve("out");
    }

    @Test
    void anUnknownPolicyIsNamedWithItsPlaceAndTheAvailableOnes() {
        assertThatThrownBy(() -> comparison.compare(scenario, List.of("priority", "edf"), 2, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policies[1]: unknown policy 'edf' (available: fcfs, priority, builtin)");
        nothingRan();
    }

    @Test
    void theBuiltinPolicyIsAvailable() throws Exception {
        assertThat(comparison.compare(scenario, List.of("builtin"), 1, out).totals()).hasSize(1);
        assertThat(simulator.runs).containsExactly("builtin");
    }

    @Test
    void aPolicyNamedTwiceIsRefused() {
        assertThatThrownBy(() -> comparison.compare(scenario, List.of("fcfs", "priority", "fcfs"), 2, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("policies[2]: policy 'fcfs' is named twice");
        nothingRan();
    }

    @Test
    void aBlankPolicyNameIsRefused() {
        assertThatThrownBy(() -> comparison.compare(scenario, List.of(" "), 2, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("policies[0]: empty policy name");
        nothingRan();
    }

    @Test
    void noPoliciesAreRefused() {
        assertThatThrownBy(() -> comparison.compare(scenario, List.of(), 2, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("policies: no policy given; name at least one");
        nothingRan();
    }

    @Test
    void zeroOrNegativeSeedsAreRefused() {
        assertThatThrownBy(() -> comparison.compare(scenario, List.of("fcfs"), 0, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("seeds: must be at least 1, got 0");
        assertThatThrownBy(() -> comparison.compare(scenario, List.of("fcfs"), -3, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("seeds: must be at least 1, got -3");
        nothingRan();
    }

    @Test
    void anOutputPathThatIsAFileIsAnIoError() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> comparison.compare(scenario, List.of("fcfs"), 1, file)).isInstanceOf(IOException.class);
        assertThat(simulator.runs).as("refused before any run").isEmpty();
    }

    private void nothingRan() {
        assertThat(simulator.runs).isEmpty();
        assertThat(out).doesNotExist();
    }

    /** A Simulator that counts the runs of scenarios with VMs, by policy. */
    static final class CountingSimulator implements Simulator {
        final Simulator delegate;
        final List<String> runs = new ArrayList<>();

        CountingSimulator(Simulator delegate) {
            this.delegate = delegate;
        }

        @Override
        public Scenario defaultScenario() {
            return delegate.defaultScenario();
        }

        @Override
        public Scenario load(Path file) throws ScenarioException, IOException {
            return delegate.load(file);
        }

        @Override
        public Scenario parse(String source, String json) throws ScenarioException {
            return delegate.parse(source, json);
        }

        @Override
        public void checkProfile(Scenario scenario, RunOptions options) throws ScenarioException {
            delegate.checkProfile(scenario, options);
        }

        @Override
        public Summary run(Scenario scenario, RunOptions options) throws ScenarioException, IOException {
            return run(scenario, options, null);
        }

        @Override
        public Summary run(Scenario scenario, RunOptions options, Writer trace) throws ScenarioException, IOException {
            if (!scenario.vms().isEmpty()) {
                runs.add(scenario.policy());
            }
            return delegate.run(scenario, options, trace);
        }

        @Override
        public String table(Summary summary) {
            return delegate.table(summary);
        }

        @Override
        public String json(Summary summary) {
            return delegate.json(summary);
        }
    }
}

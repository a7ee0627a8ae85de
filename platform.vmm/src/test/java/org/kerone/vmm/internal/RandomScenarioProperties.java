package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;

/**
 * Random scenarios (VM count, priorities, PRR count and classes, devices, programs, seeds): the
 * invariants hold after every event, every request ends exactly once, and the same scenario and
 * seed give a byte-identical trace.
 */
class RandomScenarioProperties {

    @Property(tries = 60)
    void invariantsHoldAndTracesRepeat(@ForAll("scenarios") String json, @ForAll long seed) throws Exception {
        SimulatorComponent sim = Platforms.simulator();
        Scenario scenario = sim.parse("random", json);
        RunOptions options = new RunOptions(seed, null, null);
        TraceRun first = TraceRun.of(sim, scenario, options);
        TraceRun second = TraceRun.of(Platforms.simulator(), scenario, options);
        assertThat(second.text).isEqualTo(first.text);
        assertThat(first.summary.served() + first.summary.failedTotal()).isEqualTo(first.summary.requests());
        assertThat(first.events("served").size() + first.events("failed").size()).isEqualTo((int) first.summary.requests());
    }

    @Provide
    Arbitrary<String> scenarios() {
        Arbitrary<List<String>> prrs = Arbitraries.of("small", "large").list().ofMinSize(0).ofMaxSize(3)
                .map(extra -> {
                    List<String> all = new ArrayList<>();
                    all.add("large");
                    all.addAll(extra);
                    return all;
                });
        Arbitrary<String> step = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 3000).map(us -> "{\"compute\": \"" + us + "us\"}"),
                Arbitraries.integers().between(1, 8192).map(blocks -> "{\"use\": \"aes128\", \"bytes\": " + 16 * blocks + "}"),
                Arbitraries.integers().between(0, 131072).map(b -> "{\"use\": \"sha256\", \"bytes\": " + b + "}"),
                Arbitraries.just("{\"use\": \"nosuch\", \"bytes\": 64}"));
        Arbitrary<String> vm = Combinators.combine(
                Arbitraries.integers().between(1, 100),
                step.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 5000))
                .as((prio, steps, repeat, start) -> "\"priority\": " + prio + ", \"repeat\": " + repeat + ", \"start\": \""
                        + start + "us\", \"program\": [" + String.join(", ", steps) + "]");
        return Combinators.combine(prrs, vm.list().ofMinSize(1).ofMaxSize(6), Arbitraries.of(100_000, 1_000_000))
                .as((classes, vms, quantum) -> {
                    StringBuilder b = new StringBuilder("{\"quantum\": " + quantum + ", \"prrs\": [");
                    for (int i = 0; i < classes.size(); i++) {
                        b.append(i == 0 ? "" : ", ").append("{\"id\": \"prr").append(i).append("\", \"class\": \"")
                                .append(classes.get(i)).append("\"}");
                    }
                    b.append("], \"vms\": [");
                    for (int i = 0; i < vms.size(); i++) {
                        b.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i + 1).append(", ").append(vms.get(i)).append('}');
                    }
                    return b.append("]}").toString();
                });
    }
}

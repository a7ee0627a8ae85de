package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;

/**
 * A {@code served} line carries {@code "disconnected":true} exactly when the trace shows the VM's IF
 * disconnected after the request's {@code connect} and before its {@code resume}: its PRR went to
 * another request while the VM waited for the CPU.
 */
class DisconnectedAtResumeTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "contention"})
    void theFlagIsWhatTheTraceShows(String name) throws Exception {
        SimulatorComponent sim = Platforms.full();
        Scenario scenario = name.equals("default") ? sim.defaultScenario()
                : sim.parse(name, Files.readString(Path.of("..", "scenarios", name + ".json"))).withPolicy("priority");
        TraceRun run = TraceRun.of(sim, scenario, RunOptions.DEFAULT);

        // the request whose connect each VM's device last saw, not resumed yet, and those disconnected meanwhile
        Map<List<Long>, Long> connected = new HashMap<>();
        Set<Long> lost = new HashSet<>();
        int flagged = 0;
        for (Map<String, Object> e : run.events) {
            String ev = (String) e.get("ev");
            if (ev.equals("connect")) {
                connected.put(List.of((long) e.get("vm"), (long) e.get("dev")), (long) e.get("req"));
            } else if (ev.equals("disconnect")) {
                Long req = connected.remove(List.of((long) e.get("vm"), (long) e.get("dev")));
                if (req != null) {
                    lost.add(req);
                }
            } else if (ev.equals("served")) {
                long req = (long) e.get("req");
                boolean flag = Boolean.TRUE.equals(e.get("disconnected"));
                assertThat(flag).as("disconnected flag of request %d", req).isEqualTo(lost.contains(req));
                flagged += flag ? 1 : 0;
            } else if (ev.equals("job_start")) {
                // the VM used its PRR: a later disconnect is a preemption or a reassignment, not this request's loss
                connected.remove(List.of((long) e.get("vm"), (long) e.get("dev")));
            }
        }
        // both scenarios have such requests (README: 32 of 76 served in the default, 14 of 641 in contention)
        assertThat(flagged).isPositive();
    }
}

package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Summary;

class DefaultScenarioTest {
    @Test
    void runs() throws Exception {
        SimulatorComponent sim = Platforms.simulator();
        StringWriter w = new StringWriter();
        Summary s = sim.run(sim.defaultScenario(), RunOptions.DEFAULT, w);
        System.out.println(sim.table(s));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/default-trace.jsonl"), w.toString());
        assertThat(s.requests()).isPositive();
    }
}

package org.kerone.policy.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.internal.PolicyBench;

/**
 * The same scenario under "priority" and under "fallback" decorating it, on the real VMM and
 * simulated fabric: the request the paper's policy queues runs in software instead.
 */
class FallbackOnTheSimulatorTest {

    private static String scenario(String policy) {
        // one large PRR; aes128 loads in about 4.2 ms, then VM 1's 1 MiB job runs to about 11.4 ms;
        // VM 2 (priority 10) asks for aes128 at 5 ms and may not preempt VM 1 (priority 90)
        return "{\"policy\": \"" + policy + "\", \"prrs\": [{\"id\": \"prr0\", \"class\": \"large\"}], \"vms\": ["
                + """
                {"id": 1, "priority": 90, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 10, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]}
                ]}""";
    }

    @Test
    void aRequestThePaperQueuesRunsInSoftwareUnderTheFallback() throws Exception {
        PriorityPolicy priority = new PriorityPolicy();
        FallbackPolicy fallback = new FallbackPolicy("priority");
        fallback.addPolicy(priority, Map.of(AllocationPolicy.NAME, "priority"));
        Map<String, AllocationPolicy> policies = Map.of("priority", priority, "fallback", fallback);
        // then under priority VM 2 waits for VM 1's job
        PolicyBench.Run paper = PolicyBench.run(scenario("priority"), policies);
        assertThat(paper.summary().path("deferred").count()).isEqualTo(1);
        // and under the fallback its 4 AES blocks run on its CPU at once: nothing queued
        PolicyBench.Run run = PolicyBench.run(scenario("fallback"), policies);
        assertThat(run.events("solution").get(1)).contains("\"vm\":2", "\"solution\":\"software\"", "\"policy\":\"fallback\"");
        assertThat(run.events("queued")).isEmpty();
        assertThat(run.summary().path("software").count()).isEqualTo(1);
        assertThat(run.summary().path("deferred").count()).isZero();
        assertThat(run.summary().served()).isEqualTo(2);
        assertThat(run.events("policy_refused")).isEmpty();
    }
}

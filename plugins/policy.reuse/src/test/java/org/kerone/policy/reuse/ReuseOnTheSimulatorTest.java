package org.kerone.policy.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.internal.PolicyBench;

/**
 * The same scenario under "priority" and "reuse" on the real VMM and simulated fabric: when the PRR
 * frees, reuse lets the waiting request that wants the loaded device go first.
 */
class ReuseOnTheSimulatorTest {
    private static final Map<String, AllocationPolicy> POLICIES = Map.of("priority", new PriorityPolicy(), "reuse", new ReusePolicy());

    private static String scenario(String policy) {
        // one large PRR; aes128 loads in about 4.2 ms, then VM 1's 256 KiB job runs about 1.8 ms (to ~6 ms).
        // VM 2 (sha256) asks at 4.5 ms and VM 3 (aes128) at 5 ms, all of priority 10: both wait.
        return "{\"policy\": \"" + policy + "\", \"prrs\": [{\"id\": \"prr0\", \"class\": \"large\"}], \"vms\": ["
                + """
                {"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 262144}]},
                {"id": 2, "priority": 10, "start": "4500us", "program": [{"use": "sha256", "bytes": 64}]},
                {"id": 3, "priority": 10, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]}
                ]}""";
    }

    @Test
    void whenThePrrFreesTheRequestForItsLoadedDeviceGoesFirst() throws Exception {
        PolicyBench.Run priority = PolicyBench.run(scenario("priority"), POLICIES);
        PolicyBench.Run reuse = PolicyBench.run(scenario("reuse"), POLICIES);
        // then priority serves by arrival among equals: VM 2 (sha256, reconfiguration), then VM 3 (aes128 again)
        assertThat(priority.events("pushed").get(0)).contains("\"vm\":2", "\"reconfig\":true");
        assertThat(priority.summary().reconfigurations()).isEqualTo(3);
        // and reuse lets VM 3 take the loaded aes128 first (VM 2 has waited ~1.5 ms < T_RCFG), then loads sha256 once
        assertThat(reuse.events("pushed").get(0)).contains("\"vm\":3", "\"reconfig\":false");
        assertThat(reuse.events("pushed").get(1)).contains("\"vm\":2", "\"reconfig\":true");
        assertThat(reuse.summary().reconfigurations()).isEqualTo(2);
        assertThat(reuse.summary().served()).isEqualTo(3);
        assertThat(reuse.events("policy_refused")).isEmpty();
    }
}

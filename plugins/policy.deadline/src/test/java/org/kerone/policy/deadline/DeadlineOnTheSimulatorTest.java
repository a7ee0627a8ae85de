package org.kerone.policy.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.internal.PolicyBench;

/**
 * Scenarios under "priority" and "deadline" on the real VMM and simulated fabric.
 *
 * <p>One large PRR. A large aes128 bitstream loads in about 4.2 ms, so at 5 ms VM 1's 1 MiB AES job
 * is running; it ends at about 11.4 ms.
 */
class DeadlineOnTheSimulatorTest {
    private static final Map<String, AllocationPolicy> POLICIES = Map.of("priority", new PriorityPolicy(), "deadline", new DeadlinePolicy());

    private static String scenario(String policy, String vms) {
        return "{\"policy\": \"" + policy + "\", \"prrs\": [{\"id\": \"prr0\", \"class\": \"large\"}], \"vms\": [" + vms + "]}";
    }

    @Test
    void aHigherPriorityPreemptsOnlyWhenItHasADeadline() throws Exception {
        // given VM 1 (priority 10) runs a long AES job; at 5 ms VM 2 (priority 20) asks for aes128 without deadline
        String noDeadline = """
                {"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 20, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]}
                """;
        // then the paper's policy preempts, the deadline policy lets VM 1 finish
        assertThat(PolicyBench.run(scenario("priority", noDeadline), POLICIES).summary().preemptions()).isEqualTo(1);
        PolicyBench.Run waits = PolicyBench.run(scenario("deadline", noDeadline), POLICIES);
        assertThat(waits.summary().preemptions()).isZero();
        assertThat(waits.summary().path("deferred").count()).isEqualTo(1);
        // and when VM 2's use must end within 2 ms, the deadline policy preempts too
        PolicyBench.Run preempts = PolicyBench.run(scenario("deadline", noDeadline.replace(
                "\"bytes\": 64}", "\"bytes\": 64, \"deadline\": \"2ms\"}")), POLICIES);
        assertThat(preempts.summary().preemptions()).isEqualTo(1);
        assertThat(preempts.events("solution").get(1)).contains("\"vm\":2", "\"solution\":\"preempt\"", "\"policy\":\"deadline\"");
        assertThat(preempts.events("policy_refused")).isEmpty();
    }

    @Test
    void waitingRequestsAreServedByPriorityUnderPriorityAndEarliestDeadlineFirstUnderDeadline() throws Exception {
        // given VM 1 (priority 90) runs a long AES job; VM 2 (priority 50, no deadline) asks at 5 ms,
        // VM 3 (priority 10, deadline 20 ms after its start) at 6 ms: neither may preempt VM 1
        String vms = """
                {"id": 1, "priority": 90, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 50, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]},
                {"id": 3, "priority": 10, "start": "6ms", "program": [{"use": "aes128", "bytes": 64, "deadline": "20ms"}]}
                """;
        PolicyBench.Run priority = PolicyBench.run(scenario("priority", vms), POLICIES);
        PolicyBench.Run deadline = PolicyBench.run(scenario("deadline", vms), POLICIES);
        // then when VM 1's job ends the PRR goes to VM 2 under priority, to VM 3 under deadline
        assertThat(priority.events("pushed").get(0)).contains("\"vm\":2");
        assertThat(deadline.events("pushed").get(0)).contains("\"vm\":3");
        assertThat(deadline.summary().served()).isEqualTo(3);
        assertThat(deadline.events("policy_refused")).isEmpty();
    }
}

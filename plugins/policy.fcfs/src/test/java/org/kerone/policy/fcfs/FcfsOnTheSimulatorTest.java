package org.kerone.policy.fcfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.internal.PolicyBench;

/**
 * The same scenarios under "priority" and "fcfs" on the real VMM and simulated fabric: FCFS never
 * preempts and serves its searching list in arrival order.
 *
 * <p>One large PRR. A large aes128 bitstream loads in about 4.2 ms, so at 5 ms VM 1's 1 MiB AES job
 * is running, and it runs for several more milliseconds.
 */
class FcfsOnTheSimulatorTest {
    private static final Map<String, AllocationPolicy> POLICIES = Map.of("priority", new PriorityPolicy(), "fcfs", new FcfsPolicy());

    private static String scenario(String policy, String vms) {
        return "{\"policy\": \"" + policy + "\", \"prrs\": [{\"id\": \"prr0\", \"class\": \"large\"}], \"vms\": [" + vms + "]}";
    }

    @Test
    void aHigherPriorityRequestPreemptsUnderPriorityAndWaitsUnderFcfs() throws Exception {
        // given VM 1 (priority 10) runs a long AES job and VM 2 (priority 20) asks for aes128 at 5 ms
        String vms = """
                {"id": 1, "priority": 10, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 20, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]}
                """;
        PolicyBench.Run priority = PolicyBench.run(scenario("priority", vms), POLICIES);
        PolicyBench.Run fcfs = PolicyBench.run(scenario("fcfs", vms), POLICIES);
        // then the paper's policy stops VM 1's job for VM 2
        assertThat(priority.summary().preemptions()).isEqualTo(1);
        assertThat(priority.events("solution").get(1)).contains("\"vm\":2", "\"solution\":\"preempt\"");
        // and FCFS queues VM 2 until VM 1's job is done: nothing is preempted, VM 2 is served deferred
        assertThat(fcfs.summary().policy()).isEqualTo("fcfs");
        assertThat(fcfs.summary().preemptions()).isZero();
        assertThat(fcfs.events("solution").get(1)).contains("\"vm\":2", "\"solution\":\"unavailable\"");
        assertThat(fcfs.summary().path("deferred").count()).isEqualTo(1);
        assertThat(fcfs.summary().served()).isEqualTo(2);
        assertThat(fcfs.events("policy_refused")).isEmpty();
    }

    @Test
    void queuedRequestsAreServedByPriorityUnderPriorityAndByArrivalUnderFcfs() throws Exception {
        // given VM 1 (priority 90, not preemptable by the others) runs a long AES job; VM 2 (priority
        // 10) asks at 5 ms and VM 3 (priority 50) at 6 ms: both are queued under either policy
        String vms = """
                {"id": 1, "priority": 90, "program": [{"use": "aes128", "bytes": 1048576}]},
                {"id": 2, "priority": 10, "start": "5ms", "program": [{"use": "aes128", "bytes": 64}]},
                {"id": 3, "priority": 50, "start": "6ms", "program": [{"use": "aes128", "bytes": 64}]}
                """;
        PolicyBench.Run priority = PolicyBench.run(scenario("priority", vms), POLICIES);
        PolicyBench.Run fcfs = PolicyBench.run(scenario("fcfs", vms), POLICIES);
        // then when VM 1's job ends the monitor pushes the PRR to VM 3 under priority, to VM 2 under FCFS
        assertThat(priority.events("pushed").get(0)).contains("\"vm\":3");
        assertThat(fcfs.events("pushed").get(0)).contains("\"vm\":2");
        assertThat(priority.summary().served()).isEqualTo(3);
        assertThat(fcfs.summary().served()).isEqualTo(3);
        assertThat(fcfs.summary().requests()).isEqualTo(3);
        assertThat(fcfs.events("policy_refused")).isEmpty();
    }
}

package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.Request;
import org.kerone.fpga.Solution;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.FabricView;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.RunOptions;

/**
 * How often the PRR Monitor asks its policy: a PRR that frees or starts a job is offered to the
 * waiting requests whose device fits it, not to the whole searching list, so the number of
 * decisions does not grow with the number of waiting requests times the number of events.
 */
class MonitorAsksTest {

    /** The paper's policy, counting the decisions it is asked for, per device name. */
    static final class Counting implements AllocationPolicy {
        private final AllocationPolicy paper = new PriorityPolicy();
        final java.util.Map<String, Integer> asked = new java.util.TreeMap<>();

        @Override
        public Solution solve(Request request, FabricView fabric) {
            asked.merge(fabric.deviceInfo(request.dev()).name(), 1, Integer::sum);
            return paper.solve(request, fabric);
        }
    }

    @Test
    void requestsWaitingForALargePrrAreNotAskedAgainWhenASmallOneFrees() throws Exception {
        // given a long sha256 job (large PRRs only) of priority 90 on the one large PRR, 50 VMs of
        // priority 5 waiting for sha256, and a VM using aes128 200 times on the small PRR meanwhile
        int waiting = 50;
        StringBuilder vms = new StringBuilder("""
                {"id": 1, "priority": 90, "program": [{"use": "sha256", "bytes": 4000000}]},
                {"id": 2, "priority": 50, "repeat": 200, "program": [{"use": "aes128", "bytes": 64}, {"compute": "10us"}]}""");
        for (int i = 0; i < waiting; i++) {
            vms.append(",\n{\"id\": ").append(3 + i).append(", \"priority\": 5, \"start\": \"5ms\", \"program\": [{\"use\": \"sha256\", \"bytes\": 64}]}");
        }
        String json = "{\"policy\": \"counting\", \"prrs\": [{\"id\": \"big\", \"class\": \"large\"}, "
                + "{\"id\": \"s0\", \"class\": \"small\"}], \"vms\": [" + vms + "]}";
        SimulatorComponent sim = Platforms.simulator();
        Counting counting = new Counting();
        sim.addPolicy(counting, Map.of(AllocationPolicy.NAME, "counting"));

        TraceRun run = TraceRun.of(sim, sim.parse("asks", json), RunOptions.DEFAULT);

        // then all 200 aes128 jobs ended while the sha256 requests waited for the large PRR
        long bigJobEnd = run.where(e -> "job_done".equals(e.get("ev")) && Long.valueOf(1).equals(e.get("vm"))).get(0).get("t") instanceof Long t ? t : -1;
        assertThat(run.where(e -> "job_done".equals(e.get("ev")) && Long.valueOf(2).equals(e.get("vm"))))
                .hasSize(200).allSatisfy(e -> assertThat((Long) e.get("t")).isLessThan(bigJobEnd));
        assertThat(run.where(e -> "queued".equals(e.get("ev")))).hasSize(waiting);
        assertThat(run.summary.served()).isEqualTo(run.summary.requests());
        // and each waiting sha256 request was asked about once when queued and once when the large
        // PRR was offered to it, not once per aes128 job (which would be 200 x 50 = 10,000 times)
        assertThat(counting.asked.get("sha256")).isLessThanOrEqualTo(1 + 2 * waiting + 5);
        assertThat(counting.asked.get("aes128")).isGreaterThanOrEqualTo(1);
    }
}

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

    /** The paper's policy, counting how many PRRs it looks at one by one through the view. */
    static final class Visiting implements AllocationPolicy {
        private final AllocationPolicy paper = new PriorityPolicy();
        long decisions;
        long prrsVisited;

        @Override
        public Solution solve(Request request, FabricView fabric) {
            decisions++;
            return paper.solve(request, new FabricView() {
                @Override
                public int prrCount() {
                    return fabric.prrCount();
                }

                @Override
                public org.kerone.fpga.policy.PrrView prr(int index) {
                    prrsVisited++;
                    return fabric.prr(index);
                }

                @Override
                public boolean fits(int dev, int prr) {
                    return fabric.fits(dev, prr);
                }

                @Override
                public int[] compatiblePrrs(int dev) {
                    return fabric.compatiblePrrs(dev);
                }

                @Override
                public long nowNs() {
                    return fabric.nowNs();
                }

                @Override
                public long jobTimeNs(int dev, int bytes) {
                    return fabric.jobTimeNs(dev, bytes);
                }

                @Override
                public long reconfigurationTimeNs(int dev, int prr) {
                    return fabric.reconfigurationTimeNs(dev, prr);
                }

                @Override
                public org.kerone.fpga.accel.DeviceInfo deviceInfo(int dev) {
                    return fabric.deviceInfo(dev);
                }

                @Override
                public java.util.List<Request> searchingList() {
                    return fabric.searchingList();
                }

                @Override
                public int oldestIdle(int dev, boolean holding, int holdBelow) {
                    return fabric.oldestIdle(dev, holding, holdBelow);
                }

                @Override
                public int firstEmpty(int dev) {
                    return fabric.firstEmpty(dev);
                }

                @Override
                public int weakestBusy(int dev, boolean holding, int below) {
                    return fabric.weakestBusy(dev, holding, below);
                }
            });
        }
    }

    @Test
    void thePapersPolicyDecidesWithoutVisitingThePrrsOneByOne() throws Exception {
        // given 256 large PRRs and 300 VMs of mixed priorities each using aes128 then sha256:
        // Assign, Assign+Reconfig and Preempt decisions among many PRRs
        StringBuilder prrs = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            prrs.append(i == 0 ? "" : ", ").append("{\"id\": \"p").append(i).append("\", \"class\": \"large\"}");
        }
        StringBuilder vms = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            vms.append(i == 1 ? "" : ", ").append("{\"id\": ").append(i).append(", \"priority\": ").append(1 + i % 50)
                    .append(", \"start\": \"").append(i * 20).append("us\", \"program\": [{\"use\": \"aes128\", \"bytes\": 4096}, ")
                    .append("{\"use\": \"sha256\", \"bytes\": 4096}]}");
        }
        String json = "{\"policy\": \"visiting\", \"prrs\": [" + prrs + "], \"vms\": [" + vms + "]}";
        SimulatorComponent sim = Platforms.simulator();
        Visiting visiting = new Visiting();
        sim.addPolicy(visiting, Map.of(AllocationPolicy.NAME, "visiting"));

        TraceRun run = TraceRun.of(sim, sim.parse("visits", json), RunOptions.DEFAULT);

        // then every request was decided, and not one decision looked at a PRR through prr(i)
        assertThat(run.summary.requests()).isGreaterThanOrEqualTo(600);
        assertThat(run.summary.served()).isEqualTo(run.summary.requests());
        assertThat(visiting.decisions).isGreaterThanOrEqualTo(run.summary.requests());
        assertThat(visiting.prrsVisited).isZero();
    }
}

package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.vmm.RunOptions;

/**
 * A plugin whose code blocks the kernel thread (a policy that sleeps in {@code solve}, a model that
 * loops): a command that waits for the kernel in vain says where the kernel is busy, so that the
 * user sees which plugin blocks it, not only that it does not answer.
 */
class LiveRunnerBlockedTest {
    /** Stands for a plugin's policy that blocks. */
    static final class SleepingPolicy {
        static void solve(CountDownLatch release) throws InterruptedException {
            release.await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCallTheKernelDoesNotAnswerNamesWhereTheKernelIsBusy() throws Exception {
        // given a live runner whose kernel thread is stuck in a plugin's method
        SimulatorComponent sim = new SimulatorComponent(new SimulatedFabricFactory());
        Machine m = sim.prepare(sim.parse("blocked", """
                {"policy": "builtin", "prrs": [{"id": "p0", "class": "small"}], "vms": [{"id": 1, "priority": 10, "program": [{"compute": "1ms"}]}]}
                """), RunOptions.DEFAULT, null);
        LiveRunner runner = new LiveRunner(m, 1.0, t -> { });
        runner.callTimeoutMs = 300;
        runner.start();
        CountDownLatch release = new CountDownLatch(1);
        runner.execute(() -> {
            try {
                SleepingPolicy.solve(release);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            // when a command asks the kernel, then its refusal names the plugin's method
            assertThatThrownBy(() -> runner.call(() -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the platform's kernel did not answer within 300 ms (it is busy in "
                            + SleepingPolicy.class.getName() + ".solve (LiveRunnerBlockedTest.java:");
        } finally {
            release.countDown();
        }
        // and once the plugin returns, the kernel answers again
        assertThat(runner.call(() -> 2)).isEqualTo(2);
        runner.stop();
    }
}

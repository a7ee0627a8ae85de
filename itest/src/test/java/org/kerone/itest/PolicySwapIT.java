package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kerone.vmm.Platform;
import org.kerone.vmm.PlatformStatus;
import org.kerone.vmm.Summary;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;

/**
 * A second policy bundle installed and selected while requests wait: nothing is lost and the
 * decisions follow the new policy from then on.
 *
 * <p>One PRR, two guests of priority 10 taking turns on it (so one of them always waits in the
 * searching list) and a guest of priority 90 that keeps coming back (between two uses it waits
 * on a device of its own, in a PRR of its own). Under "priority" its request
 * preempts the job that runs; under "fcfs" (plugins/policy.fcfs) it waits its turn.
 *
 * <p>Scenarios:
 * <ul>
 * <li>fcfs installed and selected by the VDM's configuration while requests wait: it decides from
 *     then on (no more preemption, the priority-90 guest queues), and when the guests have run
 *     their programs every request was served;
 * <li>a policy selected through the Platform service works the same, and an unknown name is refused.
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PolicySwapIT {
    private static final String DEVICE = "turnacc";
    /** 78,125 cycles at 100 MHz per byte: a 64-byte job runs 50 ms of virtual time. */
    private static final int CYCLES_PER_UNIT = 78_125;
    private static final double SPEED = 1;
    private static final int REPEAT = 15;
    private static final String LOW = "compute 1ms; use " + DEVICE + " 64";
    /** A device of its own, on a PRR of its own, that the priority-90 guest waits on between two uses of the shared one. */
    private static final String WAIT_DEVICE = "waitacc";
    /** 31,250 cycles a byte: a 64-byte job runs 20 ms. */
    private static final int WAIT_CYCLES_PER_UNIT = 31_250;
    /**
     * The priority-90 guest waits on its own device, not on the CPU: computing, it would keep the
     * others off the CPU (the guest scheduler is strictly by priority), so they could never start
     * a job for it to preempt.
     */
    private static final String HIGH = "use " + WAIT_DEVICE + " 64; use " + DEVICE + " 64";

    @Inject
    private BundleContext context;
    private Live live;

    @Configuration
    public Option[] config() {
        return options(composite(PlatformOptions.base()),
                TestBundles.option("acc", TestBundles.accelerator(DEVICE, "1.0.0", "large=100000", CYCLES_PER_UNIT)),
                TestBundles.option("wait", TestBundles.accelerator(WAIT_DEVICE, "1.0.0", "wait=1000", WAIT_CYCLES_PER_UNIT)));
    }

    @Before
    public void startPlatform() throws Exception {
        live = new Live(context);
        live.start(SPEED, 13, "priority");
        live.install(TestBundles.file("acc"));
        live.install(TestBundles.file("wait"));
        live.prr("prr0", "large");
        live.prr("wait0", "wait");
        Live.await("device " + DEVICE, () -> live.device(DEVICE));
        Live.await("device " + WAIT_DEVICE, () -> live.device(WAIT_DEVICE));
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void selectedByConfigurationTheNewPolicyDecidesAndNoRequestIsLost() throws Exception {
        // given the priority policy deciding: the priority-90 guest preempts the others' jobs
        Platform platform = live.platform();
        startGuests();
        live.awaitEvent("a preemption for VM 9", "solution", e -> vm(e, 9) && "preempt".equals(e.get("solution")));
        live.until("a request waiting in the searching list", () -> !platform.searchingList().isEmpty());

        // when the fcfs bundle is installed and selected by the VDM's configuration, requests waiting
        live.install(PlatformOptions.bundleFile("plugins.policy.fcfs"));
        live.configure(Platform.VDM_PID, Map.of("policy", "fcfs"));

        // then fcfs decides from the next decision on
        live.until("fcfs deciding", () -> "fcfs".equals(platform.policy()));
        assertEquals(List.of("fcfs", "priority"), platform.policies());
        int switched = live.awaitEventIndex("switch to fcfs", "policy", e -> "fcfs".equals(e.get("policy")));
        awaitDecisionsDiffer(switched);
        // and when the guests have run their programs, every request they made was served
        awaitGuestsDone();
        Summary summary = platform.summary();
        assertEquals("failed requests " + summary.failed(), 0, summary.failedTotal());
        assertEquals("requests served", summary.requests(), summary.served());
        long made = platform.status().vms().stream().mapToLong(PlatformStatus.VmStatus::requests).sum();
        assertEquals("requests of the guests", made, summary.requests());
    }

    @Test
    public void selectedThroughThePlatformServiceTheNewPolicyDecides() throws Exception {
        // given the priority policy deciding, requests waiting
        Platform platform = live.platform();
        startGuests();
        live.awaitEvent("a preemption for VM 9", "solution", e -> vm(e, 9) && "preempt".equals(e.get("solution")));

        // when fcfs is installed and selected through the Platform service
        live.install(PlatformOptions.bundleFile("plugins.policy.fcfs"));
        live.until("fcfs bound", () -> platform.policies().contains("fcfs"));
        platform.selectPolicy("fcfs");

        // then it decides at once, and no request is lost
        assertEquals("fcfs", platform.policy());
        int switched = live.awaitEventIndex("switch to fcfs", "policy", e -> "fcfs".equals(e.get("policy")));
        awaitDecisionsDiffer(switched);
        awaitGuestsDone();
        assertEquals(platform.summary().requests(), platform.summary().served());
        // and a policy that is not there is refused by name
        try {
            platform.selectPolicy("nosuch");
            throw new AssertionError("selecting an unknown policy was accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("nosuch"));
        }
        assertEquals("fcfs", platform.policy());
    }

    private void startGuests() {
        live.vm(1, 10, LOW, REPEAT);
        live.vm(2, 10, LOW, REPEAT);
        live.vm(9, 90, HIGH, REPEAT);
    }

    /** After event {@code switched}: the priority-90 guest's requests meet a busy PRR and queue; nothing is preempted. */
    private void awaitDecisionsDiffer(int switched) {
        live.until("a request of VM 9 queued after the switch", () -> live.indexOf(switched, "queued", e -> vm(e, 9)) >= 0);
        awaitGuestsDone();
        List<Map<String, Object>> after = live.events().subList(switched, live.events().size());
        List<Map<String, Object>> preempts = after.stream()
                .filter(e -> "preempt_start".equals(e.get("ev")) || "preempt".equals(e.get("solution")))
                .collect(Collectors.toList());
        assertEquals("preemptions decided after the switch to fcfs", List.of(), preempts);
        Set<Object> deciders = after.stream().filter(e -> "solution".equals(e.get("ev"))).map(e -> e.get("policy"))
                .collect(Collectors.toSet());
        assertEquals("policies that decided after the switch", Set.of("fcfs"), deciders);
        assertFalse("no decision after the switch", deciders.isEmpty());
    }

    private void awaitGuestsDone() {
        live.until("every guest done", () -> live.platform().status().vms().stream().allMatch(v -> "done".equals(v.state())));
    }

    private static boolean vm(Map<String, Object> event, long id) {
        return Long.valueOf(id).equals(event.get("vm"));
    }
}

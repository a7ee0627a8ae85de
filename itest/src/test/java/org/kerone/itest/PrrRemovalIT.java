package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kerone.vmm.PlatformStatus;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.Simulator;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A PRR whose configuration is removed while a job runs on it: the job is stopped at a unit
 * boundary, its context saved, and it resumes in another PRR, with the same result as if nothing
 * had happened.
 *
 * <p>Given one guest computing the CRC-32 of 16 MiB of its (seeded) data on two PRRs, the PRR
 * running the job is removed mid-job. Scenarios:
 * <ul>
 * <li>the job resumes (job_start, resumed, on the other PRR, from the unit reached) and completes
 *     with the result of an uninterrupted run;
 * <li>the PRR leaves the status, and the trace shows the stop as a preemption no request asked for
 *     (preempt_start and preempt_done with req -1);
 * <li>(the check of the oracle) without the removal, the live job gives the batch run's result.
 * </ul>
 * Whether the result is right is checked independently of the live platform: the batch
 * {@link Simulator} runs the same program with the same seed, uninterrupted, and its job_done
 * carries the CRC-32 of the guest's output; both must be equal. (The guest's input depends only on
 * the seed and the VM id, so both runs feed the accelerator the same bytes.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PrrRemovalIT {
    private static final long SEED = 11;
    private static final int BYTES = 16 << 20;
    private static final String PROGRAM = "use crc32 " + BYTES;
    /** The job runs 42 ms of virtual time: 1.4 s of wall-clock time at this speed, long enough to catch it running on a loaded machine. */
    private static final double SPEED = 0.03;
    private static final Pattern JOB_DONE_CRC = Pattern.compile("\"ev\":\"job_done\",\"vm\":1,.*\"crc\":\"([0-9a-f]+)\"");

    @Inject
    private BundleContext context;
    private Live live;

    @Configuration
    public Option[] config() {
        return PlatformOptions.base();
    }

    @Before
    public void startPlatform() throws Exception {
        live = new Live(context);
        live.install(PlatformOptions.bundleFile("accelerators.crc32"));
        live.start(SPEED, SEED, "priority");
        Live.await("device crc32", () -> live.device("crc32"));
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void jobOfARemovedPrrResumesElsewhereWithTheSameResult() throws Exception {
        // given two PRRs and a guest's long CRC-32 job running on one of them
        // when that PRR's configuration is deleted
        PlatformStatus.PrrStatus removed = removePrrRunningTheJob();
        String other = removed.id().equals("prr0") ? "prr1" : "prr0";

        // then the job resumes on the other PRR from where it stood
        Map<String, Object> resumed = live.awaitEvent("the job resumed", "job_start",
                e -> vm1(e) && Boolean.TRUE.equals(e.get("resumed")));
        assertEquals("PRR the job resumed on", prrIndex(other), resumed.get("prr"));
        assertTrue("the job restarted from unit 0 instead of resuming: " + resumed,
                ((Number) resumed.get("from_unit")).longValue() > 0);
        // and it completes with the result of an uninterrupted run
        Map<String, Object> done = live.awaitEvent("the job done", "job_done", this::vm1);
        assertEquals("jobs aborted", List.of(), live.events("job_aborted", this::vm1));
        assertEquals("CRC-32 of VM 1's output, live (interrupted) vs batch (uninterrupted)", uninterruptedCrc(),
                done.get("crc"));
        live.until("VM 1 done", () -> "done".equals(live.vmNow(1).state()));
        assertEquals(0, live.vmNow(1).failed());
    }

    @Test
    public void stopOfTheJobIsAPreemptionNoRequestAskedFor() throws Exception {
        // given two PRRs and a guest's long CRC-32 job running on one of them
        // when that PRR's configuration is deleted
        PlatformStatus.PrrStatus removed = removePrrRunningTheJob();

        // then the PRR goes: it leaves the status, the trace says so
        live.awaitEvent("PRR removed", "prr_removed", e -> removed.id().equals(e.get("id")));
        live.until(removed.id() + " gone from the status", () -> live.prrStatus(removed.id()).isEmpty());
        // and its job is stopped and saved as for a preemption that no request asked for
        Map<String, Object> saved = live.awaitEvent("the job's context saved", "preempt_done",
                e -> vm1(e) && Long.valueOf(prrIndex(removed.id())).equals(e.get("prr")));
        assertEquals("request that caused the stop", -1L, saved.get("req"));
        Map<String, Object> stop = live.awaitEvent("the stop started", "preempt_start",
                e -> vm1(e) && Long.valueOf(prrIndex(removed.id())).equals(e.get("prr")));
        assertEquals("request that caused the stop", -1L, stop.get("req"));
    }

    @Test
    public void uninterruptedLiveJobGivesTheBatchResult() throws Exception {
        // given two PRRs (the check of the scenarios above: live and batch runs feed the same data)
        live.prr("prr0", "large");
        live.prr("prr1", "large");

        // when the guest runs its program without interruption
        live.vm(1, 10, PROGRAM, 1);

        // then its job gives the batch run's result
        Map<String, Object> done = live.awaitEvent("the job done", "job_done", this::vm1);
        assertEquals("CRC-32 of VM 1's output, live vs batch", uninterruptedCrc(), done.get("crc"));
    }

    /** Two PRRs, VM 1's job running on one of them, far from its end; deletes that PRR's configuration. */
    private PlatformStatus.PrrStatus removePrrRunningTheJob() {
        Map<String, org.osgi.service.cm.Configuration> prrs = Map.of("prr0", live.prr("prr0", "large"),
                "prr1", live.prr("prr1", "large"));
        live.vm(1, 10, PROGRAM, 1);
        PlatformStatus.PrrStatus running = Live.await("VM 1's job running, far from its end", () -> live.platform().status()
                .prrs().stream().filter(p -> p.jobVm() == 1 && p.unitsDone() < p.unitsTotal() / 2).findFirst());
        live.delete(prrs.get(running.id()));
        return running;
    }

    /** Index of a PRR in the trace, from its prr_added event. */
    private long prrIndex(String id) {
        return ((Number) live.awaitEvent(id + " added", "prr_added", e -> id.equals(e.get("id"))).get("prr")).longValue();
    }

    /** The job_done crc of VM 1 when the batch simulator runs the same program and seed on the same PRRs. */
    private String uninterruptedCrc() throws Exception {
        ServiceTracker<Simulator, Simulator> tracker = new ServiceTracker<>(context, Simulator.class, null);
        tracker.open();
        try {
            Simulator simulator = tracker.waitForService(Live.TIMEOUT_MS);
            assertNotNull("no Simulator service", simulator);
            Scenario scenario = simulator.parse("PrrRemovalIT reference", "{\"name\": \"reference\", \"seed\": " + SEED
                    + ", \"profile\": \"zynq7000\", \"policy\": \"priority\", \"quantum\": \"1ms\","
                    + " \"prrs\": [{\"id\": \"prr0\", \"class\": \"large\"}, {\"id\": \"prr1\", \"class\": \"large\"}],"
                    + " \"vms\": [{\"id\": 1, \"priority\": 10, \"repeat\": 1, \"program\": [{\"use\": \"crc32\", \"bytes\": "
                    + BYTES + "}]}]}");
            StringWriter trace = new StringWriter();
            simulator.run(scenario, RunOptions.DEFAULT, trace);
            List<String> lines = trace.toString().lines().collect(Collectors.toList());
            assertTrue("the reference run was interrupted", lines.stream().noneMatch(l -> l.contains("\"ev\":\"preempt_start\"")));
            List<String> crcs = lines.stream().map(JOB_DONE_CRC::matcher).filter(Matcher::find).map(m -> m.group(1))
                    .collect(Collectors.toList());
            assertEquals("job_done events of VM 1 in the reference run", 1, crcs.size());
            assertNotEquals("the reference job wrote nothing", "0", crcs.get(0));
            return crcs.get(0);
        } finally {
            tracker.close();
        }
    }

    private boolean vm1(Map<String, Object> event) {
        return Long.valueOf(1).equals(event.get("vm"));
    }
}

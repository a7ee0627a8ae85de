package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.itest.bundles.xor.XorAccelerator;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Simulator;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A third party's accelerator bundle tested as its author would: README's XOR accelerator, a DS
 * component with its bitstream as a resource, installed beside the platform's bundles, its jobs'
 * results checked against an independent reference, then hot-swapped to a new version.
 *
 * <p>A guest's input is seeded random bytes that a test cannot see; only each {@code job_done}'s
 * {@code crc} of the output is. So the reference ({@link XorReference}, device "xorref") runs in a
 * batch run of the same seed, VM and program, where it gets the same key and input, and the CRCs
 * are compared job by job.
 *
 * <p>Scenarios:
 * <ul>
 * <li>a batch run through the Simulator service: each job's result equals the reference's;
 * <li>on the live platform, a guest looping on "xor" while the bundle is updated from 1.0.0 to 2.0.0
 *     (twice as fast): the device reports 2.0.0, the PRR is reloaded with it, the jobs after the
 *     reload take 2.0.0's time, and every job before and after gives the reference's result.
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class XorAcceleratorIT {
    private static final String BSN = "itest.accelerators.xor";
    private static final long SEED = 11;
    private static final int BYTES = 4096;
    private static final String PROGRAM = "compute 5ms; use %s " + BYTES;
    private static final double SPEED = 1;
    /** The zynq7000 profile's fabric clock: 10 ns a cycle. */
    private static final long NS_PER_CYCLE = 10;
    private static final Pattern CRC = Pattern.compile("\"crc\":\"([0-9a-f]+)\"");

    @Inject
    private BundleContext context;
    private ServiceRegistration<Accelerator> reference;
    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    @Configuration
    public Option[] config() {
        return options(composite(PlatformOptions.base()),
                TestBundles.option("xor1", TestBundles.componentAccelerator(BSN, "1.0.0", XorAccelerator.class, XorAccelerator.INFO)),
                TestBundles.option("xor2", TestBundles.componentAccelerator(BSN, "2.0.0",
                        org.kerone.itest.bundles.xor2.XorAccelerator.class, org.kerone.itest.bundles.xor2.XorAccelerator.INFO)));
    }

    @Before
    public void registerReference() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Accelerator.DEVICE, XorReference.NAME);
        reference = context.registerService(Accelerator.class, new XorReference(), properties);
    }

    @After
    public void release() {
        reference.unregister();
        trackers.forEach(ServiceTracker::close);
    }

    @Test
    public void batchJobsGiveTheReferenceResults() throws Exception {
        // given the XOR bundle installed
        context.installBundle(TestBundles.file("xor1").toURI().toString()).start();

        // when the same guest program runs on "xor" and on the reference
        List<String> xor = batchCrcs(XorAccelerator.NAME, 20);
        List<String> expected = batchCrcs(XorReference.NAME, 20);

        // then every job gives the reference's result (and the inputs differ from job to job)
        assertEquals(20, xor.size());
        assertEquals(expected, xor);
        assertTrue("all jobs gave the same output: " + xor, xor.stream().distinct().count() > 1);
    }

    @Test
    public void liveJobsGiveTheReferenceResultsAcrossAHotSwap() throws Exception {
        try (Live live = new Live(context)) {
            // given version 1.0.0 serving a guest that loops on it
            Bundle bundle = live.install(TestBundles.file("xor1"));
            live.start(SPEED, SEED, "priority");
            live.prr("prr0", "small");
            live.vm(1, 10, String.format(PROGRAM, XorAccelerator.NAME), 0);
            live.until("3 jobs done on 1.0.0", () -> live.events("job_done", XorAcceleratorIT::vm1).size() >= 3);
            assertEquals("1.0.0", live.device(XorAccelerator.NAME).orElseThrow().version());
            assertEquals("a job's time on 1.0.0", runNs(XorAccelerator.INFO),
                    live.events("job_start", XorAcceleratorIT::vm1).get(0).get("run_ns"));

            // when the bundle is updated to 2.0.0
            try (InputStream v2 = new FileInputStream(TestBundles.file("xor2"))) {
                bundle.update(v2);
            }

            // then the platform rebinds the device to 2.0.0 and reloads the PRR with it
            int updated = live.awaitEventIndex("xor updated to 2.0.0", "device_updated",
                    e -> XorAccelerator.NAME.equals(e.get("device")) && "2.0.0".equals(e.get("version")));
            assertEquals(BSN + " 2.0.0", live.events().get(updated).get("bundle"));
            live.until("prr0 reloaded with 2.0.0", () -> live.indexOf(updated, "reconfig_start",
                    e -> XorAccelerator.NAME.equals(e.get("device"))) >= 0);
            int reloaded = live.indexOf(updated, "reconfig_start", e -> XorAccelerator.NAME.equals(e.get("device")));
            live.until("3 jobs done on 2.0.0", () -> live.events().subList(reloaded, live.events().size()).stream()
                    .filter(e -> "job_done".equals(e.get("ev")) && vm1(e)).count() >= 3);
            int startedOnV2 = live.indexOf(reloaded, "job_start", XorAcceleratorIT::vm1);
            assertEquals("a job's time on 2.0.0", runNs(org.kerone.itest.bundles.xor2.XorAccelerator.INFO),
                    live.events().get(startedOnV2).get("run_ns"));
            assertEquals("2.0.0", live.prrStatus("prr0").orElseThrow().version());
            // and every job, on either version, gave the reference's result
            List<String> done = live.events("job_done", XorAcceleratorIT::vm1).stream()
                    .map(e -> (String) e.get("crc")).toList();
            assertEquals("aborted jobs", List.of(), live.events("job_aborted", e -> true));
            assertEquals("failed requests", 0, live.platform().summary().failedTotal());
            assertEquals(batchCrcs(XorReference.NAME, done.size()), done);
        }
    }

    /** The crc of each job_done of VM 1 in a batch run of the guest program on {@code device}, {@code jobs} times. */
    private List<String> batchCrcs(String device, int jobs) throws Exception {
        Simulator simulator = service(Simulator.class);
        String json = "{\"name\": \"xor-" + device + "\", \"seed\": " + SEED + ", \"prrs\": [{\"id\": \"prr0\", \"class\": \"small\"}],"
                + " \"vms\": [{\"id\": 1, \"priority\": 10, \"repeat\": " + jobs + ", \"program\": [{\"compute\": \"5ms\"},"
                + " {\"use\": \"" + device + "\", \"bytes\": " + BYTES + "}]}]}";
        StringWriter trace = new StringWriter();
        simulator.run(simulator.parse("xor-" + device, json), RunOptions.DEFAULT, trace);
        List<String> crcs = new ArrayList<>();
        for (String line : trace.toString().split("\n")) {
            Matcher crc = CRC.matcher(line);
            if (line.contains("\"ev\":\"job_done\"") && crc.find()) {
                crcs.add(crc.group(1));
            }
        }
        return crcs;
    }

    /** A job's time: setup plus one unit of 64 bytes after the other, at the fabric clock. */
    private static long runNs(DeviceInfo info) {
        long units = (BYTES + XorAccelerator.BYTES_PER_UNIT - 1) / XorAccelerator.BYTES_PER_UNIT;
        return (info.setupCycles() + units * info.cyclesPerUnit()) * NS_PER_CYCLE;
    }

    private static boolean vm1(Map<String, Object> event) {
        return Long.valueOf(1).equals(event.get("vm"));
    }

    private <S> S service(Class<S> type) throws InterruptedException {
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
        trackers.add(tracker);
        tracker.open();
        S service = tracker.waitForService(Live.TIMEOUT_MS);
        assertTrue("no " + type.getSimpleName(), service != null);
        return service;
    }
}

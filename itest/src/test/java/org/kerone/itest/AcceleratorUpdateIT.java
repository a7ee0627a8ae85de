package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.CRC32;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kerone.itest.bundles.accel.TestAccelerator;
import org.kerone.vmm.PlatformStatus;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * An accelerator bundle updated to a new version while a job runs on the old one: the job finishes
 * on the old version, the next reconfiguration loads the new one.
 *
 * <p>The device is a {@link TestAccelerator} made with TinyBundles in two bundle versions whose
 * bitstreams differ in size (so the reconfiguration time tells which one the port loads) and
 * whose jobs write their version (so a job's {@code crc} tells which functional model ran it).
 *
 * <p>Scenarios:
 * <ul>
 * <li>updated from 1.0.0 to 2.0.0 during a job: the device reports 2.0.0, a device_updated event
 *     says so, the running job completes with 1.0.0's result, then the PRR is reconfigured with
 *     2.0.0's bitstream and later jobs give 2.0.0's result;
 * <li>while the 1.0.0 job still runs after the update, the PRR's status shows the version it holds.
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class AcceleratorUpdateIT {
    private static final String DEVICE = "upacc";
    /** Bitstream sizes of the two versions for the "large" class. */
    private static final int V1_BITSTREAM = 100_000;
    private static final int V2_BITSTREAM = 200_000;
    /** 2,000,000 cycles at 100 MHz per byte: a 64-byte job runs 1.28 s of virtual time. */
    private static final int CYCLES_PER_UNIT = 2_000_000;
    private static final int JOB_BYTES = 64;
    /** At speed 1 a job lasts 1.28 s of wall-clock time: long enough to update the bundle during one. */
    private static final double SPEED = 1;
    /** The zynq7000 profile's PCAP: 2 µs setup, then 128 MB/s. */
    private static final long PCAP_SETUP_NS = 2_000;
    private static final long PCAP_BYTES_PER_S = 128_000_000;

    @Inject
    private BundleContext context;
    private Live live;

    @Configuration
    public Option[] config() {
        return options(composite(PlatformOptions.base()),
                TestBundles.option("v1", TestBundles.accelerator(DEVICE, "1.0.0", "large=" + V1_BITSTREAM, CYCLES_PER_UNIT)),
                TestBundles.option("v2", TestBundles.accelerator(DEVICE, "2.0.0", "large=" + V2_BITSTREAM, CYCLES_PER_UNIT)));
    }

    @Before
    public void startPlatform() {
        live = new Live(context);
        live.start(SPEED, 5, "priority");
        live.prr("prr0", "large");
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void nextReconfigurationLoadsTheNewVersionAfterTheRunningJobEnds() throws Exception {
        // given version 1.0.0 installed and a guest's job running on it
        Bundle bundle = live.install(TestBundles.file("v1"));
        live.vm(1, 10, "compute 10ms; use " + DEVICE + " " + JOB_BYTES, 0);
        awaitJobOnPrr0();
        assertEquals("1.0.0", live.device(DEVICE).orElseThrow().version());
        Map<String, Object> firstLoad = live.awaitEvent("v1 loaded", "reconfig_start", e -> DEVICE.equals(e.get("device")));
        assertEquals("T_RCFG of 1.0.0's bitstream", reconfigurationNs(V1_BITSTREAM), firstLoad.get("t_rcfg_ns"));

        // when the bundle is updated to 2.0.0
        try (InputStream v2 = new FileInputStream(TestBundles.file("v2"))) {
            bundle.update(v2);
        }

        // then the device is 2.0.0 at once
        Live.await("device version 2.0.0", () -> live.device(DEVICE).filter(d -> "2.0.0".equals(d.version())));
        Map<String, Object> updated = live.awaitEvent("update to 2.0.0", "device_updated",
                e -> DEVICE.equals(e.get("device")) && "2.0.0".equals(e.get("version")));
        int updatedAt = live.events().indexOf(updated);
        // the job that ran on 1.0.0 completes with 1.0.0's result, not aborted
        live.until("a job done after the update", () -> live.indexOf(updatedAt, "job_done", this::vm1) >= 0);
        int doneAt = live.indexOf(updatedAt, "job_done", this::vm1);
        assertEquals("the job running during the update did not end with 1.0.0's result",
                crcOf("1.0.0"), live.events().get(doneAt).get("crc"));
        assertEquals("jobs aborted", 0, live.events("job_aborted", this::vm1).size());
        // the next reconfiguration of the device loads 2.0.0's bitstream
        live.until("a reconfiguration after the job", () -> live.indexOf(doneAt, "reconfig_start", this::device) >= 0);
        Map<String, Object> secondLoad = live.events().get(live.indexOf(doneAt, "reconfig_start", this::device));
        assertEquals("T_RCFG of 2.0.0's bitstream", reconfigurationNs(V2_BITSTREAM), secondLoad.get("t_rcfg_ns"));
        // and the jobs after it give 2.0.0's result
        int reloadAt = live.events().indexOf(secondLoad);
        live.until("a job done on 2.0.0", () -> live.indexOf(reloadAt, "job_done", this::vm1) >= 0);
        assertEquals(crcOf("2.0.0"), live.events().get(live.indexOf(reloadAt, "job_done", this::vm1)).get("crc"));
        assertEquals("2.0.0", live.prrStatus("prr0").orElseThrow().version());
        assertEquals("failures " + live.platform().summary().failed(), 0, live.platform().summary().failedTotal());
    }

    @Test
    public void statusShowsTheVersionThePrrHoldsUntilItIsReloaded() throws Exception {
        // given version 1.0.0 installed and a guest's job running on it
        Bundle bundle = live.install(TestBundles.file("v1"));
        live.vm(1, 10, "compute 10ms; use " + DEVICE + " " + JOB_BYTES, 0);
        awaitJobOnPrr0();

        // when the bundle is updated to 2.0.0 while the job runs
        try (InputStream v2 = new FileInputStream(TestBundles.file("v2"))) {
            bundle.update(v2);
        }
        Live.await("device version 2.0.0", () -> live.device(DEVICE).filter(d -> "2.0.0".equals(d.version())));

        // then, as long as that job runs, prr0 is shown holding 1.0.0 (its bitstream, its model)
        PlatformStatus.PrrStatus prr0 = live.prrStatus("prr0").orElseThrow();
        assertEquals("prr0 is not busy with VM 1's job any more: " + prr0, "busy", prr0.state());
        assertEquals("version shown for prr0, which still runs 1.0.0: " + prr0, "1.0.0", prr0.version());
    }

    /** Waits until prr0 runs VM 1's job, far from its end. */
    private void awaitJobOnPrr0() {
        live.until("VM 1's job running on prr0", () -> live.prrStatus("prr0")
                .filter(p -> "busy".equals(p.state()) && p.jobVm() == 1 && p.unitsDone() < p.unitsTotal() / 2).isPresent());
    }

    private boolean vm1(Map<String, Object> event) {
        return Long.valueOf(1).equals(event.get("vm"));
    }

    private boolean device(Map<String, Object> event) {
        return DEVICE.equals(event.get("device"));
    }

    /** T_RCFG of a bitstream on the zynq7000 profile. */
    private static long reconfigurationNs(long bytes) {
        return PCAP_SETUP_NS + (bytes * 1_000_000_000L + PCAP_BYTES_PER_S - 1) / PCAP_BYTES_PER_S;
    }

    /** The crc a job_done event carries for a job of {@code version}: the guest's whole (64-byte) output buffer. */
    private static String crcOf(String version) {
        CRC32 crc = new CRC32();
        crc.update(TestAccelerator.output(version, TestAccelerator.OUTPUT_BYTES));
        return Long.toHexString(crc.getValue());
    }
}

package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kerone.vmm.DeviceStatus;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;

/**
 * An accelerator bundle installed while the platform runs becomes a device every VM can use.
 *
 * <p>Scenarios:
 * <ul>
 * <li>before the CRC-32 bundle is there, a guest's uses of "crc32" fail with "no such device 'crc32'"
 *     and the guest goes on;
 * <li>installed from its file, the bundle's device appears (version, address, classes it fits) and
 *     the guest that uses it, running since before, gets its jobs done;
 * <li>a guest booted after the install is served at once.
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class AcceleratorInstallIT {
    private static final double SPEED = 50;
    private static final String CRC_LOOP = "compute 200ms; use crc32 65536";
    private static final String AES_LOOP = "compute 300ms; use aes128 16384";
    /** Virtual address of device 0's register page in every VM; device d is d pages above. */
    private static final long DEVICE_WINDOW = 0x6000_0000L;

    @Inject
    private BundleContext context;
    private Live live;

    @Configuration
    public Option[] config() {
        return PlatformOptions.base();
    }

    @Before
    public void startPlatform() {
        live = new Live(context);
        live.start(SPEED, 3, "priority");
        live.prr("prr0", "large");
        live.prr("prr1", "small");
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void usesOfAMissingDeviceFail() {
        // given no crc32 bundle, a guest that uses crc32 and one that uses aes128
        live.vm(1, 10, CRC_LOOP, 0);
        live.vm(2, 10, AES_LOOP, 0);

        // when it runs
        // then its requests fail with the reason, and it goes on failing, one use after another
        live.awaitEvent("a failure of VM 1", "failed", e -> Long.valueOf(1).equals(e.get("vm"))
                && "no such device 'crc32'".equals(e.get("reason")));
        live.until("VM 1 failing again", () -> live.vmNow(1).failed() >= 3);
        assertEquals(0, live.vmNow(1).jobs());
        assertTrue("failures by reason " + live.platform().summary().failed(),
                live.platform().summary().failed().getOrDefault("no such device 'crc32'", 0L) >= 3);
        // and the other guest is not disturbed
        live.awaitMoreJobs(2, 3);
    }

    @Test
    public void installedAcceleratorServesAGuestRunningSinceBefore() throws Exception {
        // given a guest using crc32 before the bundle is there
        live.vm(1, 10, CRC_LOOP, 0);
        live.vm(2, 10, AES_LOOP, 0);
        live.until("VM 1 failing", () -> live.vmNow(1).failed() >= 1);

        // when the crc32 bundle is installed from its file
        live.install(PlatformOptions.bundleFile("accelerators.crc32"));

        // then its device appears in every VM and the guest's jobs get done
        DeviceStatus crc = Live.await("device crc32", () -> live.device("crc32"));
        assertEquals("1.0.0", crc.version());
        assertEquals(List.of("large", "small"), crc.fits());
        assertEquals(DEVICE_WINDOW + ((long) crc.dev() << 12), crc.address());
        assertFalse(crc.removed());
        Map<String, Object> added = live.awaitEvent("crc32 added", "device_added", e -> "crc32".equals(e.get("device")));
        assertEquals("1.0.0", added.get("version"));
        long failed = live.vmNow(1).failed();
        live.awaitMoreJobs(1, 3);
        live.awaitEvent("a crc32 job of VM 1 done", "job_done",
                e -> Long.valueOf(1).equals(e.get("vm")) && Long.valueOf(crc.dev()).equals(e.get("dev")));
        assertTrue("VM 1 failed again after the install", live.vmNow(1).failed() <= failed + 1);
        live.awaitMoreJobs(2, 1);
    }

    @Test
    public void guestBootedAfterTheInstallIsServed() throws Exception {
        // given the crc32 bundle installed while the platform runs
        live.install(PlatformOptions.bundleFile("accelerators.crc32"));
        Live.await("device crc32", () -> live.device("crc32"));

        // when a guest that uses it boots
        live.vm(4, 40, CRC_LOOP, 0);

        // then it is served and nothing fails
        live.awaitMoreJobs(4, 3);
        assertEquals(1, live.vmNow(4).served());
        assertEquals(0, live.vmNow(4).failed());
    }
}

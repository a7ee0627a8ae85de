package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.lang.ref.WeakReference;
import java.util.Map;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kerone.itest.bundles.accel.TestAccelerator;
import org.kerone.vmm.DeviceStatus;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * An accelerator bundle uninstalled while a guest's job runs on it: that guest gets the "device
 * removed" failure, the other guests go on, and the bundle's classes are released.
 *
 * <p>Scenarios:
 * <ul>
 * <li>uninstalled mid-job: the job is aborted with reason "device removed", the device is shown
 *     removed, its guest's later uses fail with that reason, and the other guests keep being served;
 * <li>uninstalled and refreshed: nothing holds the bundle's accelerator class any more (a weak
 *     reference to it is cleared by the garbage collector).
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class AcceleratorUninstallIT {
    private static final String DEVICE = "goneacc";
    /** 2,000,000 cycles at 100 MHz per byte: a 64-byte job runs 1.28 s of virtual time. */
    private static final int CYCLES_PER_UNIT = 2_000_000;
    /** At speed 2 a job lasts 0.64 s of wall-clock time. */
    private static final double SPEED = 2;
    /**
     * Three guests, two of them using aes128: they keep taking the PRRs from one another (even when
     * both PRRs are theirs after the removal), so each use traps and is served.
     */
    private static final String AES_LOOP = "compute 20ms; use aes128 4096";
    private static final String AES_LOOP_2 = "compute 25ms; use aes128 8192";
    private static final String SHA_LOOP = "compute 30ms; use sha256 4096";

    @Inject
    private BundleContext context;
    private Live live;

    @Configuration
    public Option[] config() {
        return options(composite(PlatformOptions.base()),
                TestBundles.option("acc", TestBundles.accelerator(DEVICE, "1.0.0", "large=100000", CYCLES_PER_UNIT)));
    }

    @Before
    public void startPlatform() {
        live = new Live(context);
        live.start(SPEED, 9, "priority");
        live.prr("prr0", "large");
        live.prr("prr1", "large");
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void jobFailsWithDeviceRemovedAndOtherGuestsGoOn() throws Exception {
        // given the accelerator running VM 1's job, while VMs 2, 3 and 4 share the other PRR
        Bundle bundle = live.install(TestBundles.file("acc"));
        live.vm(1, 10, "compute 10ms; use " + DEVICE + " 64", 0);
        live.vm(2, 10, AES_LOOP, 0);
        live.vm(3, 10, SHA_LOOP, 0);
        live.vm(4, 10, AES_LOOP_2, 0);
        live.awaitMoreServed(2, 2);
        live.awaitMoreServed(4, 2);
        String prr = awaitJobOfVm1();

        // when the bundle is uninstalled mid-job
        int before = live.events().size();
        bundle.uninstall();

        // then the job is aborted: its VM is told "device removed"
        live.until("VM 1's job aborted", () -> live.indexOf(before, "job_aborted", this::vm1) >= 0);
        Map<String, Object> aborted = live.events().get(live.indexOf(before, "job_aborted", this::vm1));
        assertEquals("device removed", aborted.get("reason"));
        live.awaitEvent("device removed", "device_removed", e -> DEVICE.equals(e.get("device")));
        DeviceStatus gone = Live.await("device shown removed", () -> live.device(DEVICE).filter(DeviceStatus::removed));
        assertNull("version of a removed device", gone.version());
        assertEquals("PRRs still holding it", 0, gone.loadedIn().size());
        live.until(prr + " free of " + DEVICE, () -> live.prrStatus(prr).filter(p -> !DEVICE.equals(p.device())).isPresent());
        // its later uses fault with that reason, and it goes on running
        live.awaitEvent("VM 1's next use failed", "failed",
                e -> vm1(e) && String.valueOf(e.get("reason")).contains("removed"));
        live.until("VM 1 failing use after use", () -> live.vmNow(1).failed() >= 3);
        // the other guests keep running and being served
        live.awaitMoreServed(2, 3);
        live.awaitMoreServed(4, 3);
        live.awaitMoreJobs(3, 3);
        for (int vm = 2; vm <= 4; vm++) {
            assertEquals("VM " + vm + " failed", 0, live.vmNow(vm).failed());
        }
    }

    @Test
    public void uninstalledBundlesClassesAreReleased() throws Exception {
        // given the accelerator running VM 1's job
        Bundle bundle = live.install(TestBundles.file("acc"));
        live.vm(1, 10, "compute 10ms; use " + DEVICE + " 64", 0);
        awaitJobOfVm1();
        WeakReference<Class<?>> accelerator = new WeakReference<>(bundle.loadClass(TestAccelerator.class.getName()));
        assertTrue("the class did not come from the test bundle",
                accelerator.get() != TestAccelerator.class && accelerator.get().getClassLoader() != null);

        // when the bundle is uninstalled mid-job and the framework refreshed
        bundle.uninstall();
        bundle = null;
        live.awaitEvent("device removed", "device_removed", e -> DEVICE.equals(e.get("device")));
        live.refresh();

        // then, once the garbage collector ran, nothing holds its class any more
        long deadline = System.currentTimeMillis() + Live.TIMEOUT_MS;
        while (accelerator.get() != null && System.currentTimeMillis() < deadline) {
            System.gc();
            Live.sleep(100);
        }
        assertNull("the uninstalled bundle's accelerator class is still referenced", accelerator.get());
        // and the platform runs on
        live.awaitEvent("VM 1's next use failed", "failed", e -> vm1(e));
    }

    /** Waits until VM 1's job runs, far from its end; returns the PRR it runs on. */
    private String awaitJobOfVm1() {
        return Live.await("VM 1's job running", () -> live.platform().status().prrs().stream()
                .filter(p -> "busy".equals(p.state()) && p.jobVm() == 1 && p.unitsDone() < p.unitsTotal() / 2)
                .map(p -> p.id()).findFirst());
    }

    private boolean vm1(Map<String, Object> event) {
        return Long.valueOf(1).equals(event.get("vm"));
    }
}

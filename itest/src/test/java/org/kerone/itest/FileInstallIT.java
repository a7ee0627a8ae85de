package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Hot deploy with FileInstall: a folder watched every 100 ms, into which a user copies accelerator
 * jars and configuration files.
 *
 * <p>Scenarios:
 * <ul>
 * <li>the CRC-32 accelerator's jar copied into the folder: its device appears and a guest using it
 *     is served;
 * <li>the jar deleted again: the device is shown removed;
 * <li>a {@code kerone.vm-NAME.cfg} file dropped into the folder boots that VM.
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class FileInstallIT {
    private static final double SPEED = 50;

    @Inject
    private BundleContext context;
    private Live live;
    private Path deploy;

    @Configuration
    public Option[] config() {
        return PlatformOptions.base();
    }

    @Before
    public void startPlatform() throws Exception {
        live = new Live(context);
        live.start(SPEED, 19, "priority");
        live.prr("prr0", "large");
        deploy = live.deployFolder();
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void droppedAcceleratorJarIsPickedUp() throws Exception {
        // given a running platform without crc32
        assertFalse(live.device("crc32").isPresent());

        // when the crc32 jar is copied into the deploy folder
        Live.drop(PlatformOptions.bundleFile("accelerators.crc32").toPath(), deploy.resolve("crc32.jar"));

        // then its device appears, and a guest using it is served
        DeviceStatus crc = Live.await("device crc32", () -> live.device("crc32"));
        assertEquals("1.0.0", crc.version());
        live.vm(1, 10, "compute 100ms; use crc32 4096", 0);
        live.awaitMoreJobs(1, 3);
        assertEquals(0, live.vmNow(1).failed());
    }

    @Test
    public void deletedAcceleratorJarRemovesTheDevice() throws Exception {
        // given the crc32 jar deployed and in use
        Path jar = deploy.resolve("crc32.jar");
        Live.drop(PlatformOptions.bundleFile("accelerators.crc32").toPath(), jar);
        Live.await("device crc32", () -> live.device("crc32"));
        live.vm(1, 10, "compute 100ms; use crc32 4096", 0);
        live.awaitMoreJobs(1, 1);

        // when the jar is deleted
        Files.delete(jar);

        // then the device is shown removed, and the guest's uses fail with that reason
        Live.await("device crc32 removed", () -> live.device("crc32").filter(DeviceStatus::removed));
        live.awaitEvent("a use of the removed device failed", "failed",
                e -> Long.valueOf(1).equals(e.get("vm")) && String.valueOf(e.get("reason")).contains("removed"));
        live.until("the crc32 bundle gone", () -> live.bundle("accelerators.crc32").isEmpty());
    }

    @Test
    public void droppedVmConfigurationFileBootsTheVm() throws Exception {
        // given a running platform
        // when a VM's configuration file is dropped into the folder
        Path cfg = Files.createTempFile(deploy.getParent(), "vm", ".cfg");
        Files.writeString(cfg, String.join("\n",
                "id = 7",
                "priority = 20",
                "program = compute 100ms; use aes128 4096",
                "start = 0ns",
                ""), StandardCharsets.UTF_8);
        Live.drop(cfg, deploy.resolve("kerone.vm-dropped.cfg"));

        // then the VM boots and is served (FileInstall may update the configuration more than once
        // while it takes the file in, and the platform reboots the VM on each update: wait for jobs)
        live.until("VM 7 in the status, with jobs done (configurations: " + configurations() + ")",
                () -> live.vmStatus(7).filter(vm -> vm.jobs() >= 2).isPresent());
        assertEquals(20, live.vmNow(7).priority());
    }

    @Test
    public void aConfigurationFileIsReadButNeverWritten() throws Exception {
        // given a VM's configuration file, with a comment, dropped into the folder
        Path cfg = Files.createTempFile(deploy.getParent(), "vm", ".cfg");
        String text = String.join("\n",
                "# the crypto guest",
                "id = 8",
                "priority = 20",
                "program = compute 100ms; use aes128 4096",
                "");
        Files.writeString(cfg, text, StandardCharsets.UTF_8);
        Path file = deploy.resolve("kerone.vm-kept.cfg");
        Live.drop(cfg, file);
        java.nio.file.attribute.FileTime dropped = Files.getLastModifiedTime(file);

        // when the VM has booted and run
        live.until("VM 8 in the status, with jobs done", () -> live.vmStatus(8).filter(vm -> vm.jobs() >= 2).isPresent());
        Live.sleep(500);

        // then the file is as the user wrote it: FileInstall did not write the configuration back
        assertEquals(text, Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(dropped, Files.getLastModifiedTime(file));
    }

    private String configurations() {
        try {
            org.osgi.service.cm.Configuration[] all = live.configAdmin().listConfigurations(null);
            return all == null ? "none" : java.util.Arrays.stream(all).map(c -> c.getPid() + "=" + c.getProperties())
                    .collect(java.util.stream.Collectors.joining("; "));
        } catch (Exception e) {
            return e.toString();
        }
    }
}

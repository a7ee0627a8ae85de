package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The live platform comes up from configuration: its bundles start next to Config Admin, Event
 * Admin, Log, Metatype and FileInstall; the configurations, described by metatype, make the
 * Platform service appear, and its guests get served.
 *
 * <p>Scenarios:
 * <ul>
 * <li>with no configuration there is no Platform service;
 * <li>the platform's PIDs are described by metatype;
 * <li>configured with two PRRs and three VMs, the platform serves every VM: status, summary and
 *     virtual time agree, every request is served, the events arrive on the Event Admin;
 * <li>a VM configured with its required keys only (start defaults to "0") boots;
 * <li>a platform configured with declared keys only logs no refusal;
 * <li>a VM added while the platform runs is served; a VM removed disappears;
 * <li>deleting the platform's configuration takes the Platform service away.
 * </ul>
 */
@RunWith(PaxExam.class)
// one container for the class: each test's configurations are deleted after it (Live.close)
@ExamReactorStrategy(PerClass.class)
public class LivePlatformIT {
    /** Virtual seconds per wall-clock second. */
    private static final double SPEED = 100;
    private static final String AES_LOOP = "compute 500ms; use aes128 65536";
    private static final String SHA_LOOP = "compute 700ms; use sha256 16384";

    @Inject
    private BundleContext context;
    private Live live;

    @Configuration
    public Option[] config() {
        return PlatformOptions.base();
    }

    @Before
    public void listen() {
        live = new Live(context);
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void theLiveServicesBundlesAreActive() {
        // given the container of every test
        // then Config Admin, Event Admin, Log, Metatype and FileInstall run next to the platform
        List<String> wanted = List.of("org.apache.felix.configadmin", "org.apache.felix.eventadmin", "org.apache.felix.log",
                "org.apache.felix.metatype", "org.apache.felix.fileinstall", "platform.vmm", "platform.fpga");
        String inactive = wanted.stream()
                .filter(bsn -> Arrays.stream(context.getBundles())
                        .noneMatch(b -> bsn.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE))
                .collect(Collectors.joining(", "));
        assertEquals("bundles not active", "", inactive);
    }

    @Test
    public void withoutConfigurationThereIsNoPlatform() {
        // given no configuration
        // when a moment passes
        Live.sleep(300);
        // then the platform did not start
        assertNull("a Platform service without configuration", live.platformNow());
    }

    @Test
    public void metatypeDescribesTheConfigurations() throws Exception {
        // given the VMM bundle
        Bundle vmm = Arrays.stream(context.getBundles()).filter(b -> "platform.vmm".equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
        ServiceTracker<MetaTypeService, MetaTypeService> tracker = new ServiceTracker<>(context, MetaTypeService.class, null);
        tracker.open();
        try {
            // when the metatype service reads it
            MetaTypeInformation info = tracker.waitForService(Live.TIMEOUT_MS).getMetaTypeInformation(vmm);

            // then the platform and the VDM are singletons, PRRs and VMs are factories
            assertEquals(List.of(Platform.PID, Platform.VDM_PID), sorted(info.getPids()));
            assertEquals(List.of(Platform.PRR_FACTORY_PID, Platform.VM_FACTORY_PID), sorted(info.getFactoryPids()));
            List<String> vmKeys = Arrays.stream(info.getObjectClassDefinition(Platform.VM_FACTORY_PID, null)
                    .getAttributeDefinitions(org.osgi.service.metatype.ObjectClassDefinition.ALL))
                    .map(a -> a.getID()).sorted().collect(Collectors.toList());
            assertEquals(List.of("id", "priority", "program", "repeat", "start"), vmKeys);
        } finally {
            tracker.close();
        }
    }

    @Test
    public void configuredPlatformServesItsGuests() {
        // given the platform, two PRRs and three VMs configured through Config Admin, two of which
        // use aes128, so that they keep taking its PRR from each other and trapping again
        Platform platform = live.start(SPEED, 7, "priority");
        live.prr("prr0", "large");
        live.prr("prr1", "large");
        // of equal priority: the guest scheduler runs a higher-priority guest whenever it is ready,
        // so a guest that computes most of the time would starve the others of the CPU
        live.vm(1, 10, AES_LOOP, 0);
        live.vm(2, 10, SHA_LOOP, 0);
        live.vm(3, 10, AES_LOOP, 0);

        // when virtual time passes
        long now = platform.status().nowNs();
        assertTrue("virtual time stands still", awaitVirtualTime(platform, now + 30_000_000_000L));

        // then every guest was served, nothing failed, and status, summary and events agree
        PlatformStatus status = platform.status();
        assertEquals("priority", status.policy());
        assertEquals(SPEED, status.speed(), 0);
        assertEquals(List.of("prr0", "prr1"), status.prrs().stream().map(PlatformStatus.PrrStatus::id).collect(Collectors.toList()));
        assertEquals(List.of(1, 2, 3), status.vms().stream().map(PlatformStatus.VmStatus::id).collect(Collectors.toList()));
        for (PlatformStatus.VmStatus vm : status.vms()) {
            assertTrue("VM " + vm.id() + " did not work: " + vm + "\n" + live.diagnosis() + "\n--- its events:\n"
                    + live.events().stream().filter(e -> Long.valueOf(vm.id()).equals(e.get("vm"))).limit(40)
                    .map(Object::toString).collect(Collectors.joining("\n")), vm.jobs() >= 10 && vm.served() >= 1);
            assertEquals("VM " + vm.id() + " failed requests", 0, vm.failed());
        }
        Summary summary = platform.summary();
        assertEquals("failed " + summary.failed(), 0, summary.failedTotal());
        // VMs 1 and 3 take the aes128 PRR from each other: each of their uses traps and is served
        assertTrue("VMs 1 and 3 did not trap again: " + status.vms(), status.vms().get(0).served() >= 5
                && status.vms().get(2).served() >= 5);
        long served = status.vms().stream().mapToLong(PlatformStatus.VmStatus::served).sum();
        assertTrue("summary served " + summary.served() + " < status served " + served, summary.served() >= served);
        assertTrue("requests " + summary.requests() + " < served " + summary.served(), summary.requests() >= summary.served());
        live.until("a served event of each VM on the Event Admin", () -> List.of(1L, 2L, 3L).stream()
                .allMatch(vm -> !live.events("served", e -> vm.equals(e.get("vm"))).isEmpty()));
        List<String> last = platform.trace(5);
        assertEquals("trace(5) " + last, 5, last.size());
        assertTrue("trace lines are not JSON events: " + last, last.stream().allMatch(l -> l.startsWith("{\"t\":")));
    }

    @Test
    public void aVmConfiguredWithoutStartBoots() {
        // given a running platform
        live.start(SPEED, 7, "priority");
        live.prr("prr0", "large");

        // when a VM is configured with the keys it needs only ("start" has a default: "0")
        live.configure(Platform.VM_FACTORY_PID, "plain", Map.of("id", 5, "program", AES_LOOP));

        // then it boots and is served, and nothing was refused
        live.until("VM 5 in the platform's status", () -> live.vmStatus(5).isPresent());
        live.awaitMoreJobs(5, 1);
        assertEquals("refusals logged", List.of(), live.log("kerone.vm~plain").stream().map(e -> e.getMessage())
                .collect(Collectors.toList()));
    }

    @Test
    public void aPlatformConfiguredWithKnownKeysLogsNoRefusal() {
        // given a platform configuration with declared keys only
        live.start(SPEED, 7, "priority");
        live.prr("prr0", "large");

        // when it has started
        Live.sleep(200);

        // then no "unknown key" line was logged about it
        assertEquals("refusals logged", List.of(), live.log(Platform.PID + ": unknown key").stream()
                .map(e -> e.getMessage()).collect(Collectors.toList()));
    }

    @Test
    public void vmsComeAndGoWithTheirConfigurations() {
        // given a running platform with one VM
        live.start(SPEED, 7, "priority");
        live.prr("prr0", "large");
        org.osgi.service.cm.Configuration first = live.vm(1, 10, AES_LOOP, 0);
        live.awaitMoreJobs(1, 2);

        // when a second VM is configured and the first one's configuration deleted
        live.vm(2, 30, SHA_LOOP, 0);
        live.delete(first);

        // then the second one is served and the first one is gone
        live.awaitMoreJobs(2, 3);
        Live.await("VM 1 gone from the status", () -> live.vmStatus(1).isEmpty());
        live.awaitEvent("VM 1 removed", "vm_removed", e -> Long.valueOf(1).equals(e.get("vm")));
    }

    @Test
    public void deletingThePlatformConfigurationStopsIt() {
        // given a running platform
        live.start(SPEED, 7, "priority");
        live.prr("prr0", "large");
        live.vm(1, 10, AES_LOOP, 0);
        live.awaitMoreJobs(1, 1);

        // when its configuration is deleted
        live.delete(live.configure(Platform.PID, Map.of("speed", SPEED)));

        // then the Platform service goes away
        Live.await("the Platform service gone", () -> live.platformNow() == null);
        assertNull("a Platform service after its configuration was deleted", live.platformNow());
    }

    private static boolean awaitVirtualTime(Platform platform, long ns) {
        try {
            return platform.awaitVirtualTime(ns, Live.TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> sorted(String[] values) {
        return values == null ? List.of() : Arrays.stream(values).sorted().collect(Collectors.toList());
    }
}

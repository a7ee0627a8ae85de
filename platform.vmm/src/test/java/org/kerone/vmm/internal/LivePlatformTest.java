package org.kerone.vmm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerone.accelerators.aes128.Aes128Accelerator;
import org.kerone.accelerators.crc32.Crc32Accelerator;
import org.kerone.accelerators.sha256.Sha256Accelerator;
import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.Resources;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.internal.SimulatedFabricFactory;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.policy.priority.PriorityPolicy;
import org.kerone.vmm.PlatformStatus;
import org.kerone.vmm.Programs;
import org.kerone.vmm.VmSpec;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * The live platform outside a framework: the kernel thread paces virtual time, topology changes
 * through the configuration interface, devices and policies come and go, nothing is lost.
 */
class LivePlatformTest {
    private LivePlatform platform;
    private final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The priority policy {@link #start(int)} binds. */
    private final PriorityPolicy priority = new PriorityPolicy();

    @BeforeEach
    void start() throws Exception {
        start(500);
    }

    /** A platform with aes128 and sha256 and the priority policy, keeping the last {@code keep} trace events. */
    private void start(int keep) throws Exception {
        platform = new LivePlatform(new SimulatedFabricFactory());
        bind(new Aes128Accelerator());
        bind(new Sha256Accelerator());
        platform.bindPolicy(priority, Map.of(AllocationPolicy.NAME, "priority"));
        platform.activate(proxy(BundleContext.class, Map.of()), config(200.0, keep), new HashMap<>());
        platform.onError(t -> log.add(t.toString()));
        platform.selectConfiguredPolicy("priority");
        platform.checkInvariants();
    }

    @AfterEach
    void stop() throws Exception {
        platform.deactivate();
    }

    /** One large PRR and VM 1 using aes128 every 100 us; the start ends. */
    private void oneVmUsingAes() {
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        platform.addVm("v1", vm(1, 10, "compute 100us; use aes128 4096"));
        platform.endStart();
    }

    interface Action {
        void run() throws Exception;
    }

    /** What {@code action} printed on standard error (where the platform reports without a Log service). */
    private static String stderrOf(Action action) throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            action.run();
        } finally {
            System.setErr(before);
        }
        return err.toString();
    }

    private void bind(Accelerator acc) {
        platform.bindAccelerator(acc, serviceRef(acc.info().name()));
    }

    private static ServiceReference<Accelerator> serviceRef(String name) {
        return serviceRef(name, 7L);
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Accelerator> serviceRef(String name, long bundleId) {
        Bundle bundle = proxy(Bundle.class, Map.of("getSymbolicName", "accelerators." + name, "getVersion", Version.parseVersion("1.0.0"),
                "getLocation", "test:" + name, "getState", Bundle.ACTIVE, "getBundleId", bundleId));
        return proxy(ServiceReference.class, Map.of("getBundle", bundle));
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(LivePlatformTest.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (answers.containsKey(m.getName())) {
                return answers.get(m.getName());
            }
            if (m.getName().equals("equals")) {
                return p == a[0];
            }
            if (m.getName().equals("hashCode")) {
                return System.identityHashCode(p);
            }
            Class<?> r = m.getReturnType();
            if (r == boolean.class) {
                return Boolean.FALSE;
            } else if (r == int.class) {
                return 0;
            } else if (r == long.class) {
                return 0L;
            } else if (r == double.class) {
                return 0.0;
            }
            return null;
        });
    }

    private static LivePlatform.Config config(double speed) {
        return config(speed, 500);
    }

    private static LivePlatform.Config config(double speed, int keep) {
        return proxy(LivePlatform.Config.class, Map.of("profile", "zynq7000", "quantum", "1ms", "speed", speed, "seed", 1L,
                "trace_file", "", "trace_keep", keep));
    }

    private static VmSpec vm(int id, int prio, String program) {
        return new VmSpec(id, prio, Programs.parse(program), 0, 0);
    }

    @Test
    void guestsAreServedAndTheTopologyChangesWhileRunning() throws Exception {
        // given two PRRs and three looping guests
        assertThat(platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)))).isTrue();
        assertThat(platform.addPrr("p1", new PrrSpec("prr1", "large", new Resources(0, 0, 0, 0)))).isTrue();
        platform.addVm("v1", vm(1, 10, "compute 200us; use aes128 65536"));
        platform.addVm("v2", vm(2, 20, "compute 300us; use sha256 65536; compute 100us; use aes128 4096"));
        platform.addVm("v3", vm(3, 30, "compute 1ms; use sha256 4096"));
        // when virtual time passes
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 60_000_000L, 20_000)).isTrue();
        PlatformStatus status = platform.status();
        // then guests are served
        assertThat(status.vms()).hasSize(3);
        assertThat(log).isEmpty();
        assertThat(status.vms().stream().mapToLong(PlatformStatus.VmStatus::served).sum()).as("%s\n%s", status, platform.trace(30)).isPositive();
        assertThat(platform.summary().jobs()).isPositive();
        // when a PRR goes, a VM goes, a device arrives, the policy changes
        platform.removePrr("p1");
        platform.removeVm("v3");
        bind(new Crc32Accelerator());
        platform.addVm("v4", vm(4, 15, "compute 100us; use crc32 4096"));
        platform.selectPolicy("builtin");
        assertThat(platform.policy()).isEqualTo("builtin");
        long t = platform.status().nowNs();
        assertThat(platform.awaitVirtualTime(t + 60_000_000L, 20_000)).isTrue();
        // a PRR with a job or a reservation goes when that ends
        long deadline = System.currentTimeMillis() + 20_000;
        while (platform.status().prrs().size() > 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        // then the rest keeps running on the remaining PRR, and nothing is lost
        status = platform.status();
        assertThat(status.prrs()).extracting(PlatformStatus.PrrStatus::id).containsExactly("prr0");
        assertThat(status.vms()).extracting(PlatformStatus.VmStatus::id).containsExactly(1, 2, 4);
        assertThat(status.vms().stream().filter(v -> v.id() == 4).findFirst().orElseThrow().served()).isPositive();
        assertThat(platform.devices()).extracting(d -> d.name()).contains("crc32");
        assertThat(platform.trace(10)).hasSize(10);
        // and the invariants held after every event, and no event failed
        assertThat(log).isEmpty();
        assertThatThrownBy(() -> platform.selectPolicy("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no policy 'nope'");
        assertThatThrownBy(() -> platform.load("nope", "prr0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRemovedDeviceFailsItsJobsAndRequestsAndAnUpdatedOneIsLoadedAnew() throws Exception {
        // given one PRR, a guest with long AES jobs and another hashing
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        platform.addPrr("p1", new PrrSpec("prr1", "large", new Resources(0, 0, 0, 0)));
        platform.addVm("v1", vm(1, 10, "use aes128 65536; compute 100us"));
        platform.addVm("v2", vm(2, 20, "compute 500us; use sha256 4096"));
        long t0 = platform.status().nowNs();
        assertThat(platform.awaitVirtualTime(t0 + 8_000_000L, 20_000)).isTrue();
        // when the aes128 service is replaced by a new instance (an update), then unbound for good
        Aes128Accelerator v2 = new Aes128Accelerator();
        bind(v2);
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 20_000_000L, 60_000)).isTrue();
        // the update names the device's version and the bundle it came from
        assertThat(platform.trace(500)).anyMatch(l -> l.contains("\"ev\":\"device_updated\"") && l.contains("\"device\":\"aes128\"")
                && l.contains("\"version\":\"" + v2.info().version() + "\"") && l.endsWith("\"bundle\":\"accelerators.aes128 1.0.0\"}"));
        platform.unbindAccelerator(v2, serviceRef("aes128"));
        Thread.sleep(1_500);
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 20_000_000L, 60_000)).isTrue();
        // then VM 1's uses fail with "device removed", VM 2 keeps being served
        assertThat(platform.trace(500)).anyMatch(l -> l.contains("device removed"));
        assertThat(platform.devices()).filteredOn(d -> d.name().equals("aes128")).singleElement()
                .satisfies(d -> assertThat(d.removed()).isTrue());
        long jobs = platform.status().vms().get(1).jobs();
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 20_000_000L, 60_000)).isTrue();
        assertThat(platform.status().vms().get(1).jobs()).isGreaterThan(jobs);
        assertThat(log).isEmpty();
    }

    @Test
    void aSpeedSetIsTheSpeedReadRightAfter() {
        // the console prints "speed X (was Y)" from the value read right after setting it
        for (int i = 1; i <= 20; i++) {
            double x = 10.0 * i;
            platform.speed(x);
            assertThat(platform.speed()).as("speed read right after setting %s", x).isEqualTo(x);
        }
    }

    @Test
    void whenTheBundleInUseForADeviceGoesAnotherBundleOfTheSameDeviceTakesOver() throws Exception {
        // given crc32 from one bundle, then from a second bundle (a copy under another symbolic name)
        Crc32Accelerator first = new Crc32Accelerator();
        Crc32Accelerator second = new Crc32Accelerator();
        platform.bindAccelerator(first, serviceRef("crc32", 7L));
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        platform.addVm("v1", vm(1, 10, "compute 100us; use crc32 4096"));
        platform.bindAccelerator(second, serviceRef("crc32", 8L));
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();
        // when the second bundle goes (its jar deleted from the deploy folder)
        platform.unbindAccelerator(second, serviceRef("crc32", 8L));
        Thread.sleep(1_500);
        long served = platform.status().vms().get(0).served();
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 20_000_000L, 20_000)).isTrue();
        // then the first bundle's crc32 serves on: the device is not removed, no request fails
        assertThat(platform.devices()).filteredOn(d -> d.name().equals("crc32")).singleElement()
                .satisfies(d -> assertThat(d.removed()).isFalse());
        assertThat(platform.trace(1000)).noneMatch(l -> l.contains("device_removed") || l.contains("\"failed\""));
        assertThat(platform.status().vms().get(0).jobs()).isPositive();
        assertThat(log).isEmpty();
    }

    @Test
    void aVmWhoseStartDelayRunsIsPendingNotBlocked() throws Exception {
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        platform.addVm("v1", vm(1, 10, "compute 100us; use aes128 4096"));
        platform.addVm("v2", new VmSpec(2, 10, Programs.parse("use aes128 4096"), 0, 3_600_000_000_000L));
        platform.endStart();
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();

        assertThat(platform.status().vms()).extracting(PlatformStatus.VmStatus::id, PlatformStatus.VmStatus::state)
                .contains(org.assertj.core.groups.Tuple.tuple(2, "pending"))
                .noneMatch(t -> t.toList().get(0).equals(1) && t.toList().get(1).equals("pending"));
    }

    @Test
    void whenTheBundleInUseForAPolicyGoesAnotherBundleOfTheSamePolicyTakesOver() throws Exception {
        // given the priority policy from a second bundle (a re-versioned copy dropped beside the built-in one)
        oneVmUsingAes();
        PriorityPolicy copy = new PriorityPolicy();
        platform.bindPolicy(copy, Map.of(AllocationPolicy.NAME, "priority"));
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();
        // when that bundle goes (its jar deleted from the deploy folder)
        platform.unbindPolicy(copy, Map.of(AllocationPolicy.NAME, "priority"));
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();
        // then the built-in bundle's priority policy decides on: not the monitor's built-in one
        assertThat(platform.policy()).isEqualTo("priority");
        assertThat(platform.policies()).contains("priority");
        assertThat(platform.trace(100000)).noneMatch(l -> l.contains("\"policy\":\"builtin\""));
        assertThat(log).isEmpty();
    }

    @Test
    void anAcceleratorWhoseDescriptionFailsIsRefusedWhenItComesAndGoesWithoutAWord() throws Exception {
        // given an accelerator whose info() throws (a bug in a plugin)
        oneVmUsingAes();
        Accelerator broken = new DelegatingAccelerator(new Crc32Accelerator()) {
            @Override
            public org.kerone.fpga.accel.DeviceInfo info() {
                throw new IllegalStateException("no description");
            }
        };
        // when its service comes, then it is refused in one line naming its bundle and the error
        String bound = stderrOf(() -> platform.bindAccelerator(broken, serviceRef("broken", 9L)));
        assertThat(bound).isEqualTo("kerone: refused accelerator from bundle accelerators.broken 1.0.0 (test:broken): its description"
                + " fails: java.lang.IllegalStateException: no description" + System.lineSeparator());
        // and when it goes (its bundle uninstalled), nothing fails: unbinding it threw into SCR
        String unbound = stderrOf(() -> platform.unbindAccelerator(broken, serviceRef("broken", 9L)));
        assertThat(unbound).isEmpty();
        assertThat(platform.devices()).extracting(d -> d.name()).containsExactly("aes128", "sha256");
        assertThat(log).isEmpty();
    }

    @Test
    void aPolicyWhoseBundleIsUpdatedDecidesOnWithoutTheBuiltinOneInBetween() throws Exception {
        // given the selected policy deciding for a VM
        oneVmUsingAes();
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();
        String err = stderrOf(() -> {
            // when its bundle is updated: the service goes, and the new revision's comes back a moment later
            platform.unbindPolicy(priority, Map.of(AllocationPolicy.NAME, "priority"));
            Thread.sleep(200);
            platform.bindPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
            assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();
        });
        // then the policy decided throughout: neither the monitor's built-in one nor a word about it
        assertThat(platform.policy()).isEqualTo("priority");
        assertThat(platform.trace(100000)).noneMatch(l -> l.contains("\"policy\":\"builtin\""));
        assertThat(err).isEmpty();
        assertThat(log).isEmpty();
    }

    @Test
    void aPolicyWhoseBundleGoesForGoodIsReplacedByTheBuiltinOneAfterTheGrace() throws Exception {
        oneVmUsingAes();
        String err = stderrOf(() -> {
            platform.unbindPolicy(priority, Map.of(AllocationPolicy.NAME, "priority"));
            Thread.sleep(1_500);
            assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();
        });
        assertThat(platform.policy()).isEqualTo("builtin");
        assertThat(platform.policies()).doesNotContain("priority");
        assertThat(err).contains("policy 'priority' is not available");
    }

    /** A new platform, not yet activated, with the AES accelerator bound and no policy. */
    private void restartWithAesAndNoPolicy() throws Exception {
        platform.deactivate();
        platform = new LivePlatform(new SimulatedFabricFactory());
        bind(new Aes128Accelerator());
    }

    /** Activates the platform with {@code policy} configured, as kerone.vdm would select it. */
    private void activateSelecting(String policy) throws Exception {
        platform.activate(proxy(BundleContext.class, Map.of()), config(200.0), new HashMap<>());
        platform.selectConfiguredPolicy(policy);
    }

    @Test
    void aPolicyWhoseBundleStartsAfterThePlatformButBeforeItsStartEndsIsNotReportedMissing() throws Exception {
        // given a platform activated and configured before the bundle of its policy has started
        // (an integrator's framework starting platform.vmm first, or SCR restarted)
        restartWithAesAndNoPolicy();
        String err = stderrOf(() -> {
            activateSelecting("priority");
            // when the policy's bundle starts while the platform is still starting
            Thread.sleep(50);
            platform.bindPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
            oneVmUsingAes();
            assertThat(platform.awaitVirtualTime(10_000_000L, 20_000)).isTrue();
        });
        // then it decides from the first request on, and nothing was said about it missing
        assertThat(platform.policy()).isEqualTo("priority");
        assertThat(platform.trace(100000)).noneMatch(l -> l.contains("\"policy\":\"builtin\""));
        assertThat(err).isEmpty();
    }

    @Test
    void aPolicyStillMissingWhenTheStartEndsIsReportedOnce() throws Exception {
        restartWithAesAndNoPolicy();
        String err = stderrOf(() -> {
            activateSelecting("priority");
            oneVmUsingAes();
            assertThat(platform.awaitVirtualTime(10_000_000L, 20_000)).isTrue();
        });
        assertThat(platform.policy()).isEqualTo("builtin");
        assertThat(err.lines()).containsExactly("kerone: policy 'priority' is not available: the monitor's built-in policy decides");
    }

    @Test
    void aPlatformThatStoppedRefusesAtOnceInsteadOfWaitingForItsKernel() throws Exception {
        // given a caller that kept the platform's service object (a dynamic reference, a Gogo variable)
        oneVmUsingAes();
        LivePlatform kept = platform;
        // when the platform stops (its configuration deleted, platform.fpga stopped)
        kept.deactivate();
        start();
        // then each call is refused at once, saying why
        long before = System.nanoTime();
        assertThatThrownBy(kept::status).isInstanceOf(IllegalStateException.class).hasMessageContaining("has stopped");
        assertThatThrownBy(() -> kept.speed(2.0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("has stopped");
        assertThatThrownBy(() -> kept.load("aes128", "prr0")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has stopped");
        assertThatThrownBy(() -> kept.awaitVirtualTime(Long.MAX_VALUE / 4, 5_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has stopped");
        assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void loadingABoundDeviceWhileThePlatformStartsSaysItIsStartingNotThatTheDeviceIsMissing() throws Exception {
        // given a platform still starting (its devices are bound, installed when the start ends)
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        assertThat(platform.started()).isFalse();
        // when the console loads one of them
        // then the refusal says why, and that it is a matter of a moment
        assertThatThrownBy(() -> platform.load("aes128", "prr0")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is starting");
        // and a device no bundle provides is still no device
        assertThatThrownBy(() -> platform.load("nope", "prr0")).hasMessage("no device 'nope'");
        // and once the start is over the load goes through
        platform.endStart();
        assertThat(platform.awaitVirtualTime(1, 20_000)).isTrue();
        platform.load("aes128", "prr0");
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();
        assertThat(platform.status().prrs().get(0).device()).isEqualTo("aes128");
    }

    @Test
    void theRequestsStillOpenWhenThePlatformStopsFailOnceInItsTraceFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // given a platform writing its trace to a file, two VMs sharing one PRR, one of them always waiting for it
        java.nio.file.Path file = dir.resolve("live.jsonl");
        LivePlatform p = new LivePlatform(new SimulatedFabricFactory());
        p.bindAccelerator(new Sha256Accelerator(), serviceRef("sha256"));
        p.bindPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        p.activate(proxy(BundleContext.class, Map.of()), proxy(LivePlatform.Config.class, Map.of("profile", "zynq7000",
                "quantum", "1ms", "speed", 1.0, "seed", 1L, "trace_file", file.toString(), "trace_keep", 500)), new HashMap<>());
        p.selectConfiguredPolicy("priority");
        p.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        p.addVm("v1", vm(1, 10, "use sha256 1048576"));
        p.addVm("v2", vm(2, 10, "use sha256 1048576"));
        p.endStart();
        assertThat(p.awaitVirtualTime(20_000_000L, 20_000)).isTrue();
        // when it stops (SIGTERM, the console's exit)
        p.deactivate();
        // then every request of its trace ends exactly once: the open ones failed, with the reason
        List<String> lines = java.nio.file.Files.readAllLines(file);
        java.util.regex.Pattern req = java.util.regex.Pattern.compile("\"req\":(\\d+)");
        Map<String, Integer> ends = new HashMap<>();
        for (String l : lines) {
            java.util.regex.Matcher m = req.matcher(l);
            if (l.contains("\"ev\":\"trap\"") && m.find()) {
                ends.putIfAbsent(m.group(1), 0);
            } else if ((l.contains("\"ev\":\"served\"") || l.contains("\"ev\":\"failed\"")) && m.find()) {
                ends.merge(m.group(1), 1, Integer::sum);
            }
        }
        assertThat(ends).isNotEmpty().allSatisfy((r, n) -> assertThat(n).as("ends of request %s", r).isEqualTo(1));
        assertThat(lines).anyMatch(l -> l.contains("\"reason\":\"platform stopped\""));
    }

    @Test
    void aTraceFileTruncatedByLogRotationGoesOnFromItsNewStartWithoutAHoleOfZeros(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // given a platform writing its trace to a file that already has an earlier run's trace
        java.nio.file.Path file = dir.resolve("live.jsonl");
        java.nio.file.Files.writeString(file, "{\"t\":0,\"ev\":\"earlier run\"}\n".repeat(100));
        LivePlatform p = new LivePlatform(new SimulatedFabricFactory());
        p.bindAccelerator(new Sha256Accelerator(), serviceRef("sha256"));
        p.bindPolicy(new PriorityPolicy(), Map.of(AllocationPolicy.NAME, "priority"));
        p.activate(proxy(BundleContext.class, Map.of()), proxy(LivePlatform.Config.class, Map.of("profile", "zynq7000",
                "quantum", "1ms", "speed", 1.0, "seed", 1L, "trace_file", file.toString(), "trace_keep", 500)), new HashMap<>());
        p.selectConfiguredPolicy("priority");
        p.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        p.addVm("v1", vm(1, 10, "compute 1ms; use sha256 4096"));
        p.endStart();
        try {
            assertThat(p.awaitVirtualTime(20_000_000L, 20_000)).isTrue();
            Thread.sleep(3 * LivePlatform.TRACE_FLUSH_MS);
            assertThat(java.nio.file.Files.readString(file)).doesNotContain("earlier run").startsWith("{\"t\":0,");
            // when logrotate's copytruncate empties it while the platform runs
            try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                c.truncate(0);
            }
            assertThat(p.awaitVirtualTime(p.status().nowNs() + 20_000_000L, 20_000)).isTrue();
        } finally {
            p.deactivate();
        }
        // then the file goes on with whole lines from its new start, not after as many zero bytes as it had before
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        assertThat(bytes).isNotEmpty().doesNotContain((byte) 0);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines()).allMatch(l -> l.startsWith("{\"t\":"));
    }

    @Test
    void nothingIsPrintedWhenThePolicyGoesWhileTheFrameworkStops() throws Exception {
        // given a platform without a Log service (it stopped first) in a framework that is stopping (console: stop 0)
        LivePlatform p = new LivePlatform(new SimulatedFabricFactory());
        PriorityPolicy priority = new PriorityPolicy();
        p.bindPolicy(priority, Map.of(AllocationPolicy.NAME, "priority"));
        Bundle system = proxy(Bundle.class, Map.of("getState", Bundle.STOPPING));
        p.activate(proxy(BundleContext.class, Map.of("getBundle", system)), config(200.0), new HashMap<>());
        p.selectConfiguredPolicy("priority");
        p.endStart();
        String err = stderrOf(() -> {
            // when the selected policy's bundle stops
            p.unbindPolicy(priority, Map.of(AllocationPolicy.NAME, "priority"));
            assertThat(p.awaitVirtualTime(p.status().nowNs() + 1_000_000L, 20_000)).isTrue();
            p.deactivate();
        });
        // then the platform says nothing: the policy going is part of the stop
        assertThat(err).isEmpty();
    }

    @Test
    void badPlatformValuesAreReportedAndTheDefaultsOrTheRunningValuesUsed() throws Exception {
        // given a platform configuration whose speed is negative, seed not a number, trace file unwritable
        LivePlatform other = new LivePlatform(new SimulatedFabricFactory());
        Map<String, Object> answers = new HashMap<>(Map.of("profile", "zynq7000", "quantum", "0", "speed", -3.0,
                "trace_file", "/nonexistent-folder/t.jsonl", "trace_keep", 500));
        LivePlatform.Config bad = (LivePlatform.Config) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LivePlatform.Config.class}, (p, m, a) -> {
                    if (m.getName().equals("seed")) {
                        throw new IllegalStateException(new NumberFormatException("For input string: \"abc\""));
                    }
                    return answers.get(m.getName());
                });
        String err = stderrOf(() -> {
            // when it starts
            other.activate(proxy(BundleContext.class, Map.of()), bad, new HashMap<>(Map.of("speed", "-3", "seed", "abc", "quantum", "0")));
            try {
                // then it runs, at the default speed, each problem reported in one line
                assertThat(other.speed()).isEqualTo(1.0);
                assertThat(other.status().nowNs()).isNotNegative();
                // and a bad speed later is reported and the running one kept
                other.modified(config(-1.0), new HashMap<>(Map.of("speed", "-1")));
                assertThat(other.speed()).isEqualTo(1.0);
                other.modified(config(50.0), new HashMap<>(Map.of("speed", "50")));
                assertThat(other.speed()).isEqualTo(50.0);
            } finally {
                other.deactivate();
            }
        });
        assertThat(err.lines().filter(l -> l.contains("configuration")).toList()).containsExactly(
                "kerone: configuration kerone.platform: quantum: must be positive; the default 1ms is used",
                "kerone: configuration kerone.platform: speed '-3' is not a positive number; the default 1 is used",
                "kerone: configuration kerone.platform: seed 'abc' is not a whole number; the default 1 is used",
                "kerone: configuration kerone.platform: trace.file '/nonexistent-folder/t.jsonl' cannot be written"
                        + " (NoSuchFileException: /nonexistent-folder/t.jsonl); no trace file is written",
                "kerone: configuration kerone.platform: speed '-1' is not a positive number; the speed stays 1x");
    }

    @Test
    void aHugeSpeedRunsAsFastAsItCanInsteadOfStoppingVirtualTime() throws Exception {
        // given a PRR and a looping guest
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        platform.addVm("v1", vm(1, 10, "compute 100us; use aes128 4096"));
        assertThat(platform.awaitStarted(20_000)).isTrue();
        // when the speed is 1e12 (the product of the wall time elapsed and the speed overflowed a long)
        platform.speed(1e12);
        Thread.sleep(300);
        long t1 = platform.status().nowNs();
        Thread.sleep(300);
        long t2 = platform.status().nowNs();
        // then virtual time still goes on
        assertThat(t2).as("virtual time after 300 ms more at speed 1e12").isGreaterThan(t1);
        assertThat(LiveRunner.target(5, 1_000_000_000L, 1e300)).isEqualTo(LiveRunner.MAX_TARGET);
        assertThat(LiveRunner.target(5, 1_000, 2.0)).isEqualTo(2_005);
        assertThat(log).isEmpty();
    }

    @Test
    void aForeverProgramWhoseEveryUseIsRefusedAtOnceIsStoppedInsteadOfHangingTheKernel() throws Exception {
        // given a guest looping on a job matmul refuses (4096 bytes are not two square matrices), with no
        // compute step: each pass took no virtual time, and the guest looped inside one kernel event
        // (a platform that keeps every trace event: the vm_end must not leave the window while VM 2 runs)
        platform.deactivate();
        start(1_000_000);
        platform.bindAccelerator(new org.kerone.accelerators.matmul.MatmulAccelerator(), serviceRef("matmul", 9L));
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        platform.addPrr("p1", new PrrSpec("prr1", "large", new Resources(0, 0, 0, 0)));
        platform.addVm("v1", vm(1, 10, "use matmul 4096"));
        platform.addVm("v2", vm(2, 20, "compute 100us; use aes128 4096"));
        // when virtual time passes
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 20_000_000L, 20_000)).isTrue();
        // then the kernel answers, VM 1 is stopped (its vm_end says why), VM 2 is served
        PlatformStatus status = platform.status();
        assertThat(status.vms().get(0).state()).as("%s\n%s", status, String.join("\n", platform.trace(30))).isEqualTo("done");
        assertThat(status.vms().get(1).served()).isPositive();
        assertThat(platform.trace(100000)).anyMatch(l -> l.contains("\"vm_end\"") && l.contains("took no time"));
        assertThat(log).isEmpty();
    }

    /** The problem lines the platform logs, from now on. */
    private List<String> problems() {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.osgi.service.log.Logger logger = (org.osgi.service.log.Logger) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.osgi.service.log.Logger.class}, (p, m, a) -> {
                    if (m.getName().equals("error") && a != null && a.length > 0) {
                        lines.add(String.valueOf(a[0]));
                    }
                    return m.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
        platform.setLogger(logger);
        return lines;
    }

    /** A VM configuration component on this platform, as SCR makes it from the properties. */
    private VmConfiguration vmConfiguration(String pid, int id, String program) {
        Map<String, Object> properties = Map.of("service.pid", pid, "id", String.valueOf(id), "program", program, "start", "0ns");
        VmConfiguration.Config config = proxy(VmConfiguration.Config.class, Map.of("id", id, "priority", 10, "program", program,
                "repeat", 0, "start", "0ns"));
        return new VmConfiguration(platform, config, properties);
    }

    @Test
    void aVmConfigurationWhoseUseAnInstalledDeviceRefusesIsRefusedAsInAScenario() throws Exception {
        // given matmul installed (4096 bytes are not two square int32 matrices: a scenario is refused when read)
        List<String> problems = problems();
        platform.bindAccelerator(new org.kerone.accelerators.matmul.MatmulAccelerator(), serviceRef("matmul", 9L));
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        // when a VM's configuration uses it with 4096 bytes
        vmConfiguration("kerone.vm~bad", 5, "compute 100us; use matmul 4096");
        // then one line names the configuration, the step and the problem, and no VM 5 boots
        assertThat(problems).singleElement().satisfies(l -> assertThat(l)
                .startsWith("configuration kerone.vm~bad: program: step 2 'use matmul 4096': device 'matmul' refuses a job of 4096 bytes: ")
                .endsWith("; VM not added"));
        assertThat(platform.status().vms()).isEmpty();
        // and a good VM changed to such a program is kept as it was
        VmConfiguration good = vmConfiguration("kerone.vm~good", 6, "use matmul 8192");
        Map<String, Object> changed = Map.of("service.pid", "kerone.vm~good", "id", "6", "program", "use matmul 4096", "start", "0ns");
        good.modified(proxy(VmConfiguration.Config.class, Map.of("id", 6, "priority", 10, "program", "use matmul 4096",
                "repeat", 0, "start", "0ns")), changed);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(1)).startsWith("configuration kerone.vm~good: program: step 1 'use matmul 4096': ")
                .endsWith("; VM 6 kept as it was");
        assertThat(platform.status().vms()).extracting(PlatformStatus.VmStatus::id).containsExactly(6);
        // and a use of a device not installed is accepted (its jobs are refused at run time, if at all)
        vmConfiguration("kerone.vm~later", 8, "use fft 12");
        assertThat(problems).hasSize(2);
        assertThat(platform.status().vms()).extracting(PlatformStatus.VmStatus::id).containsExactly(6, 8);
    }

    @Test
    void aVmConfiguredBeforeThePrrItNeedsFailsNoRequestAtStart() throws Exception {
        // given a VM whose configuration arrives first, and the PRR's 150 ms later (Config Admin's order)
        platform.addVm("v1", vm(1, 10, "compute 100us; use sha256 4096"));
        Thread.sleep(150);
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        // when virtual time passes
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 20_000_000L, 20_000)).isTrue();
        // then no request failed: the VM booted once the PRR was there
        assertThat(platform.trace(100000)).noneMatch(l -> l.contains("\"ev\":\"failed\""));
        assertThat(platform.status().vms().get(0).failed()).isZero();
        assertThat(platform.status().vms().get(0).served()).isPositive();
        assertThat(log).isEmpty();
    }

    @Test
    void aVmConfigurationChangedToAnotherVmsIdKeepsItsOwnVmRunning() throws Exception {
        // given two VMs of two configurations
        List<String> problems = problems();
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        assertThat(platform.addVm("kerone.vm~a", vm(1, 10, "compute 100us; use aes128 4096"))).isTrue();
        assertThat(platform.addVm("kerone.vm~b", vm(2, 20, "compute 100us; use aes128 4096"))).isTrue();

        // when b's configuration is changed to VM 1's id
        boolean taken = platform.addVm("kerone.vm~b", vm(1, 30, "compute 100us; use aes128 4096"));

        // then it is refused and both VMs still run, as they were
        assertThat(taken).isFalse();
        assertThat(problems).containsExactly("configuration kerone.vm~b: VM 1 exists already; refused; VM 2 kept as it was");
        assertThat(platform.status().vms()).extracting(v -> v.id() + "/" + v.priority()).containsExactly("1/10", "2/20");

        // and a change that keeps its id replaces its VM
        assertThat(platform.addVm("kerone.vm~b", vm(2, 40, "compute 100us; use aes128 4096"))).isTrue();
        assertThat(platform.status().vms()).extracting(v -> v.id() + "/" + v.priority()).containsExactly("1/10", "2/40");
        assertThat(log).isEmpty();
    }

    @Test
    void aPrrConfigurationChangedWhileItsPrrRunsAJobGetsItsNewPrr() throws Exception {
        // given a PRR running a guest's long jobs (1 MiB of SHA-256 each, at real time)
        List<String> problems = problems();
        assertThat(platform.addPrr("kerone.prr~a", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)))).isTrue();
        platform.addVm("kerone.vm~1", vm(1, 10, "use sha256 1048576"));
        platform.speed(1);
        platform.endStart();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (platform.trace(100).stream().noneMatch(l -> l.contains("\"job_start\"")) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(platform.trace(100)).anyMatch(l -> l.contains("\"job_start\""));

        // when its configuration changes its class
        boolean added = platform.addPrr("kerone.prr~a", new PrrSpec("prr0", "small", new Resources(0, 0, 0, 0)));

        // then the new PRR is there
        assertThat(problems).isEmpty();
        assertThat(added).isTrue();
        assertThat(platform.status().prrs()).extracting(p -> p.id() + "/" + p.prrClass()).contains("prr0/small");
    }

    @Test
    void aPrrConfigurationChangedToAnotherPrrsNameKeepsItsOwnPrr() throws Exception {
        // given two PRRs of two configurations
        List<String> problems = problems();
        assertThat(platform.addPrr("kerone.prr~a", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)))).isTrue();
        assertThat(platform.addPrr("kerone.prr~b", new PrrSpec("prr1", "large", new Resources(0, 0, 0, 0)))).isTrue();

        // when b's configuration is changed to prr0's name
        boolean taken = platform.addPrr("kerone.prr~b", new PrrSpec("prr0", "small", new Resources(0, 0, 0, 0)));

        // then it is refused and both PRRs stay as they were
        assertThat(taken).isFalse();
        assertThat(problems).containsExactly("configuration kerone.prr~b: PRR 'prr0' exists already; refused; PRR 'prr1' kept as it was");
        assertThat(platform.status().prrs()).extracting(p -> p.id() + "/" + p.prrClass()).containsExactly("prr0/large", "prr1/large");
    }

    @Test
    void theSpeedAchievedFallsShortWhenTheMachineCannotKeepUpAndMatchesOtherwise() throws Exception {
        // given a guest hashing 4 KiB after 1 ms of compute, forever: at real time any machine keeps up
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        platform.addVm("v1", vm(1, 10, "compute 1ms; use sha256 4096"));
        platform.speed(1);
        platform.endStart();
        Thread.sleep(2_500);
        assertThat(platform.achievedSpeed()).as("speed reached at 1x").isBetween(0.8, 1.2);

        // when the speed is far beyond what running its events allows (1e9: a virtual second per nanosecond)
        platform.speed(1e9);
        Thread.sleep(2_500);

        // then the platform says how fast it really goes
        assertThat(platform.achievedSpeed()).as("speed reached at 1e9x").isLessThan(0.9e9);
        assertThat(platform.speed()).isEqualTo(1e9);
        assertThat(log).isEmpty();
    }

    @Test
    void endStartLetsTimeRunAtOnceInsteadOfAfterTheQuietPeriod() throws Exception {
        // given the initial PRR and VM just configured: the platform waits for more
        platform.addPrr("p0", new PrrSpec("prr0", "large", new Resources(0, 0, 0, 0)));
        platform.addVm("v1", vm(1, 10, "compute 100us; use sha256 4096"));
        assertThat(platform.started()).isFalse();
        long asked = System.nanoTime();
        // when the one who configured them says that was all
        platform.endStart();
        // then time runs well before the quiet period would have ended it
        while (!platform.started() && System.nanoTime() - asked < 5_000_000_000L) {
            Thread.sleep(1);
        }
        assertThat(platform.started()).isTrue();
        assertThat((System.nanoTime() - asked) / 1_000_000).isLessThan(LivePlatform.START_QUIET_MS);
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();
        assertThat(platform.status().vms().get(0).failed()).isZero();
    }

    @Test
    void aDeviceBoundBeforeAnyPrrIsCheckedAgainstThePrrsConfiguredAtStart() throws Exception {
        // given aes128 and sha256 bound before any PRR (sha256 has a bitstream for class large only)
        List<String> problems = problems();
        // when the start brings small PRRs only
        platform.addPrr("p0", new PrrSpec("prr0", "small", new Resources(0, 0, 0, 0)));
        platform.addPrr("p1", new PrrSpec("prr1", "small", new Resources(0, 0, 0, 0)));
        platform.addVm("v1", vm(1, 10, "compute 100us; use aes128 4096"));
        assertThat(platform.awaitVirtualTime(platform.status().nowNs() + 10_000_000L, 20_000)).isTrue();
        // then sha256 is refused with the line of a device installed while the PRRs exist, aes128 installed
        assertThat(problems).containsExactly("refused accelerator bundle accelerators.sha256 1.0.0 (test:sha256): device 'sha256'"
                + " fits no PRR (it has bitstreams for [large], the PRRs are of class [small])");
        assertThat(platform.devices()).extracting(d -> d.name()).containsExactly("aes128");
        assertThat(platform.trace(100000)).noneMatch(l -> l.contains("\"ev\":\"failed\""));
        // and a large PRR added later accepts it
        platform.addPrr("p2", new PrrSpec("prr2", "large", new Resources(0, 0, 0, 0)));
        assertThat(platform.devices()).extracting(d -> d.name()).containsExactlyInAnyOrder("aes128", "sha256");
        assertThat(log).isEmpty();
    }

    @Test
    void aDeviceInstalledWhileThereIsNoPrrIsCheckedWhenOneIsAdded() throws Exception {
        // given a platform that started without any PRR: its devices are there, unchecked
        List<String> problems = problems();
        assertThat(platform.awaitVirtualTime(1, 20_000)).isTrue();
        assertThat(platform.devices()).extracting(d -> d.name()).containsExactlyInAnyOrder("aes128", "sha256");
        // when a small PRR is added
        platform.addPrr("p0", new PrrSpec("prr0", "small", new Resources(0, 0, 0, 0)));
        // then sha256, which fits no small PRR, is refused with the same line, and removed
        assertThat(problems).containsExactly("refused accelerator bundle accelerators.sha256 1.0.0 (test:sha256): device 'sha256'"
                + " fits no PRR (it has bitstreams for [large], the PRRs are of class [small])");
        assertThat(platform.devices()).filteredOn(d -> d.name().equals("sha256")).singleElement()
                .satisfies(d -> assertThat(d.removed()).isTrue());
        assertThat(platform.devices()).filteredOn(d -> d.name().equals("aes128")).singleElement()
                .satisfies(d -> assertThat(d.removed()).isFalse());
        assertThat(log).isEmpty();
    }
}

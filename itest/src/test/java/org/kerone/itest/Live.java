package org.kerone.itest;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.kerone.vmm.DeviceStatus;
import org.kerone.vmm.Platform;
import org.kerone.vmm.PlatformStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The live platform as a test drives it from inside the framework: configurations made through
 * Config Admin (and deleted again by {@link #close}), the {@link Platform} service, every
 * {@code kerone/*} event from the Event Admin and every log entry, and waiting with a timeout.
 */
public final class Live implements AutoCloseable {
    /** Longest wait for anything; a test that waits this long has failed. */
    public static final long TIMEOUT_MS = 10_000;

    private final BundleContext context;
    private final ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;
    private final ServiceTracker<Platform, Platform> platforms;
    private final ServiceTracker<LogReaderService, LogReaderService> logReader;
    private final List<Configuration> made = new ArrayList<>();
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final List<LogEntry> log = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<EventHandler> handler;
    private final LogListener listener = log::add;

    public Live(BundleContext context) {
        this.context = context;
        configAdmin = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        configAdmin.open();
        platforms = new ServiceTracker<>(context, Platform.class, null);
        platforms.open();
        logReader = new ServiceTracker<>(context, LogReaderService.class, null);
        logReader.open();
        LogReaderService reader = waitFor(logReader, "LogReaderService (Felix Log)");
        reader.addLogListener(listener);
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, "kerone/*");
        handler = context.registerService(EventHandler.class, this::record, topics);
    }

    // --- configuration ---------------------------------------------------------------------------------

    /**
     * Configures and starts the platform: {@code speed} virtual seconds per wall-clock second, guest
     * data from {@code seed}, the VDM deciding with {@code policy}. Returns the Platform service.
     */
    public Platform start(double speed, long seed, String policy) {
        configure(Platform.VDM_PID, Map.of("policy", policy));
        configure(Platform.PID, Map.of("speed", speed, "seed", seed, "trace.keep", 100_000));
        return platform();
    }

    /** Creates or updates the singleton configuration {@code pid}. */
    public Configuration configure(String pid, Map<String, Object> properties) {
        try {
            Configuration c = configAdmin().getConfiguration(pid, "?");
            c.update(new Hashtable<>(properties));
            remember(c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates or updates the factory configuration {@code factoryPid~name}. */
    public Configuration configure(String factoryPid, String name, Map<String, Object> properties) {
        try {
            Configuration c = configAdmin().getFactoryConfiguration(factoryPid, name, "?");
            c.update(new Hashtable<>(properties));
            remember(c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds PRR {@code id} of size class {@code prrClass} and waits until the platform shows it. */
    public Configuration prr(String id, String prrClass) {
        Configuration c = configure(Platform.PRR_FACTORY_PID, id, Map.of("id", id, "class", prrClass));
        until("PRR " + id + " in the platform's status", () -> prrStatus(id).isPresent());
        return c;
    }

    /** Boots VM {@code id} running {@code program} {@code repeat} times (0: forever) and waits until the platform shows it. */
    public Configuration vm(int id, int priority, String program, int repeat) {
        // "start" is given although it has a default: the default "0" is refused today (a time
        // without unit), see LivePlatformIT#aVmConfiguredWithoutStartBoots
        Configuration c = configure(Platform.VM_FACTORY_PID, "vm" + id,
                Map.of("id", id, "priority", priority, "program", program, "repeat", repeat, "start", "0ns"));
        until("VM " + id + " in the platform's status", () -> vmStatus(id).isPresent());
        return c;
    }

    /** Deletes a configuration made here. */
    public void delete(Configuration c) {
        try {
            made.remove(c);
            c.delete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ConfigurationAdmin configAdmin() {
        return waitFor(configAdmin, "ConfigurationAdmin");
    }

    private void remember(Configuration c) {
        if (made.stream().noneMatch(m -> m.getPid().equals(c.getPid()))) {
            made.add(c);
        }
    }

    // --- the platform ----------------------------------------------------------------------------------

    /** The Platform service, waited for. */
    public Platform platform() {
        return waitFor(platforms, "Platform service");
    }

    /** The Platform service now, or null. */
    public Platform platformNow() {
        return platforms.getService();
    }

    public Optional<PlatformStatus.VmStatus> vmStatus(int id) {
        return platform().status().vms().stream().filter(v -> v.id() == id).findFirst();
    }

    public PlatformStatus.VmStatus vmNow(int id) {
        return vmStatus(id).orElseThrow(() -> new AssertionError("no VM " + id + " in " + platform().status()));
    }

    public Optional<PlatformStatus.PrrStatus> prrStatus(String id) {
        return platform().status().prrs().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<DeviceStatus> device(String name) {
        return platform().devices().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Waits until VM {@code id} has completed {@code more} more jobs than now; returns the new count. */
    public long awaitMoreJobs(int id, long more) {
        long from = vmNow(id).jobs();
        until("VM " + id + " completed " + more + " more jobs than " + from, () -> vmNow(id).jobs() >= from + more);
        return vmNow(id).jobs();
    }

    /**
     * Waits until VM {@code id} has been served {@code more} more requests than now; returns the new
     * count. A VM traps (and a request is served) only when its device is not connected, so this
     * needs a VM that loses its PRR between uses, to another VM or device.
     */
    public long awaitMoreServed(int id, long more) {
        long from = vmNow(id).served();
        until("VM " + id + " served " + more + " more requests than " + from, () -> vmNow(id).served() >= from + more);
        return vmNow(id).served();
    }

    // --- events and log ----------------------------------------------------------------------------------

    private void record(Event event) {
        Map<String, Object> fields = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            fields.put(name, event.getProperty(name));
        }
        fields.put("ev", event.getTopic().substring("kerone/".length()));
        events.add(fields);
    }

    /** Every {@code kerone/*} event received so far, each as its properties plus "ev" (the topic's last part). */
    public List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    /** The events of topic {@code kerone/ev} received so far that match. */
    public List<Map<String, Object>> events(String ev, Predicate<Map<String, Object>> match) {
        return events.stream().filter(e -> ev.equals(e.get("ev")) && match.test(e)).collect(Collectors.toList());
    }

    /** Waits for an event of topic {@code kerone/ev} that matches; returns the first. */
    public Map<String, Object> awaitEvent(String what, String ev, Predicate<Map<String, Object>> match) {
        until("event " + ev + ": " + what, () -> !events(ev, match).isEmpty());
        return events(ev, match).get(0);
    }

    /** Waits for an event of topic {@code kerone/ev} that matches; returns the position of the first. */
    public int awaitEventIndex(String what, String ev, Predicate<Map<String, Object>> match) {
        until("event " + ev + ": " + what, () -> indexOf(0, ev, match) >= 0);
        return indexOf(0, ev, match);
    }

    /** Position of the first event after {@code index} (inclusive) that matches, or -1. */
    public int indexOf(int from, String ev, Predicate<Map<String, Object>> match) {
        List<Map<String, Object>> all = events();
        for (int i = from; i < all.size(); i++) {
            if (ev.equals(all.get(i).get("ev")) && match.test(all.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Log entries received so far whose message contains {@code text}. */
    public List<LogEntry> log(String text) {
        return log.stream().filter(e -> e.getMessage() != null && e.getMessage().contains(text)).collect(Collectors.toList());
    }

    /** Every log entry received so far, oldest first. */
    public List<LogEntry> logEntries() {
        return List.copyOf(log);
    }

    /** Every log message received so far, one a line, for failure messages. */
    public String logText() {
        return log.stream().map(e -> e.getLogLevel() + " " + e.getBundle().getSymbolicName() + ": " + e.getMessage())
                .collect(Collectors.joining("\n"));
    }

    // --- bundles ------------------------------------------------------------------------------------------

    /** Installs and starts the bundle in {@code file}. */
    public Bundle install(java.io.File file) throws org.osgi.framework.BundleException {
        Bundle bundle = context.installBundle(file.toURI().toString());
        bundle.start();
        return bundle;
    }

    /** The installed bundle of symbolic name {@code bsn}, if any. */
    public Optional<Bundle> bundle(String bsn) {
        return java.util.Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    /**
     * A fresh folder under {@code target/} that FileInstall watches every 100 ms (a watcher made
     * through Config Admin, as a user would add one).
     */
    public java.nio.file.Path deployFolder() throws IOException {
        java.nio.file.Path target = java.nio.file.Path.of("target").toAbsolutePath();
        java.nio.file.Files.createDirectories(target);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(target, "deploy-");
        configure("org.apache.felix.fileinstall", dir.getFileName().toString(), Map.of(
                "felix.fileinstall.dir", dir.toString(),
                "felix.fileinstall.poll", "100",
                "felix.fileinstall.noInitialDelay", "true",
                "felix.fileinstall.bundles.new.start", "true"));
        awaitWatching(dir);
        return dir;
    }

    /**
     * Waits until FileInstall watches {@code dir} and takes configuration files in: a probe file is
     * dropped (and touched again every second, in case FileInstall scanned the folder before its
     * configuration installer was ready) until its configuration appears. The probe stays (nothing
     * reads its PID). Tests then drop their files into a folder known to be watched.
     */
    private void awaitWatching(java.nio.file.Path dir) throws IOException {
        String pid = "org.kerone.itest.probe." + dir.getFileName().toString().replace("-", ""); // no "-": a factory name
        java.nio.file.Path probe = dir.resolve(pid + ".cfg");
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        long nextTouch = 0;
        try {
            while (configAdmin().listConfigurations("(service.pid=" + pid + ")") == null) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("FileInstall did not take " + probe + " in within " + TIMEOUT_MS + " ms");
                }
                if (System.currentTimeMillis() >= nextTouch) {
                    java.nio.file.Files.writeString(probe, "probe = " + System.nanoTime() + "\n");
                    nextTouch = System.currentTimeMillis() + 1000;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Puts {@code file} into a deploy folder as {@code target} whole, as a careful user does: copied
     * next to the folder, then moved in, so that the watcher never reads it half written.
     */
    public static void drop(java.nio.file.Path file, java.nio.file.Path target) throws IOException {
        java.nio.file.Path staged = java.nio.file.Files.createTempFile(target.getParent().getParent(), "staged-", ".part");
        java.nio.file.Files.copy(file, staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        java.nio.file.Files.move(staged, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Refreshes {@code bundles} (all pending removals when none given) and waits until the refresh ended. */
    public void refresh(Bundle... bundles) throws InterruptedException {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        wiring.refreshBundles(bundles.length == 0 ? null : List.of(bundles), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        if (!done.await(TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            fail("packages not refreshed within " + TIMEOUT_MS + " ms");
        }
    }

    // --- waiting ----------------------------------------------------------------------------------------------

    /**
     * Polls {@code condition} until it holds; fails naming {@code what} after {@link #TIMEOUT_MS},
     * with the log, the platform's status and its last events.
     */
    public void until(String what, BooleanSupplier condition) {
        try {
            await(what, condition);
        } catch (AssertionError e) {
            // no cause: Pax Exam reports the root cause, which would hide the diagnosis
            throw new AssertionError(e.getMessage() + "\n" + diagnosis());
        }
    }

    /** The log, the platform's status and its last events, for a failure message. */
    public String diagnosis() {
        String platform;
        try {
            Platform p = platformNow();
            platform = p == null ? "no platform" : p.status() + "\n--- last events:\n" + String.join("\n", p.trace(30));
        } catch (RuntimeException e) {
            platform = "the platform does not answer: " + e;
        }
        return "--- log:\n" + logText() + "\n--- status: " + platform;
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@link #TIMEOUT_MS}. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + TIMEOUT_MS + " ms waiting for: " + what);
            }
            sleep(5);
        }
    }

    /** Polls {@code value} until it is present; fails naming {@code what} after {@link #TIMEOUT_MS}. */
    public static <T> T await(String what, Supplier<Optional<T>> value) {
        java.util.concurrent.atomic.AtomicReference<Optional<T>> last = new java.util.concurrent.atomic.AtomicReference<>();
        await(what, () -> {
            last.set(value.get());
            return last.get().isPresent();
        });
        return last.get().get();
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <S> S waitFor(ServiceTracker<S, S> tracker, String what) {
        try {
            S service = tracker.waitForService(TIMEOUT_MS);
            assertNotNull("no " + what + " within " + TIMEOUT_MS + " ms", service);
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the configurations made here (the platform stops), stops listening. */
    @Override
    public void close() {
        for (Configuration c : made) {
            try {
                c.delete();
            } catch (IOException | IllegalStateException e) {
                // already gone
            }
        }
        made.clear();
        // the next test of a class that shares the container starts without a platform
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (platformNow() != null && System.currentTimeMillis() < deadline) {
            sleep(10);
        }
        handler.unregister();
        LogReaderService reader = logReader.getService();
        if (reader != null) {
            reader.removeLogListener(listener);
        }
        logReader.close();
        platforms.close();
        configAdmin.close();
    }
}

package org.kerone.vmm.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kerone.fpga.Fabric;
import org.kerone.fpga.FabricFactory;
import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.Request;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.accel.DeviceInfo;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.fpga.policy.PrrView;
import org.kerone.vmm.DeviceStatus;
import org.kerone.vmm.Platform;
import org.kerone.vmm.PlatformStatus;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Step;
import org.kerone.vmm.Summary;
import org.kerone.vmm.VmSpec;
import org.kerone.vmm.WaitingRequest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The live platform: one {@link Machine} that keeps running on its own kernel thread, paced to the
 * wall clock, whose devices, policies, PRRs and VMs come and go with services and configurations,
 * and whose events are posted on the Event Admin under {@code kerone/<event>}.
 */
@Component(service = {Platform.class, Topology.class}, configurationPid = Platform.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LivePlatform.Config.class)
public final class LivePlatform implements Platform, Topology {

    @ObjectClassDefinition(name = "Ker-ONE platform", description = "The live Ker-ONE platform: timing and pacing.")
    @interface Config {
        @AttributeDefinition(description = "Cost profile: a built-in name or the path of a .json profile file")
        String profile() default CostProfile.DEFAULT;

        @AttributeDefinition(description = "Round-robin quantum among guests of equal priority (ns, or with unit: 1ms)")
        String quantum() default "1ms";

        @AttributeDefinition(description = "Virtual seconds per wall-clock second (1 = real time)", min = "0.000001")
        double speed() default 1.0;

        @AttributeDefinition(description = "Seed of the guests' input data")
        long seed() default 1;

        @AttributeDefinition(description = "File the JSON Lines trace is written to; empty for none")
        String trace_file() default "";

        @AttributeDefinition(description = "Trace events kept in memory for the 'trace' command", min = "0", max = "1000000")
        int trace_keep() default 1000;
    }

    private static final Set<String> KEYS = Set.of("profile", "quantum", "speed", "seed", "trace.file", "trace.keep");
    private static final long REMOVAL_GRACE_MS = 1_000;
    /** The reason of the requests still open when the platform stops. */
    static final String STOPPED = "platform stopped";
    /**
     * The start ends once no PRR or VM configuration has come or gone for this long (Config Admin delivers
     * the initial ones in any order, a few milliseconds apart) ...
     */
    static final long START_QUIET_MS = 500;
    /** How far a live trace file may lag behind the platform (someone may follow it with tail -f, a script may wait for an event). */
    static final long TRACE_FLUSH_MS = 100;
    /** ... or, when none came at all, this long after the platform started. */
    static final long START_EMPTY_MS = 2_000;

    private final FabricFactory fabrics;
    private final Map<String, Bound<Accelerator>> accelerators = new ConcurrentHashMap<>();
    /** Every bound accelerator service, oldest first: another bundle's service of a device takes over when the one in use goes. */
    private final List<Bound<Accelerator>> boundAccelerators = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, AllocationPolicy> policies = new ConcurrentHashMap<>();
    /** Every bound policy service and its name, oldest first: another bundle's policy of that name takes over when the one in use goes. */
    private final List<Map.Entry<String, AllocationPolicy>> boundPolicies = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, PrrSpec> prrsByPid = new ConcurrentHashMap<>();
    private final Map<String, VmSpec> vmsByPid = new ConcurrentHashMap<>();
    private final Set<String> refusedDevices = ConcurrentHashMap.newKeySet();
    /** Devices installed while there was no PRR to check them against: checked when a PRR is added. */
    private final Set<String> uncheckedDevices = ConcurrentHashMap.newKeySet();
    /**
     * Whether the platform is starting: virtual time stands still and devices wait (unchecked, not
     * installed) while the initial configurations arrive, so that no VM boots before the PRRs configured
     * with it and no device is checked against only some of them.
     */
    private volatile boolean starting = true;
    private volatile long startedNanos;
    /** System.nanoTime() of the last PRR or VM configuration that came or went, or 0 when none has. */
    private volatile long lastTopologyNanos;
    /** The timer task that ends the start after its quiet period; cancelled once the start is over. */
    private volatile java.util.concurrent.ScheduledFuture<?> startCheck;
    /** Periodic flushes and the removal graces; a grace still pending when the platform stops is dropped. */
    private final ScheduledExecutorService timers = timers();

    private static ScheduledExecutorService timers() {
        java.util.concurrent.ScheduledThreadPoolExecutor t = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "kerone-timers");
            thread.setDaemon(true);
            return thread;
        });
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return t;
    }
    private volatile Logger logger;
    private volatile EventAdmin events;
    /** Posts the trace's events to {@link #events}, bounded; from activation on. */
    private EventPublisher publisher;
    private volatile String selectedPolicy = "priority";
    private BundleContext context;
    private BundleListener uninstalls;
    /** The event handlers subscribed to kerone/ topics: trace events go to Event Admin only while there is one. */
    private final Set<ServiceReference<?>> keroneHandlers = ConcurrentHashMap.newKeySet();
    private ServiceListener handlers;
    private Machine machine;
    private LiveRunner runner;
    private Writer traceOut;

    /** A service and the bundle that offered it. */
    private record Bound<T>(T service, Bundle bundle) {
    }

    @Activate
    public LivePlatform(@Reference(target = "(" + FabricFactory.KIND + "=simulated)") FabricFactory fabrics) {
        this.fabrics = fabrics;
    }

    @Activate
    void activate(BundleContext bc, Config config, Map<String, Object> properties) throws ScenarioException, IOException {
        this.context = bc;
        String unknown = ConfigKeys.unknown(properties, KEYS);
        if (unknown != null) {
            refuse("configuration " + Platform.PID + ": unknown key '" + unknown + "' ignored (known: " + new java.util.TreeSet<>(KEYS) + ")");
        }
        // a bad value is reported in one line and its default used: the platform starts all the same
        CostProfile profile = profile(config, null);
        if (profile == null) {
            profile = CostProfile.load(CostProfile.DEFAULT, Platform.PID);
        }
        Long q = quantum(config, null);
        long quantum = q == null ? 1_000_000L : q;
        double speed = setting(properties, "speed", config::speed, x -> x > 0 && Double.isFinite(x), "is not a positive number",
                1.0, "the default 1 is used");
        long seed = setting(properties, "seed", config::seed, x -> true, "is not a whole number", 1L, "the default 1 is used");
        int keep = setting(properties, "trace.keep", config::trace_keep, x -> x >= 0 && x <= 1_000_000,
                "is not a number of events (0..1000000)", 1000, "the default 1000 is used");
        Writer out = null;
        if (!config.trace_file().isEmpty()) {
            try {
                // written anew from its start, then appended to: a file emptied meanwhile by log rotation (logrotate's
                // copytruncate) goes on from its new start, not after a hole of as many zero bytes as it had
                Path file = Path.of(config.trace_file());
                Files.newOutputStream(file).close();
                out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND), 1 << 16);
            } catch (IOException | RuntimeException e) {
                refuse("configuration " + Platform.PID + ": trace.file '" + config.trace_file() + "' cannot be written ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); no trace file is written");
            }
        }
        traceOut = out;
        watchEventHandlers(bc);
        publisher = new EventPublisher(() -> events, () -> !keroneHandlers.isEmpty(), message -> log(true, message), EventPublisher.CAPACITY);
        Trace trace = new Trace(out, keep, publisher::publish);
        Scenario empty = new Scenario("live", Platform.PID, seed, profile.name, selectedPolicy, quantum, 0,
                List.of(), List.of());
        machine = new Machine(empty, profile, fabrics, new TreeMap<>(), "builtin", null, trace);
        machine.goLive();
        machine.stallListener = vm -> refuse("VM " + vm + ": a whole pass of its program took no time (each use refused"
                + " or failed at once; see 'trace'): the VM is stopped; change its configuration to start it again");
        runner = new LiveRunner(machine, speed, t -> {
            log(true, "kernel event failed: " + t);
            java.util.function.Consumer<Throwable> extra = errorListener;
            if (extra != null) {
                extra.accept(t);
            }
        });
        runner.execute(this::applyPolicy);
        uninstalls = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED) {
                // by the name each was bound under, as unbindAccelerator: asking a going service for it may throw
                accelerators.entrySet().stream().filter(e -> e.getValue().bundle().getBundleId() == event.getBundle().getBundleId())
                        .map(Map.Entry::getKey).toList().forEach(this::removeDevice);
            }
        };
        bc.addBundleListener(uninstalls);
        startedNanos = System.nanoTime();
        runner.hold();
        runner.start();
        timers.scheduleAtFixedRate(this::flushTrace, TRACE_FLUSH_MS, TRACE_FLUSH_MS, TimeUnit.MILLISECONDS);
        startCheck = timers.scheduleWithFixedDelay(this::checkStart, 50, 50, TimeUnit.MILLISECONDS);
    }

    /** Keeps {@link #keroneHandlers} up to date with the event handlers and their topics. */
    private void watchEventHandlers(BundleContext bc) {
        handlers = event -> handlerChanged(event.getType(), event.getServiceReference());
        try {
            bc.addServiceListener(handlers, "(" + org.osgi.framework.Constants.OBJECTCLASS + "=" + EventHandler.class.getName() + ")");
            ServiceReference<?>[] existing = bc.getServiceReferences(EventHandler.class.getName(), null);
            if (existing != null) {
                for (ServiceReference<?> ref : existing) {
                    handlerChanged(ServiceEvent.REGISTERED, ref);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
    }

    private void handlerChanged(int type, ServiceReference<?> ref) {
        if ((type == ServiceEvent.REGISTERED || type == ServiceEvent.MODIFIED) && EventPublisher.listens(ref.getProperty(EventConstants.EVENT_TOPIC))) {
            keroneHandlers.add(ref);
        } else {
            keroneHandlers.remove(ref);
        }
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) throws ScenarioException {
        String unknown = ConfigKeys.unknown(properties, KEYS);
        if (unknown != null) {
            refuse("configuration " + Platform.PID + ": unknown key '" + unknown + "' ignored (known: " + new java.util.TreeSet<>(KEYS) + ")");
        }
        // a bad value is reported in one line and the running value kept
        String kept = "it stays as it was";
        CostProfile profile = profile(config, kept);
        Long quantum = quantum(config, kept);
        double speed = setting(properties, "speed", config::speed, x -> x > 0 && Double.isFinite(x), "is not a positive number",
                runner.speed(), "the speed stays "
                        + java.math.BigDecimal.valueOf(runner.speed()).stripTrailingZeros().toPlainString() + "x");
        speed(speed);
        runner.execute(() -> {
            if (profile != null) {
                machine.profile(profile);
            }
            if (quantum != null) {
                machine.cpu.quantum(quantum);
            }
        });
    }

    /** The value of {@code key} read through {@code read}, or, when it is not one or not {@code ok}, {@code fallback} and one line saying so. */
    private <T> T setting(Map<String, Object> properties, String key, java.util.function.Supplier<T> read,
            java.util.function.Predicate<T> ok, String problem, T fallback, String instead) {
        try {
            T value = read.get();
            if (ok.test(value)) {
                return value;
            }
        } catch (RuntimeException e) {
            // SCR could not convert it: reported below
        }
        refuse("configuration " + Platform.PID + ": " + key + " '" + properties.get(key) + "' " + problem + "; " + instead);
        return fallback;
    }

    /** The profile, or null (after one line ending with {@code instead}, or "the default is used") when it cannot be loaded. */
    private CostProfile profile(Config config, String instead) {
        return orRefused(() -> CostProfile.load(config.profile(), Platform.PID), instead, "the default " + CostProfile.DEFAULT + " is used");
    }

    /** The quantum, or null (after one line) when it is not a positive time. */
    private Long quantum(Config config, String instead) {
        return orRefused(() -> quantum(config), instead, "the default 1ms is used");
    }

    /** A value read from the configuration, or null after one line saying why and what happens instead ({@code instead}, else {@code byDefault}). */
    private <T> T orRefused(java.util.concurrent.Callable<T> read, String instead, String byDefault) {
        try {
            return read.call();
        } catch (Exception e) {
            refuse("configuration " + e.getMessage() + "; " + (instead == null ? byDefault : instead));
            return null;
        }
    }

    private static long quantum(Config config) throws ScenarioException {
        try {
            String text = config.quantum().trim();
            long q = ScenarioReader.time(JsonTree.parse(Platform.PID, text.matches("[0-9]+") ? text : "\"" + text + "\""));
            if (q <= 0) {
                throw new ScenarioException(Platform.PID, "quantum", "must be positive");
            }
            return q;
        } catch (ScenarioException e) {
            throw new ScenarioException(Platform.PID, "quantum", e.problem());
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (context != null && uninstalls != null) {
            try {
                context.removeBundleListener(uninstalls);
                context.removeServiceListener(handlers);
            } catch (IllegalStateException e) {
                // the bundle context is already invalid
            }
        }
        // a periodic flush in progress finishes (shutdownNow would interrupt it: "cannot flush the trace: interrupted")
        timers.shutdown();
        timers.awaitTermination(2, TimeUnit.SECONDS);
        if (runner.stop()) {
            // the kernel thread has ended: the requests still open end here, so that every request ends once
            machine.failOpenRequests(STOPPED);
        }
        publisher.stop();
        // the kernel thread has ended: flush here, runner.call would wait for it in vain
        if (traceOut != null) {
            machine.trace.flush();
        }
        if (traceOut != null) {
            try {
                traceOut.close();
            } catch (IOException e) {
                log(true, "cannot close the trace: " + e.getMessage());
            }
        }
    }

    /** On the timers: ends the start once the initial configurations have settled. */
    private void checkStart() {
        if (!starting) {
            return;
        }
        long now = System.nanoTime();
        long last = lastTopologyNanos;
        if (last != 0 ? now - last >= TimeUnit.MILLISECONDS.toNanos(START_QUIET_MS)
                : now - startedNanos >= TimeUnit.MILLISECONDS.toNanos(START_EMPTY_MS)) {
            runner.execute(this::finishStart);
        }
    }

    /** On the kernel thread: the PRRs are known, the devices are checked against them and installed, time runs. */
    private void finishStart() {
        if (!starting) {
            return;
        }
        starting = false;
        java.util.concurrent.ScheduledFuture<?> check = startCheck;
        if (check != null) {
            check.cancel(false);
        }
        accelerators.forEach(this::installDevice);
        // a policy whose bundle has not come by now is missing: said once, here
        applyPolicy();
        runner.release();
    }

    @Override
    public boolean started() {
        return !starting;
    }

    @Override
    public void endStart() {
        LiveRunner r = runner;
        if (r != null) {
            r.execute(this::finishStart);
        }
    }

    /** A PRR or VM configuration came or went. */
    private void topologyChanged() {
        lastTopologyNanos = System.nanoTime();
    }

    /** Tests: waits until the start is over; false on timeout. */
    boolean awaitStarted(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (starting || runner.held()) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private void flushTrace() {
        if (traceOut != null && runner != null) {
            try {
                runner.call(() -> {
                    machine.trace.flush();
                    return null;
                });
            } catch (RuntimeException e) {
                log(true, "cannot flush the trace: " + e.getMessage());
            }
        }
    }

    // --- services coming and going ------------------------------------------------------------

    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setLogger(Logger logger) {
        this.logger = logger;
    }

    void unsetLogger(Logger logger) {
        if (this.logger == logger) {
            this.logger = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEvents(EventAdmin events) {
        this.events = events;
    }

    void unsetEvents(EventAdmin events) {
        if (this.events == events) {
            this.events = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAccelerator(Accelerator accelerator, ServiceReference<Accelerator> ref) {
        String name;
        try {
            name = accelerator.info().name();
        } catch (RuntimeException | LinkageError e) {
            refuse("refused accelerator from bundle " + describe(ref.getBundle()) + ": its description fails: " + e);
            return;
        }
        Bound<Accelerator> bound = new Bound<>(accelerator, ref.getBundle());
        Bound<Accelerator> before = accelerators.put(name, bound);
        boundAccelerators.add(bound);
        if (before != null && before.bundle() != null && bound.bundle() != null
                && before.bundle().getBundleId() != bound.bundle().getBundleId() && isRegistered(before)) {
            // another version of the same bundle is an upgrade; another bundle with the same device is worth a line
            log(!java.util.Objects.equals(before.bundle().getSymbolicName(), bound.bundle().getSymbolicName()),
                    "device '" + name + "' of bundle " + describe(bound.bundle()) + " replaces the one of bundle "
                    + describe(before.bundle()) + " (which takes over again if this bundle goes)");
        }
        if (runner != null) {
            runner.execute(() -> installDevice(name, bound));
        }
    }

    void unbindAccelerator(Accelerator accelerator, ServiceReference<Accelerator> ref) {
        boundAccelerators.removeIf(b -> b.service() == accelerator);
        // the device it serves, by the name it was bound under: none when it was refused as it came (its
        // description failed) or another service of its device replaced it meanwhile, and nothing to remove then
        String name = accelerators.entrySet().stream().filter(e -> e.getValue().service() == accelerator).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        if (name == null) {
            return;
        }
        Bound<Accelerator> bound = accelerators.get(name);
        if (bound == null || bound.service() != accelerator) {
            return;
        }
        Bound<Accelerator> other = null;
        for (Bound<Accelerator> b : boundAccelerators) {
            if (name.equals(b.service().info().name()) && b.bundle().getBundleId() != bound.bundle().getBundleId()) {
                other = b; // the most recent service of this device from another bundle
            }
        }
        if (other != null && accelerators.replace(name, bound, other)) {
            Bound<Accelerator> next = other;
            if (runner != null && !timers.isShutdown()) {
                runner.execute(() -> installDevice(name, next));
            }
            return;
        }
        if (timers.isShutdown()) {
            return; // deactivated: the platform is gone, nothing to remove it from
        }
        // an update re-registers the device within the grace; an uninstall removes it at once
        afterGrace(() -> {
            Bound<Accelerator> now = accelerators.get(name);
            if (now != null && now.service() == accelerator) {
                removeDevice(name);
            }
        });
    }

    /** Runs {@code removal} after the removal grace, unless the platform stops first. */
    private void afterGrace(Runnable removal) {
        try {
            timers.schedule(removal, REMOVAL_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // deactivated meanwhile: the platform is gone, nothing to remove it from
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicy(AllocationPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(AllocationPolicy.NAME);
        if (name == null) {
            refuse("refused a policy service without the " + AllocationPolicy.NAME + " property (service.id "
                    + properties.get("service.id") + ")");
            return;
        }
        boundPolicies.add(Map.entry(name.toString(), policy));
        policies.put(name.toString(), policy);
        if (runner != null) {
            runner.execute(this::applyPolicy);
        }
    }

    void unbindPolicy(AllocationPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(AllocationPolicy.NAME);
        boundPolicies.removeIf(e -> e.getValue() == policy);
        if (name == null) {
            return;
        }
        // a policy of the same name from another bundle (the built-in one beside a re-versioned copy) takes over
        AllocationPolicy other = null;
        for (Map.Entry<String, AllocationPolicy> e : boundPolicies) {
            if (e.getKey().equals(name.toString())) {
                other = e.getValue(); // the most recent one
            }
        }
        String key = name.toString();
        if (other != null) {
            if (policies.replace(key, policy, other) && runner != null) {
                runner.execute(this::applyPolicy);
            }
            return;
        }
        if (timers.isShutdown()) {
            policies.remove(key, policy); // deactivated: nothing decides any more
            return;
        }
        // as for a device: an update re-registers the policy within the grace, and it decides on
        // meanwhile (a class its refreshed bundle can no longer load is refused for that decision)
        afterGrace(() -> {
            if (policies.remove(key, policy) && runner != null) {
                runner.execute(this::applyPolicy);
            }
        });
    }

    // --- on the kernel thread -------------------------------------------------------------------------

    private void installDevice(String name, Bound<Accelerator> bound) {
        if (accelerators.get(name) != bound) {
            return; // replaced meanwhile
        }
        if (starting) {
            return; // installed when the start ends, checked against the PRRs configured with the platform
        }
        DeviceInfo info = bound.service().info();
        List<String> classes = activeClasses();
        if (!classes.isEmpty() && fitsNone(bound.service(), classes)) {
            if (uncheckedDevices.remove(name)) {
                // installed while there was no PRR: it goes, its open requests fail with "device removed"
                machine.removeDevice(name);
            }
            if (refusedDevices.add(name)) {
                refuse("refused accelerator bundle " + describe(bound.bundle()) + ": device '" + name + "' fits no PRR (it has bitstreams for "
                        + info.bitstreamBytes().keySet() + ", the PRRs are of class " + classes + ")");
            }
            return;
        }
        if (refusedDevices.remove(name)) {
            log(false, "device '" + name + "' accepted: a PRR it fits was added");
        }
        if (classes.isEmpty()) {
            uncheckedDevices.add(name); // no PRR to check it against: checked when one is added
        } else {
            uncheckedDevices.remove(name);
        }
        machine.installDevice(name, bound.service(), bound.bundle().getSymbolicName() + " " + bound.bundle().getVersion());
        log(false, "device '" + name + "' " + info.version() + " from bundle " + describe(bound.bundle()) + " installed");
    }

    /** Whether {@code acc} has a bitstream for none of the PRR classes {@code classes}. */
    private static boolean fitsNone(Accelerator acc, List<String> classes) {
        return acc.info().bitstreamBytes().keySet().stream().noneMatch(classes::contains);
    }

    private List<String> activeClasses() {
        List<String> classes = new ArrayList<>();
        Fabric f = machine.fabric;
        for (int p = 0; p < f.prrCount(); p++) {
            if (!f.retired(p) && !classes.contains(f.prrSpec(p).prrClass())) {
                classes.add(f.prrSpec(p).prrClass());
            }
        }
        return classes;
    }

    private void removeDevice(String name) {
        runner.execute(() -> {
            Bound<Accelerator> bound = accelerators.get(name);
            if (bound != null && bound.bundle().getState() != Bundle.UNINSTALLED && isRegistered(bound)) {
                return; // a newer version is in place
            }
            accelerators.remove(name);
            refusedDevices.remove(name);
            uncheckedDevices.remove(name);
            machine.removeDevice(name);
            log(false, "device '" + name + "' removed");
        });
    }

    private boolean isRegistered(Bound<Accelerator> bound) {
        return bound.bundle().getState() == Bundle.ACTIVE && bound.bundle().getRegisteredServices() != null;
    }

    private void applyPolicy() {
        String name = selectedPolicy;
        AllocationPolicy p = "builtin".equals(name) ? null : policies.get(name);
        // while the platform starts, the policy's bundle may still be starting (a framework that starts
        // platform.vmm first, SCR restarted): the start's end says whether it is missing
        if (p == null && !"builtin".equals(name) && !starting) {
            log(true, "policy '" + name + "' is not available: the monitor's built-in policy decides");
        }
        if (!machine.fabric.policyName().equals(p == null ? "builtin" : name) || p != currentPolicy) {
            currentPolicy = p;
            machine.selectPolicy(p == null ? "builtin" : name, p);
        }
    }

    private AllocationPolicy currentPolicy;

    // --- Topology (configuration components) ----------------------------------------------------------

    @Override
    public boolean addPrr(String pid, PrrSpec spec) {
        topologyChanged();
        return runner.call(() -> {
            PrrSpec mine = prrsByPid.get(pid);
            if (machine.fabric.prrIndex(spec.id()) >= 0 && (mine == null || !mine.id().equals(spec.id()))) {
                // another configuration's PRR has that name: this configuration's own PRR, if any, stays
                refuse("configuration " + pid + ": PRR '" + spec.id() + "' exists already; refused"
                        + (mine == null ? "" : "; PRR '" + mine.id() + "' kept as it was"));
                return false;
            }
            if (mine != null) {
                prrsByPid.remove(pid);
                machine.removePrr(mine.id());
            }
            prrsByPid.put(pid, spec);
            machine.addPrr(spec);
            for (String name : new ArrayList<>(refusedDevices)) {
                Bound<Accelerator> bound = accelerators.get(name);
                if (bound != null) {
                    installDevice(name, bound);
                }
            }
            // the devices installed while there was no PRR are checked now: one that fits none is refused
            List<String> classes = activeClasses();
            for (String name : new java.util.TreeSet<>(uncheckedDevices)) {
                Bound<Accelerator> bound = accelerators.get(name);
                if (bound != null && fitsNone(bound.service(), classes)) {
                    installDevice(name, bound);
                } else {
                    uncheckedDevices.remove(name);
                }
            }
            return true;
        });
    }

    @Override
    public void removePrr(String pid) {
        topologyChanged();
        runner.execute(() -> {
            PrrSpec spec = prrsByPid.remove(pid);
            if (spec != null) {
                machine.removePrr(spec.id());
            }
        });
    }

    @Override
    public boolean addVm(String pid, VmSpec spec) {
        topologyChanged();
        return runner.call(() -> {
            VmSpec mine = vmsByPid.get(pid);
            if (machine.guestOf(spec.id()) != null && (mine == null || mine.id() != spec.id())) {
                // another configuration's VM has that id: this configuration's own VM, if any, stays
                refuse("configuration " + pid + ": VM " + spec.id() + " exists already; refused"
                        + (mine == null ? "" : "; VM " + mine.id() + " kept as it was"));
                return false;
            }
            if (mine != null) {
                vmsByPid.remove(pid);
                machine.removeGuest(mine.id());
            }
            vmsByPid.put(pid, spec);
            machine.addGuest(spec, machine.now() + spec.startNs());
            return true;
        });
    }

    @Override
    public void removeVm(String pid) {
        topologyChanged();
        runner.execute(() -> {
            VmSpec spec = vmsByPid.remove(pid);
            if (spec != null) {
                machine.removeGuest(spec.id());
            }
        });
    }

    @Override
    public String useProblem(Step.Use use) {
        // the device as bound, installed in the fabric or not yet (waiting for a PRR it fits)
        Bound<Accelerator> bound = accelerators.get(use.device());
        try {
            return bound == null ? null : Validation.jobProblem(bound.service(), use.bytes());
        } catch (RuntimeException | LinkageError e) {
            return null; // a device whose code fails: its jobs are refused at run time with the reason
        }
    }

    @Override
    public void selectConfiguredPolicy(String name) {
        selectedPolicy = name;
        runner.execute(this::applyPolicy);
    }

    @Override
    public void refuse(String message) {
        log(true, message);
    }

    // --- Platform ----------------------------------------------------------------------------------------

    @Override
    public PlatformStatus status() {
        return runner.call(() -> {
            Fabric f = machine.fabric;
            List<PlatformStatus.PrrStatus> prrs = new ArrayList<>();
            for (int p = 0; p < f.prrCount(); p++) {
                if (f.retired(p)) {
                    continue;
                }
                PrrView v = f.prr(p);
                String device = v.device() < 0 ? null : machine.deviceName(v.device());
                Accelerator acc = f.loaded(p);
                long[] progress = v.jobVm() >= 0 ? f.jobProgress(f.interfaceOf(v.jobVm(), v.device())) : null;
                prrs.add(new PlatformStatus.PrrStatus(v.id(), v.prrClass(), v.state().label(), device,
                        acc == null ? null : acc.info().version(), v.connectedVm(), v.jobVm(), progress == null ? 0 : progress[0],
                        progress == null ? 0 : progress[1], v.reserved()));
            }
            List<PlatformStatus.VmStatus> vms = new ArrayList<>();
            machine.guests.stream().sorted((a, b) -> Integer.compare(a.vm, b.vm)).forEach(g -> vms.add(new PlatformStatus.VmStatus(
                    g.vm, g.prio, g.booted ? g.state.name().toLowerCase(java.util.Locale.ROOT) : "pending", g.requests, g.served, g.failedRequests, g.jobs)));
            return new PlatformStatus(machine.now(), runner.speed(), f.policyName(), prrs, vms);
        });
    }

    @Override
    public List<DeviceStatus> devices() {
        return runner.call(() -> {
            Fabric f = machine.fabric;
            List<DeviceStatus> out = new ArrayList<>();
            List<String> names = machine.deviceNames();
            for (int dev = 0; dev < names.size(); dev++) {
                Accelerator acc = f.device(dev);
                List<String> loaded = new ArrayList<>();
                for (int p = 0; p < f.prrCount(); p++) {
                    if (!f.retired(p) && f.prr(p).device() == dev) {
                        loaded.add(f.prr(p).id());
                    }
                }
                out.add(new DeviceStatus(names.get(dev), acc == null ? null : acc.info().version(), dev, Machine.deviceVa(dev),
                        acc == null ? List.of() : List.copyOf(acc.info().bitstreamBytes().keySet()), loaded,
                        machine.deviceRemoved(names.get(dev))));
            }
            return out;
        });
    }

    @Override
    public List<WaitingRequest> searchingList() {
        return runner.call(() -> {
            List<WaitingRequest> out = new ArrayList<>();
            for (Request r : machine.fabric.searchingList()) {
                out.add(new WaitingRequest(r.id(), r.vm(), machine.deviceName(r.dev()), r.prio(), machine.now() - r.arrivalNs()));
            }
            out.sort((a, b) -> Long.compare(a.id(), b.id()));
            return out;
        });
    }

    @Override
    public List<String> trace(int n) {
        return runner.call(() -> {
            List<String> all = machine.trace.recent();
            return all.subList(Math.max(0, all.size() - Math.max(0, n)), all.size());
        });
    }

    @Override
    public String policy() {
        return runner.call(() -> machine.fabric.policyName());
    }

    @Override
    public List<String> policies() {
        return new TreeMap<>(policies).keySet().stream().toList();
    }

    @Override
    public void selectPolicy(String name) {
        if (!"builtin".equals(name) && !policies.containsKey(name)) {
            throw new IllegalArgumentException("no policy '" + name + "' (available: " + String.join(", ", policies()) + ", builtin)");
        }
        selectConfiguredPolicy(name);
        runner.call(() -> null);
    }

    @Override
    public void load(String device, String prr) {
        runner.call(() -> {
            if (starting && accelerators.containsKey(device)) {
                // bound, installed when the start ends: "no device" would send the user looking for its bundle
                throw new IllegalStateException("the platform is starting: device '" + device
                        + "' is installed when its start ends, in a moment");
            }
            machine.load(device, prr);
            return null;
        });
    }

    @Override
    public void unload(String prr) {
        runner.call(() -> {
            machine.unload(prr);
            return null;
        });
    }

    @Override
    public double speed() {
        return runner.speed();
    }

    @Override
    public double achievedSpeed() {
        return runner.achievedSpeed();
    }

    @Override
    public void speed(double factor) {
        runner.speed(factor);
        // the kernel thread applies it: wait for that, so that speed() right after reads the new value
        runner.call(() -> null);
    }

    @Override
    public Summary summary() {
        return runner.call(() -> SimulatorComponent.summary(machine));
    }

    @Override
    public boolean awaitVirtualTime(long ns, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (runner.virtualNow() < ns) {
            if (runner.stopped()) {
                throw new IllegalStateException(LiveRunner.STOPPED); // virtual time will not move again
            }
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    // --- logging and events --------------------------------------------------------------------------------

    private void log(boolean problem, String message) {
        Logger l = logger;
        if (l != null) {
            if (problem) {
                l.error(message);
            } else {
                l.info(message);
            }
        } else if (problem && !frameworkStopping()) {
            System.err.println("kerone: " + message);
        }
    }

    /**
     * Whether the framework is stopping (or this bundle stopped): its bundles' services go away one by one
     * then, the Log service among the first, and the complaints that causes (a policy no longer available)
     * are expected, not worth a line.
     */
    private boolean frameworkStopping() {
        BundleContext bc = context;
        try {
            Bundle system = bc == null ? null : bc.getBundle(0);
            return system != null && system.getState() == Bundle.STOPPING;
        } catch (IllegalStateException e) {
            return true; // this bundle's context is no longer valid: it stopped
        }
    }

    private volatile java.util.function.Consumer<Throwable> errorListener;

    /** Tests: be told of every failed kernel event or command. */
    void onError(java.util.function.Consumer<Throwable> listener) {
        errorListener = listener;
    }

    /** Tests: check the invariants after every event from now on; a broken one is logged as a failed event. */
    void checkInvariants() {
        runner.call(() -> {
            machine.kernel.observe(() -> Invariants.check(machine));
            return null;
        });
    }

    private static String describe(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion() + " (" + b.getLocation() + ")";
    }
}

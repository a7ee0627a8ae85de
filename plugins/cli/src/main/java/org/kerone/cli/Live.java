package org.kerone.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.kerone.fpga.PrrSpec;
import org.kerone.vmm.Platform;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.VmSpec;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The live mode of the main job: configures the live platform and the deploy folder's watcher
 * through Config Admin, then keeps the process running (an interactive Gogo console when there is
 * a terminal) until it is stopped.
 */
final class Live implements Command.LiveMode {
    /** How long a stop waits for the framework to stop its bundles (the platform flushes its trace). */
    static final long STOP_TIMEOUT_MS = 10_000;
    /** The live platform's service, by name: the shutdown hook must not load classes. */
    private static final String PLATFORM_SERVICE = Platform.class.getName();
    /** How long the start line waits for the live platform to start (its service, its initial configurations). */
    static final long START_TIMEOUT_MS = 10_000;
    /** How often the deploy folder's jars are checked for ones that are not bundles. */
    private static final long JAR_SCAN_MS = 500;
    /** Config Admin location that lets any bundle receive the configuration. */
    private static final String ANY_LOCATION = "?";
    /** The bundle that watches the deploy folder. */
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";

    private final BundleContext context;
    private final Supplier<ConfigurationAdmin> configAdmin;
    private final Supplier<Callable<Integer>> console;
    private final boolean terminal;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Bundle system;
    private volatile Framework framework;
    private volatile Bundle fileInstall;

    Live(BundleContext context, Supplier<ConfigurationAdmin> configAdmin, Supplier<Callable<Integer>> console,
            boolean terminal, PrintStream out, PrintStream err) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.console = console;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
    }

    @Override
    public int run(Scenario scenario, Options options) throws Exception {
        ConfigurationAdmin admin = configAdmin.get();
        if (admin == null) {
            throw new IllegalStateException("no Config Admin service: the live platform cannot be configured");
        }
        Path deploy = deployFolder(options.deploy());
        Topology created = configure(admin, scenario, options, deploy);
        Double speed = awaitStart(created);
        Callable<Integer> shell = terminal ? console.get() : null;
        system = context.getBundle(0);
        framework = system instanceof Framework f ? f : null;
        for (Bundle b : context.getBundles()) {
            if (FILEINSTALL.equals(b.getSymbolicName())) {
                fileInstall = b;
            }
        }
        Thread hook = new Thread(this::stopFramework, "kerone-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // FileInstall skips a jar that is not a bundle without a word: say so
        UnusableJarReporter jars = new UnusableJarReporter(deploy, err);
        java.util.concurrent.ScheduledExecutorService jarScan = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kerone-jar-check");
            t.setDaemon(true);
            return t;
        });
        jarScan.scheduleWithFixedDelay(jars::scan, 0, JAR_SCAN_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            out.println(banner(speed != null ? speed : options.speed(), deploy, shell != null));
            out.flush();
            if (shell != null) {
                Integer status = shell.call();
                stopPlatform();
                return status == null ? Command.OK : status;
            }
            stopped.await();
            return Command.OK;
        } finally {
            jarScan.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs
            }
        }
    }

    /** Ends {@link #run} without a console: the framework is stopping. */
    void stop() {
        stopped.countDown();
    }

    private static Path deployFolder(Path folder) throws BadInputException {
        Path abs = folder.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new BadInputException(folder + ": not a folder (--deploy)");
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new BadInputException(folder + ": cannot create the deploy folder: " + e.getMessage());
        }
        return abs;
    }

    /** The PRR names and VM ids whose configurations this main job created (none when the deploy folder has them). */
    private record Topology(java.util.Set<String> prrs, java.util.Set<Integer> vms) {
        boolean isEmpty() {
            return prrs.isEmpty() && vms.isEmpty();
        }

        /** Whether the platform shows every one of them. */
        boolean shownBy(org.kerone.vmm.PlatformStatus status) {
            return status.prrs().stream().map(org.kerone.vmm.PlatformStatus.PrrStatus::id).toList().containsAll(prrs)
                    && status.vms().stream().map(org.kerone.vmm.PlatformStatus.VmStatus::id).toList().containsAll(vms);
        }
    }

    /**
     * Waits (at most {@link #START_TIMEOUT_MS}) until the live platform has started, so that the start
     * line means that virtual time runs. When this job created the PRR and VM configurations itself,
     * it ends the platform's start as soon as all of them are applied, instead of the platform's quiet
     * period; the deploy folder's configuration files are waited for by that quiet period. Returns the
     * platform's speed (a deploy folder's {@code kerone.platform.cfg} sets it, not {@code --speed}), or null
     * when there is no platform to ask.
     */
    private Double awaitStart(Topology created) throws InterruptedException {
        org.osgi.util.tracker.ServiceTracker<Platform, Platform> tracker = new org.osgi.util.tracker.ServiceTracker<>(context,
                Platform.class, null);
        tracker.open();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
            Platform platform = tracker.waitForService(START_TIMEOUT_MS);
            if (platform == null) {
                return null;
            }
            if (!created.isEmpty()) {
                while (System.nanoTime() < deadline && !created.shownBy(platform.status())) {
                    Thread.sleep(2);
                }
                if (created.shownBy(platform.status())) {
                    platform.endStart();
                }
            }
            while (System.nanoTime() < deadline && !platform.started()) {
                Thread.sleep(2);
            }
            return platform.speed();
        } catch (RuntimeException e) {
            // the platform went away meanwhile (its configuration refused, the framework stopping): nothing to wait for
            return null;
        } finally {
            tracker.close();
        }
    }

    private Topology configure(ConfigurationAdmin admin, Scenario scenario, Options options, Path deploy)
            throws IOException, InvalidSyntaxException {
        java.util.Set<String> prrs = new java.util.HashSet<>();
        java.util.Set<Integer> vms = new java.util.HashSet<>();
        Path platformFile = Configurations.fileFor(deploy, Platform.PID);
        if (platformFile == null) {
            update(admin, Platform.PID, Configurations.platform(scenario, options.speed(), options.trace()));
        } else if (options.speed() != null || options.trace() != null) {
            err.println("kerone: " + platformFile + " configures the platform: --speed and --trace are ignored");
        }
        if (Configurations.fileFor(deploy, Platform.VDM_PID) == null) {
            update(admin, Platform.VDM_PID, Configurations.vdm(scenario));
        }
        if (!Configurations.hasTopologyFiles(deploy) && !hasTopologyConfigurations(admin)) {
            for (PrrSpec prr : scenario.prrs()) {
                admin.getFactoryConfiguration(Platform.PRR_FACTORY_PID, prr.id(), ANY_LOCATION)
                        .update(Configurations.prr(prr));
                prrs.add(prr.id());
            }
            for (VmSpec vm : scenario.vms()) {
                if (vm.workload() != null || vm.steps().isEmpty()) {
                    err.println("kerone: VM " + vm.id() + ": a generated workload cannot run on the live platform"
                            + " (a kerone.vm configuration takes a program); VM not added");
                    continue;
                }
                admin.getFactoryConfiguration(Platform.VM_FACTORY_PID, "vm" + vm.id(), ANY_LOCATION)
                        .update(Configurations.vm(vm));
                vms.add(vm.id());
            }
        }
        admin.getFactoryConfiguration(Configurations.FILEINSTALL_FACTORY_PID, "kerone", ANY_LOCATION)
                .update(Configurations.watcher(deploy));
        return new Topology(prrs, vms);
    }

    private static void update(ConfigurationAdmin admin, String pid, Dictionary<String, Object> properties) throws IOException {
        admin.getConfiguration(pid, ANY_LOCATION).update(properties);
    }

    private static boolean hasTopologyConfigurations(ConfigurationAdmin admin) throws IOException, InvalidSyntaxException {
        return admin.listConfigurations("(|(service.factoryPid=" + Platform.PRR_FACTORY_PID + ")(service.factoryPid="
                + Platform.VM_FACTORY_PID + "))") != null;
    }

    private static String banner(Double factor, Path deploy, boolean console) {
        String speed = factor == null || factor == 1.0 ? "1x (real time)"
                : java.math.BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString() + "x";
        String stop = console ? "type 'help' for commands, 'exit' or Ctrl-D to stop"
                : "stop with kill -TERM " + ProcessHandle.current().pid() + " or Ctrl-C";
        return "Ker-ONE live platform: speed " + speed + ", deploy folder " + deploy + "; " + stop;
    }

    /**
     * Stops the deploy folder's watcher, then the live platform's bundle, so that the platform stops (and
     * flushes its trace) while its accelerators and policies are still there: stopping the framework alone
     * would take them away first, one by one, and the platform would report each loss.
     */
    private void stopPlatform() {
        try {
            // first the deploy folder's watcher: a jar dropped or replaced now would be installed while the
            // framework stops, and the launcher deletes the framework's storage at exit meanwhile (stack traces)
            Bundle watcher = fileInstall;
            if (watcher != null) {
                watcher.stop(Bundle.STOP_TRANSIENT);
            }
        } catch (BundleException | RuntimeException e) {
            // stopping or stopped already
        }
        try {
            ServiceReference<?> platform = context.getServiceReference(PLATFORM_SERVICE);
            Bundle bundle = platform == null ? null : platform.getBundle();
            if (bundle != null) {
                bundle.stop(Bundle.STOP_TRANSIENT);
            }
        } catch (BundleException | RuntimeException e) {
            // the framework is stopping already: it stops the platform too
        }
    }

    /**
     * The shutdown hook (SIGTERM, Ctrl-C): stops the live platform, then the framework, and waits for
     * both. Runs after the framework stopped too ({@code stop 0} in the console): this bundle's classes
     * cannot be loaded any more then, so it uses only what {@link #run} prepared.
     */
    private void stopFramework() {
        try {
            if (system.getState() == Bundle.ACTIVE) {
                stopPlatform();
                system.stop();
            }
            if (framework != null) {
                framework.waitForStop(STOP_TIMEOUT_MS);
            }
        } catch (BundleException | RuntimeException e) {
            // stopping or stopped already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }
}

package org.kerone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerone.vmm.Platform;
import org.kerone.vmm.Scenario;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The live mode's start line, outside a framework: a platform service and Config Admin answered by hand. */
class LiveTest {
    @TempDir
    Path dir;

    @Test
    void theStartLineShowsTheSpeedOfTheDeployFoldersPlatformConfigurationNotTheDefault() throws Exception {
        // given a deploy folder whose kerone.platform.cfg sets speed=10, and no --speed
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        Files.writeString(deploy.resolve("kerone.platform.cfg"), "speed=10\n");
        Platform platform = proxy(Platform.class, Map.of("speed", 10.0, "started", true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Live live = new Live(context(platform), () -> proxy(ConfigurationAdmin.class, Map.of(
                "getConfiguration", proxy(Configuration.class, Map.of()),
                "getFactoryConfiguration", proxy(Configuration.class, Map.of()))), () -> (Callable<Integer>) () -> 0, true,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        Options options = Options.parse(List.of("--live", "--deploy", deploy.toString()));

        // when the live mode starts (and its console ends at once)
        live.run(new Scenario("live", "test", 1, "zynq7000", "priority", 1_000_000, 0, List.of(), List.of()), options);

        // then the start line gives the platform's speed
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Ker-ONE live platform: speed 10x, deploy folder ");
    }

    @Test
    void theDeployFoldersWatcherStopsBeforeThePlatformSoThatNoJarIsInstalledWhileTheFrameworkStops() throws Exception {
        // given a live mode with a console, FileInstall and the platform's bundle
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        Bundle fileInstall = bundle("org.apache.felix.fileinstall", stopped);
        Bundle platformBundle = bundle("platform.vmm", stopped);
        Platform platform = proxy(Platform.class, Map.of("speed", 1.0, "started", true));
        ServiceReference<?> ref = proxy(ServiceReference.class, Map.of("getBundle", platformBundle));
        BundleContext context = proxy(BundleContext.class, Map.of(
                "createFilter", proxy(Filter.class, Map.of()),
                "getServiceReferences", new ServiceReference<?>[] {ref},
                "getServiceReference", ref,
                "getService", platform,
                "getBundles", new Bundle[] {platformBundle, fileInstall}));
        Live live = new Live(context, () -> proxy(ConfigurationAdmin.class, Map.of(
                "getConfiguration", proxy(Configuration.class, Map.of()),
                "getFactoryConfiguration", proxy(Configuration.class, Map.of()))), () -> (Callable<Integer>) () -> 0, true,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));

        // when the console ends (exit, Ctrl-D; SIGTERM's hook stops them the same way)
        live.run(new Scenario("live", "test", 1, "zynq7000", "priority", 1_000_000, 0, List.of(), List.of()),
                Options.parse(List.of("--live", "--deploy", deploy.toString())));

        // then FileInstall stopped first: the launcher deletes the framework's storage at exit, and a jar
        // it updated meanwhile printed "Unable to create archive directory" with stack traces
        assertThat(stopped).containsExactly("org.apache.felix.fileinstall", "platform.vmm");
    }

    private static Bundle bundle(String name, List<String> stopped) {
        return (Bundle) Proxy.newProxyInstance(LiveTest.class.getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "getSymbolicName":
                    return name;
                case "stop":
                    stopped.add(name);
                    return null;
                case "getState":
                    return Bundle.ACTIVE;
                case "hashCode":
                    return System.identityHashCode(p);
                case "equals":
                    return p == a[0];
                default:
                    return m.getReturnType() == long.class ? 0L : m.getReturnType() == int.class ? 0 : null;
            }
        });
    }

    /** A bundle context whose only service is {@code platform}. */
    private static BundleContext context(Platform platform) {
        ServiceReference<?> ref = proxy(ServiceReference.class, Map.of());
        return proxy(BundleContext.class, Map.of(
                "createFilter", proxy(Filter.class, Map.of()),
                "getServiceReferences", new ServiceReference<?>[] {ref},
                "getService", platform,
                "getBundles", new Bundle[0]));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(LiveTest.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
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
}

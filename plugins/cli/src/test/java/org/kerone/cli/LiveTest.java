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

    /** A bundle context whose only service is {@code platform}. */
    private static BundleContext context(Platform platform) {
        ServiceReference<?> ref = proxy(ServiceReference.class, Map.of());
        return proxy(BundleContext.class, Map.of(
                "createFilter", proxy(Filter.class, Map.of()),
                "getServiceReferences", new ServiceReference<?>[] {ref},
                "getService", platform));
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

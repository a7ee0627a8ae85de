package org.kerone.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.util.List;
import org.ops4j.pax.exam.Constants;
import org.ops4j.pax.exam.Option;

/**
 * The container every integration test starts from: Felix with SCR, the OSGi bundles SCR needs,
 * jackson-core and the platform's bundles.
 */
public final class PlatformOptions {

    /** The reactor bundles, by artifactId; failsafe gives their files as kerone.bundle.ARTIFACTID. */
    public static final List<String> PLATFORM_BUNDLES = List.of("platform.fpga", "platform.vmm",
            "plugins.policy.priority", "accelerators.aes128", "accelerators.sha256", "plugins.cli");

    private PlatformOptions() {
    }

    public static Option[] base() {
        return options(
                // a bundle that does not resolve fails the test run instead of being skipped quietly
                systemProperty(Constants.EXAM_FAIL_ON_UNRESOLVED_KEY).value("true"),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                platformBundles(),
                junitBundles());
    }

    private static Option platformBundles() {
        return composite(PLATFORM_BUNDLES.stream().map(PlatformOptions::reactorBundle).toArray(Option[]::new));
    }

    private static Option reactorBundle(String artifactId) {
        String key = "kerone.bundle." + artifactId;
        String path = System.getProperty(key);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException(key + " does not name a bundle file (" + path
                    + "): run the tests through Maven (mvn verify), which sets it");
        }
        return bundle(new File(path).toURI().toString());
    }
}

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
 * The container every integration test starts from: Felix with SCR, Config Admin, Event Admin,
 * Log, Metatype and FileInstall, the OSGi bundles SCR needs, jackson-core, jmustache and the
 * platform's bundles (the command line and the policy comparison it calls included).
 */
public final class PlatformOptions {

    /** The reactor bundles started with the container, by artifactId; failsafe gives their files as kerone.bundle.ARTIFACTID. */
    public static final List<String> PLATFORM_BUNDLES = List.of("platform.fpga", "platform.vmm",
            "plugins.policy.priority", "accelerators.aes128", "accelerators.sha256", "plugins.compare", "plugins.cli");

    /** Where the FileInstall watcher of the framework properties looks; nothing is ever put there. */
    private static final String IDLE_DEPLOY_DIR = "target/deploy-idle";

    private PlatformOptions() {
    }

    public static Option[] base() {
        return options(
                // a bundle that does not resolve fails the test run instead of being skipped quietly
                systemProperty(Constants.EXAM_FAIL_ON_UNRESOLVED_KEY).value("true"),
                // FileInstall watches ./load unless told otherwise; keep it out of the project folder
                // (tests that hot-deploy configure their own watcher through Config Admin)
                systemProperty("felix.fileinstall.dir").value(new File(IDLE_DEPLOY_DIR).getAbsolutePath()),
                // as in cnf/live.bndrun: FileInstall never writes configurations back into the .cfg files
                systemProperty("felix.fileinstall.enableConfigSave").value("false"),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.log").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.metatype").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.fileinstall").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                mavenBundle("com.samskivert", "jmustache").versionAsInProject(),
                platformBundles(),
                junitBundles());
    }

    /**
     * The file of a reactor bundle (any of the module's dependencies failsafe names, started or
     * not). Works outside the framework and inside it: the native container shares the JVM.
     */
    public static File bundleFile(String artifactId) {
        String key = "kerone.bundle." + artifactId;
        String path = System.getProperty(key);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException(key + " does not name a bundle file (" + path
                    + "): run the tests through Maven (mvn verify), which sets it");
        }
        return new File(path);
    }

    /** A file URL for {@link org.osgi.framework.BundleContext#installBundle(String)}. */
    public static String bundleLocation(String artifactId) {
        return bundleFile(artifactId).toURI().toString();
    }

    private static Option platformBundles() {
        return composite(PLATFORM_BUNDLES.stream().map(id -> bundle(bundleLocation(id))).toArray(Option[]::new));
    }
}

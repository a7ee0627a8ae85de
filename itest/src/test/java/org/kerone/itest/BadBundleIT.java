package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

/**
 * Bundles that are no good accelerator leave the running platform as it was.
 *
 * <p>Scenarios:
 * <ul>
 * <li>an accelerator whose bitstreams fit no PRR (only class "tiny"): refused with one log line
 *     naming the bundle and the problem; no such device appears;
 * <li>a bundle that is not an accelerator, dropped into the deploy folder: it starts, the platform
 *     does not notice;
 * <li>a corrupt jar (random bytes) dropped into the deploy folder: nothing is installed from it,
 *     the platform does not notice.
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class BadBundleIT {
    private static final double SPEED = 50;
    private static final String TINY = "tinyacc";

    @Inject
    private BundleContext context;
    private Live live;
    private Untouched before;

    @Configuration
    public Option[] config() {
        return options(composite(PlatformOptions.base()),
                TestBundles.option("tiny", TestBundles.accelerator(TINY, "1.0.0", "tiny=1000", 100)),
                TestBundles.option("plain", TestBundles.notAnAccelerator()));
    }

    @Before
    public void startPlatform() {
        live = new Live(context);
        live.start(SPEED, 29, "priority");
        live.prr("prr0", "large");
        live.prr("prr1", "small");
        live.vm(1, 10, "compute 100ms; use aes128 4096", 0);
        live.vm(2, 10, "compute 150ms; use sha256 4096", 0);
        live.awaitMoreJobs(1, 1);
        before = new Untouched(live);
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void acceleratorThatFitsNoPrrIsRefusedNamingTheBundle() throws Exception {
        // when an accelerator with a bitstream for class "tiny" only is installed
        live.install(TestBundles.file("tiny"));

        // then one line names the bundle and the problem, no such device appears, the platform is untouched
        String bsn = "itest.accelerator." + TINY;
        live.until("a log line naming " + bsn, () -> !live.log(bsn).isEmpty());
        Live.sleep(300);
        List<LogEntry> lines = live.log(bsn);
        assertEquals("lines naming " + bsn + ": " + lines.stream().map(LogEntry::getMessage).collect(Collectors.toList()),
                1, lines.size());
        String line = lines.get(0).getMessage();
        assertTrue("'" + line + "' does not say the device fits no PRR", line.contains("fits no PRR") && line.contains("tiny"));
        assertEquals(LogLevel.ERROR, lines.get(0).getLogLevel());
        assertFalse("device " + TINY + " in " + live.platform().devices(),
                Untouched.names(live.platform().devices()).contains(TINY));
        before.check(2);
    }

    @Test
    public void bundleThatIsNotAnAcceleratorDoesNotDisturbThePlatform() throws Exception {
        // given a deploy folder
        Path deploy = live.deployFolder();
        int logged = live.logEntries().size();

        // when a bundle that is not an accelerator is dropped into it
        Live.drop(TestBundles.file("plain").toPath(), deploy.resolve("plain.jar"));

        // then it is installed and started, and the platform is untouched and says nothing
        Live.await("the bundle active", () -> live.bundle("itest.not.an.accelerator").filter(b -> b.getState() == Bundle.ACTIVE));
        before.check(2);
        assertEquals("lines logged by the platform", List.of(), platformLines(logged));
    }

    @Test
    public void corruptJarDoesNotDisturbThePlatform() throws Exception {
        // given a deploy folder
        Path deploy = live.deployFolder();
        int logged = live.logEntries().size();
        long bundles = context.getBundles().length;

        // when random bytes named x.jar are dropped into it, then a good bundle after it
        byte[] junk = new byte[4096];
        new SplittableRandom(31).nextBytes(junk);
        Path x = Files.createTempFile(deploy.getParent(), "x", ".jar");
        Files.write(x, junk);
        Live.drop(x, deploy.resolve("x.jar"));
        Live.sleep(300);
        Live.drop(TestBundles.file("plain").toPath(), deploy.resolve("plain.jar"));

        // then, once the watcher took the good one (so it has seen x.jar), nothing came of x.jar
        // (FileInstall skips a jar it cannot read without a word, even at its debug log level)
        Live.await("the good bundle active", () -> live.bundle("itest.not.an.accelerator")
                .filter(b -> b.getState() == Bundle.ACTIVE));
        assertEquals("bundles installed", bundles + 1, context.getBundles().length);
        assertTrue("a bundle from x.jar", Arrays.stream(context.getBundles()).noneMatch(b -> b.getLocation().contains("x.jar")));
        // and the platform is untouched and says nothing
        before.check(2);
        assertEquals("lines logged by the platform", List.of(), platformLines(logged));
    }

    /** Messages the platform's bundles logged at warning level or above since entry {@code from}. */
    private List<String> platformLines(int from) {
        List<LogEntry> all = live.logEntries();
        return all.subList(from, all.size()).stream()
                .filter(e -> e.getBundle().getSymbolicName().startsWith("platform."))
                .filter(e -> e.getLogLevel().implies(LogLevel.WARN))
                .map(LogEntry::getMessage).collect(Collectors.toList());
    }
}

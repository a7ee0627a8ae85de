package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kerone.vmm.Platform;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The active policy's bundle is uninstalled: the monitor's built-in policy takes over and the
 * platform never stalls; the policy is back when its bundle is.
 *
 * <p>Scenarios:
 * <ul>
 * <li>the priority policy's bundle uninstalled: the policy is "builtin", requests keep being served;
 * <li>installed again: the configured policy decides again.
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PolicyUninstallIT {
    private static final double SPEED = 20;
    /** Two devices on one PRR: each use reconfigures it, so each one traps and is served. */
    private static final String AES_LOOP = "compute 20ms; use aes128 16384";
    private static final String SHA_LOOP = "compute 30ms; use sha256 16384";

    @Inject
    private BundleContext context;
    private Live live;
    private Platform platform;

    @Configuration
    public Option[] config() {
        return PlatformOptions.base();
    }

    @Before
    public void startPlatform() {
        live = new Live(context);
        platform = live.start(SPEED, 17, "priority");
        live.prr("prr0", "large");
        live.vm(1, 10, AES_LOOP, 0);
        live.vm(2, 10, SHA_LOOP, 0);
        live.awaitMoreServed(1, 2);
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void builtinPolicyTakesOverAndRequestsKeepBeingServed() throws Exception {
        // given the priority policy deciding
        assertEquals("priority", platform.policy());

        // when its bundle is uninstalled
        policyBundle().uninstall();

        // then the built-in policy decides and the guests keep being served
        live.until("builtin deciding", () -> "builtin".equals(platform.policy()));
        assertEquals(List.of(), platform.policies());
        live.awaitEvent("switch to builtin", "policy", e -> "builtin".equals(e.get("policy")));
        live.awaitMoreServed(1, 5);
        live.awaitMoreServed(2, 5);
        assertEquals("failed " + platform.summary().failed(), 0, platform.summary().failedTotal());
        assertFalse("no line logged about the missing policy", live.log("policy 'priority' is not available").isEmpty());
    }

    @Test
    public void reinstalledPolicyDecidesAgain() throws Exception {
        // given the priority policy's bundle uninstalled
        policyBundle().uninstall();
        live.until("builtin deciding", () -> "builtin".equals(platform.policy()));

        // when it is installed again
        live.install(PlatformOptions.bundleFile("plugins.policy.priority"));

        // then the configured policy decides again and the guests keep being served
        live.until("priority deciding", () -> "priority".equals(platform.policy()));
        live.awaitMoreServed(1, 3);
        live.awaitMoreServed(2, 3);
    }

    private Bundle policyBundle() {
        return live.bundle("plugins.policy.priority").orElseThrow(() -> new AssertionError("no priority policy bundle"));
    }
}

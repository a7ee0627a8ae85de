package org.kerone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

/**
 * Bad configurations are refused with one log line naming the PID and the problem, and the running
 * platform is left as it was.
 *
 * <p>Scenarios:
 * <ul>
 * <li>a VM configuration with an unknown key: refused, VM not added;
 * <li>a VM configuration with priority 0 (out of 1..100): refused, VM not added;
 * <li>a VM configuration whose program does not parse: refused, naming the step;
 * <li>a VM configuration with the id of a running VM: refused; deleting it leaves the running VM;
 * <li>a PRR configuration with an unknown key: refused, PRR not added;
 * <li>the platform's configuration updated with an unknown key: the key is named and ignored, the
 *     platform keeps running.
 * </ul>
 */
@RunWith(PaxExam.class)
// one container for the class: each test's configurations are deleted after it (Live.close)
@ExamReactorStrategy(PerClass.class)
public class BadConfigurationIT {
    private static final double SPEED = 50;
    private static final String PROGRAM = "compute 100ms; use aes128 4096";

    @Inject
    private BundleContext context;
    private Live live;
    private Untouched before;

    @Configuration
    public Option[] config() {
        return PlatformOptions.base();
    }

    @Before
    public void startPlatform() {
        live = new Live(context);
        live.start(SPEED, 23, "priority");
        live.prr("prr0", "large");
        live.vm(1, 10, PROGRAM, 0);
        live.awaitMoreJobs(1, 1);
        before = new Untouched(live);
    }

    @After
    public void stop() {
        live.close();
    }

    @Test
    public void vmWithAnUnknownKeyIsRefused() {
        // when a VM is configured with a key its metatype does not declare
        live.configure(Platform.VM_FACTORY_PID, "colour", vm(3, 10, Map.of("colour", "red")));

        // then one line names the PID and the key, the VM is not added, the platform is untouched
        assertOneLine(Platform.VM_FACTORY_PID + "~colour", "unknown key 'colour'");
        assertFalse(live.vmStatus(3).isPresent());
        before.check(2);
    }

    @Test
    public void vmWithPriorityZeroIsRefused() {
        // when a VM is configured with priority 0 (1..100)
        live.configure(Platform.VM_FACTORY_PID, "prio0", vm(4, 0, Map.of()));

        // then one line names the PID and the problem, the VM is not added, the platform is untouched
        assertOneLine(Platform.VM_FACTORY_PID + "~prio0", "priority 0 out of range 1..100");
        assertFalse(live.vmStatus(4).isPresent());
        before.check(2);
    }

    @Test
    public void vmWhoseProgramDoesNotParseIsRefused() {
        // when a VM's program has a step that is neither compute nor use
        Map<String, Object> properties = new java.util.HashMap<>(vm(5, 10, Map.of()));
        properties.put("program", "compute 1ms; fly aes128");
        live.configure(Platform.VM_FACTORY_PID, "badprogram", properties);

        // then one line names the PID and the step, the VM is not added, the platform is untouched
        assertOneLine(Platform.VM_FACTORY_PID + "~badprogram", "step 2");
        assertFalse(live.vmStatus(5).isPresent());
        before.check(2);
    }

    @Test
    public void vmWithTheIdOfARunningVmIsRefusedAndItsDeletionLeavesTheRunningOne() {
        // when a second configuration claims VM id 1
        org.osgi.service.cm.Configuration duplicate = live.configure(Platform.VM_FACTORY_PID, "again", vm(1, 50, Map.of()));

        // then one line names the PID and the conflict; VM 1 keeps its priority
        assertOneLine(Platform.VM_FACTORY_PID + "~again", "exists already");
        assertEquals(10, live.vmNow(1).priority());
        // and deleting the refused configuration does not take the running VM away
        live.delete(duplicate);
        Live.sleep(300);
        before.check(2);
    }

    @Test
    public void prrWithAnUnknownKeyIsRefused() {
        // when a PRR is configured with a key its metatype does not declare
        live.configure(Platform.PRR_FACTORY_PID, "colour", Map.of("id", "prr9", "class", "large", "colour", "red"));

        // then one line names the PID and the key, the PRR is not added, the platform is untouched
        assertOneLine(Platform.PRR_FACTORY_PID + "~colour", "unknown key 'colour'");
        assertFalse(live.prrStatus("prr9").isPresent());
        before.check(2);
    }

    @Test
    public void platformConfigurationWithAnUnknownKeyNamesItAndRunsOn() {
        // given the running platform's service
        Platform platform = live.platform();

        // when its configuration is updated with an unknown key
        live.configure(Platform.PID, Map.of("speed", SPEED, "seed", 23L, "trace.keep", 100_000, "colour", "red"));

        // then one line names the PID and the key, and the same platform runs on
        List<LogEntry> lines = awaitLines("'colour'");
        assertEquals("lines about the key: " + messages(lines), 1, lines.size());
        assertTrue(lines.get(0).getMessage(), lines.get(0).getMessage().contains(Platform.PID));
        assertTrue("another Platform service", platform == live.platform());
        before.check(2);
    }

    private static Map<String, Object> vm(int id, int priority, Map<String, Object> more) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("id", id, "priority", priority, "program", PROGRAM,
                "start", "0ns"));
        properties.putAll(more);
        return properties;
    }

    /** Exactly one log line (an error) mentions {@code pid}, and it names {@code problem}. */
    private void assertOneLine(String pid, String problem) {
        List<LogEntry> lines = awaitLines(pid);
        assertEquals("lines naming " + pid + ": " + messages(lines), 1, lines.size());
        LogEntry line = lines.get(0);
        assertTrue("'" + line.getMessage() + "' does not name the problem '" + problem + "'", line.getMessage().contains(problem));
        assertEquals("level of '" + line.getMessage() + "'", LogLevel.ERROR, line.getLogLevel());
        assertEquals("platform.vmm", line.getBundle().getSymbolicName());
    }

    /** The log lines mentioning {@code text}, once at least one came and a moment passed for more. */
    private List<LogEntry> awaitLines(String text) {
        live.until("a log line naming " + text, () -> !live.log(text).isEmpty());
        Live.sleep(300);
        return live.log(text);
    }

    private static List<String> messages(List<LogEntry> lines) {
        return lines.stream().map(LogEntry::getMessage).collect(Collectors.toList());
    }
}

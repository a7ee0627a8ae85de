package org.kerone.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.kerone.vmm.DeviceStatus;
import org.kerone.vmm.Platform;
import org.kerone.vmm.PlatformStatus;
import org.kerone.vmm.Summary;
import org.kerone.vmm.WaitingRequest;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class PlatformCommandsTest {
    private final FakePlatform platform = new FakePlatform();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final PlatformCommands commands = new PlatformCommands(platform, () -> err);

    @Test
    void statusPrintsTheTablesOfTheSnapshot() {
        platform.speed = 100;
        assertThat(commands.status()).isEqualTo(Views.status(ViewsTest.busyPlatform()));
        // a platform that cannot keep up says how fast it runs
        platform.achieved = 12;
        assertThat(commands.status()).startsWith("virtual time 229.637 ms, speed 100x (running at 12x: this machine cannot keep up)");
        assertThat(commands.speed()).isEqualTo("speed 100x (virtual seconds per wall-clock second); running at 12x: this machine"
                + " cannot keep up\n");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void traceWithoutArgumentShowsTheLastTwentyEvents() {
        commands.trace();

        assertThat(platform.asked).containsExactly("trace 20");
    }

    @Test
    void traceTakesACount() {
        assertThat(commands.trace("3")).isEqualTo("e1\ne2\ne3\n");
    }

    @Test
    void traceZeroShowsNoEventAndDoesNotBlameTheConfiguration() {
        assertThat(commands.trace("0")).isEmpty();
        assertThat(stderr()).isEmpty();
    }

    @Test
    void aTraceCountThatIsNoNumberIsOneLine() {
        assertThat(commands.trace("many")).isNull();
        assertThat(stderr()).isEqualTo("kerone: trace needs a number of events (0 or more), not 'many'\n");
    }

    @Test
    void policySwitchesAndSaysFromWhat() {
        assertThat(commands.policy("fcfs")).isEqualTo("policy fcfs (was priority)\n");
        assertThat(commands.policy()).isEqualTo("policy fcfs\navailable: builtin, fcfs, priority\n");
    }

    @Test
    void anUnknownPolicyIsTheRefusalOfThePlatformInOneLine() {
        assertThat(commands.policy("lottery")).isNull();
        assertThat(stderr()).isEqualTo("kerone: no policy 'lottery' (available: fcfs, priority, builtin)\n");
    }

    @Test
    void loadAndUnloadAskThePlatform() {
        assertThat(commands.load("aes128", "prr1")).isEqualTo("prr1: loading aes128\n");
        assertThat(commands.unload("prr1")).isEqualTo("prr1: emptied\n");
        assertThat(platform.asked).containsExactly("load aes128 prr1", "unload prr1");
    }

    @Test
    void aRefusedLoadIsOneLineWithoutStackTrace() {
        platform.refusal = new IllegalStateException("prr0 is busy\n(job of VM 3)");

        assertThat(commands.load("aes128", "prr0")).isNull();
        assertThat(stderr()).isEqualTo("kerone: prr0 is busy (job of VM 3)\n");
    }

    @Test
    void speedShowsAndSets() {
        assertThat(commands.speed()).isEqualTo("speed 1x (virtual seconds per wall-clock second)\n");
        assertThat(commands.speed("100")).isEqualTo("speed 100x (was 1x)\n");
        assertThat(platform.speed).isEqualTo(100.0);
    }

    @Test
    void aSpeedThatIsNotAPositiveNumberIsRefusedBeforeThePlatformSeesIt() {
        assertThat(commands.speed("0")).isNull();
        assertThat(commands.speed("fast")).isNull();
        assertThat(commands.speed("-2")).isNull();
        assertThat(stderr()).isEqualTo("""
                kerone: speed needs a positive number, not '0'
                kerone: speed needs a positive number, not 'fast'
                kerone: speed needs a positive number, not '-2'
                """);
        assertThat(platform.speed).isEqualTo(1.0);
    }

    @Test
    void withoutThePlatformEveryCommandSaysHowToStartIt() {
        PlatformCommands none = new PlatformCommands(null, () -> err);

        assertThat(none.status()).isNull();
        assertThat(none.devices()).isNull();
        assertThat(stderr()).isEqualTo(("kerone: " + PlatformCommands.NOT_RUNNING + "\n").repeat(2));
    }

    @Test
    void aConfiguredPlatformWaitingForAServiceSaysWhichOne() {
        // given a platform configured but unsatisfied: platform.fpga's fabric factory is gone (its bundle stopped)
        PlatformCommands none = new PlatformCommands(null, () -> err);
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = "org.kerone.vmm.internal.LivePlatform";
        description.serviceInterfaces = new String[] {Platform.class.getName(), "org.kerone.vmm.internal.Topology"};
        ReferenceDTO fabrics = new ReferenceDTO();
        fabrics.name = "fabrics";
        fabrics.interfaceName = "org.kerone.fpga.FabricFactory";
        description.references = new ReferenceDTO[] {fabrics};
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
        UnsatisfiedReferenceDTO missing = new UnsatisfiedReferenceDTO();
        missing.name = "fabrics";
        missing.target = "(kerone.fabric=simulated)";
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {missing};
        none.scr = (ServiceComponentRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getComponentDescriptionDTOs" -> List.of(description);
                    case "getComponentConfigurationDTOs" -> List.of(configuration);
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        // when a command needs the platform
        assertThat(none.status()).isNull();

        // then the line names the missing service instead of telling to configure what is configured
        assertThat(stderr()).isEqualTo("kerone: the live platform is configured but waits for a service it needs:"
                + " a org.kerone.fpga.FabricFactory service matching (kerone.fabric=simulated)"
                + " (is the bundle that provides it started?)\n");

        // and with no configuration at all, the usual hint
        errBytes.reset();
        configuration.state = ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION;
        assertThat(none.devices()).isNull();
        assertThat(stderr()).isEqualTo("kerone: " + PlatformCommands.NOT_RUNNING + "\n");
    }

    private String stderr() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** A platform with fixed answers that records what it was asked to do. */
    private static final class FakePlatform implements Platform {
        final List<String> asked = new ArrayList<>();
        RuntimeException refusal;
        String policy = "priority";
        double speed = 1.0;
        /** The speed reached; NaN: as set. */
        double achieved = Double.NaN;

        @Override
        public double achievedSpeed() {
            return Double.isNaN(achieved) ? speed : achieved;
        }

        @Override
        public PlatformStatus status() {
            PlatformStatus busy = ViewsTest.busyPlatform();
            return new PlatformStatus(busy.nowNs(), speed, busy.policy(), busy.prrs(), busy.vms());
        }

        @Override
        public List<DeviceStatus> devices() {
            return List.of();
        }

        @Override
        public List<WaitingRequest> searchingList() {
            return List.of();
        }

        @Override
        public List<String> trace(int n) {
            asked.add("trace " + n);
            List<String> events = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                events.add("e" + i);
            }
            return events;
        }

        @Override
        public String policy() {
            return policy;
        }

        @Override
        public List<String> policies() {
            return List.of("fcfs", "priority");
        }

        @Override
        public void selectPolicy(String name) {
            if (!policies().contains(name) && !"builtin".equals(name)) {
                throw new IllegalArgumentException("no policy '" + name + "' (available: fcfs, priority, builtin)");
            }
            policy = name;
        }

        @Override
        public void load(String device, String prr) {
            refuseIfTold();
            asked.add("load " + device + " " + prr);
        }

        @Override
        public void unload(String prr) {
            refuseIfTold();
            asked.add("unload " + prr);
        }

        @Override
        public double speed() {
            return speed;
        }

        @Override
        public void speed(double factor) {
            speed = factor;
        }

        @Override
        public Summary summary() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean awaitVirtualTime(long ns, long timeoutMillis) {
            throw new UnsupportedOperationException();
        }

        private void refuseIfTold() {
            if (refusal != null) {
                throw refusal;
            }
        }
    }
}

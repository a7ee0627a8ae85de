package org.kerone.shell;

import java.io.PrintStream;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.felix.service.command.Descriptor;
import org.kerone.vmm.Platform;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * The Gogo commands of scope {@code kerone}: show and steer the live {@link Platform}. Each command
 * returns the text to print (Gogo prints a command's result); a refusal of the platform or a bad
 * argument prints one line {@code kerone: <problem>} on the session's error stream and returns
 * nothing.
 */
@Component(service = PlatformCommands.class, property = {
    "osgi.command.scope=kerone",
    "osgi.command.function=status",
    "osgi.command.function=devices",
    "osgi.command.function=requests",
    "osgi.command.function=policy",
    "osgi.command.function=trace",
    "osgi.command.function=load",
    "osgi.command.function=unload",
    "osgi.command.function=speed"})
public final class PlatformCommands {
    static final int DEFAULT_TRACE_EVENTS = 20;
    static final String NOT_RUNNING = "the live platform is not running (start it with java -jar kerone.jar --live,"
            + " or give it a kerone.platform configuration)";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Platform platform;
    /** SCR's introspection, to say why the platform is not running when it is configured. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ServiceComponentRuntime scr;
    /** Read at each use: Gogo points System.err at the session of the command's thread. */
    private final Supplier<PrintStream> err;

    public PlatformCommands() {
        this(null, () -> System.err);
    }

    PlatformCommands(Platform platform, Supplier<PrintStream> err) {
        this.platform = platform;
        this.err = err;
    }

    @Descriptor("show each PRR (state, device loaded, VM connected, running job) and each VM (requests, jobs)")
    public String status() {
        return ask(p -> Views.status(p.status(), p.achievedSpeed()));
    }

    @Descriptor("show the virtual devices: version, register page, PRR classes they fit, where they are loaded")
    public String devices() {
        return ask(p -> Views.devices(p.devices()));
    }

    @Descriptor("show the PRR Monitor's searching list (requests waiting for a PRR), oldest first")
    public String requests() {
        return ask(p -> Views.requests(p.searchingList()));
    }

    @Descriptor("show the deciding allocation policy and the available ones")
    public String policy() {
        return ask(p -> Views.policy(p.policy(), p.policies()));
    }

    @Descriptor("select the allocation policy that decides from the next decision on")
    public String policy(@Descriptor("policy name (see 'policy'), or builtin") String name) {
        return ask(p -> {
            String before = p.policy();
            p.selectPolicy(name);
            return "policy " + p.policy() + " (was " + before + ")\n";
        });
    }

    @Descriptor("show the last " + DEFAULT_TRACE_EVENTS + " trace events (JSON Lines)")
    public String trace() {
        return ask(p -> Views.trace(p.trace(DEFAULT_TRACE_EVENTS)));
    }

    @Descriptor("show the last n trace events (JSON Lines)")
    public String trace(@Descriptor("number of events") String n) {
        return ask(p -> {
            int count = count(n);
            // none asked for, none shown: "no trace event kept" would blame trace.keep
            return count == 0 ? "" : Views.trace(p.trace(count));
        });
    }

    @Descriptor("load a device into an idle or empty PRR (a reconfiguration no request asked for)")
    public String load(@Descriptor("device name (see 'devices')") String device,
            @Descriptor("PRR id (see 'status')") String prr) {
        return ask(p -> {
            p.load(device, prr);
            return prr + ": loading " + device + "\n";
        });
    }

    @Descriptor("empty an idle PRR")
    public String unload(@Descriptor("PRR id (see 'status')") String prr) {
        return ask(p -> {
            p.unload(prr);
            return prr + ": emptied\n";
        });
    }

    @Descriptor("show the speed: virtual seconds per wall-clock second")
    public String speed() {
        return ask(p -> {
            String running = Views.running(p.speed(), p.achievedSpeed());
            return "speed " + Views.speed(p.speed()) + " (virtual seconds per wall-clock second)"
                    + (running == null ? "" : "; " + running) + "\n";
        });
    }

    @Descriptor("set the speed: virtual seconds per wall-clock second (1 = real time)")
    public String speed(@Descriptor("positive factor, e.g. 0.01, 1 or 100") String factor) {
        return ask(p -> {
            double x = factor(factor);
            String before = Views.speed(p.speed());
            p.speed(x);
            return "speed " + Views.speed(p.speed()) + " (was " + before + ")\n";
        });
    }

    /** Runs a query on the platform; a refusal or a bad argument becomes one line on the error stream. */
    private String ask(Function<Platform, String> query) {
        Platform p = platform;
        try {
            if (p == null) {
                throw new IllegalStateException(whyNotRunning());
            }
            return query.apply(p);
        } catch (IllegalArgumentException | IllegalStateException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            err.get().println("kerone: " + message.strip().replaceAll("\\s*\\R\\s*", " "));
            return null;
        }
    }

    /**
     * Why there is no platform, from SCR's view of the component that provides it: it has no
     * configuration (the usual case: {@link #NOT_RUNNING}), it waits for a service it needs (a
     * bundle such as platform.fpga stopped), or its activation failed.
     */
    private String whyNotRunning() {
        ServiceComponentRuntime runtime = scr;
        if (runtime == null) {
            return NOT_RUNNING;
        }
        try {
            for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
                if (!java.util.Arrays.asList(d.serviceInterfaces).contains(Platform.class.getName())) {
                    continue;
                }
                for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE && c.unsatisfiedReferences.length > 0) {
                        UnsatisfiedReferenceDTO missing = c.unsatisfiedReferences[0];
                        return "the live platform is configured but waits for a service it needs: " + needed(d, missing)
                                + " (is the bundle that provides it started?)";
                    }
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        return "the live platform is configured but could not start: " + firstLine(c.failure);
                    }
                    if (c.state == ComponentConfigurationDTO.SATISFIED || c.state == ComponentConfigurationDTO.ACTIVE) {
                        return "the live platform is starting; try again in a moment";
                    }
                }
            }
        } catch (RuntimeException e) {
            // SCR went meanwhile: the usual answer
        }
        return NOT_RUNNING;
    }

    private static String needed(ComponentDescriptionDTO d, UnsatisfiedReferenceDTO missing) {
        for (ReferenceDTO r : d.references) {
            if (r.name.equals(missing.name)) {
                return "a " + r.interfaceName + " service" + (missing.target == null ? "" : " matching " + missing.target);
            }
        }
        return "its reference '" + missing.name + "'";
    }

    private static String firstLine(String failure) {
        return failure == null ? "(no reason given)" : failure.lines().findFirst().orElse(failure);
    }

    private static int count(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("trace needs a number of events (0 or more), not '" + text + "'");
    }

    private static double factor(String text) {
        try {
            double x = Double.parseDouble(text.strip());
            if (x > 0 && Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("speed needs a positive number, not '" + text + "'");
    }
}

package org.kerone.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kerone.compare.Comparison;
import org.kerone.vmm.Simulator;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The container's main job under the bnd launcher: runs the command line once and returns the exit
 * status.
 *
 * <p>The bnd launcher registers itself with the property {@code launcher.arguments} (the command
 * line) and calls, on the main thread, the {@code Callable<Integer>} service registered with
 * {@code main.thread=true}; it then stops the framework and exits with the returned status. Outside
 * that launcher (Pax Exam, a plain Felix) there is no such service and this component stays
 * unsatisfied.
 *
 * <p>With {@code --live} the job configures the live platform through Config Admin and returns only
 * when the framework stops (a shutdown hook stops it on SIGTERM or Ctrl-C) or, with a terminal, when
 * the Gogo console (a {@code Callable} service with the property {@code kerone.console}) ends.
 */
@Component(service = Callable.class, property = "main.thread=true")
public final class MainJob implements Callable<Integer> {
    private final Simulator simulator;
    private final String[] arguments;
    private final Live live;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Comparison comparison;

    @Reference(service = Callable.class, target = "(kerone.console=*)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    private volatile Callable<Integer> console;

    @Activate
    public MainJob(BundleContext context, @Reference(name = "simulator") Simulator simulator,
            @Reference(name = "launcher", service = Object.class, target = "(launcher.arguments=*)")
            Map<String, Object> launcher) {
        this.simulator = simulator;
        this.arguments = launcher.get("launcher.arguments") instanceof String[] args ? args : new String[0];
        this.live = new Live(context, () -> configAdmin, () -> console, System.console() != null, System.out, System.err);
    }

    @Override
    public Integer call() {
        return new Command(simulator, live, this::compare, System.out, System.err).run(List.of(arguments));
    }

    private String compare(org.kerone.vmm.Scenario scenario, CompareOptions options) throws Exception {
        Comparison c = comparison;
        if (c == null) {
            throw new BadInputException("compare: the comparison bundle plugins.compare is not installed");
        }
        return c.table(c.compare(scenario, options.policies(), options.seeds(), options.out()));
    }

    @Deactivate
    void deactivate() {
        live.stop();
    }
}

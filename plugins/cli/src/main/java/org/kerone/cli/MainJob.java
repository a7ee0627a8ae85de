package org.kerone.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kerone.vmm.Simulator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The container's main job under the bnd launcher: runs the command line once and returns the exit
 * status.
 *
 * <p>The bnd launcher registers itself with the property {@code launcher.arguments} (the command
 * line) and calls, on the main thread, the {@code Callable<Integer>} service registered with
 * {@code main.thread=true}; it then stops the framework and exits with the returned status. Outside
 * that launcher (Pax Exam, a plain Felix) there is no such service and this component stays
 * unsatisfied.
 */
@Component(service = Callable.class, property = "main.thread=true")
public final class MainJob implements Callable<Integer> {
    private final Simulator simulator;
    private final String[] arguments;

    @Activate
    public MainJob(@Reference(name = "simulator") Simulator simulator,
            @Reference(name = "launcher", service = Object.class, target = "(launcher.arguments=*)")
            Map<String, Object> launcher) {
        this.simulator = simulator;
        this.arguments = launcher.get("launcher.arguments") instanceof String[] args ? args : new String[0];
    }

    @Override
    public Integer call() {
        return new Command(simulator, System.out, System.err).run(List.of(arguments));
    }
}

package org.kerone.vmm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.kerone.fpga.FabricFactory;
import org.kerone.fpga.accel.Accelerator;
import org.kerone.fpga.policy.AllocationPolicy;
import org.kerone.vmm.RunOptions;
import org.kerone.vmm.Scenario;
import org.kerone.vmm.ScenarioException;
import org.kerone.vmm.Simulator;
import org.kerone.vmm.Step;
import org.kerone.vmm.Summary;
import org.kerone.vmm.VmSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link Simulator} service: builds a {@link Machine} from a scenario with the accelerator and
 * policy services present in the framework and runs it.
 */
@Component(service = Simulator.class)
public final class SimulatorComponent implements Simulator {
    static final String DEFAULT_SCENARIO = "default-scenario.json";

    private final FabricFactory fabrics;
    private final Map<String, Accelerator> accelerators = new ConcurrentHashMap<>();
    private final Map<String, AllocationPolicy> policies = new ConcurrentHashMap<>();

    @Activate
    public SimulatorComponent(@Reference(target = "(" + FabricFactory.KIND + "=simulated)") FabricFactory fabrics) {
        this.fabrics = fabrics;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addAccelerator(Accelerator accelerator) {
        accelerators.put(accelerator.info().name(), accelerator);
    }

    void removeAccelerator(Accelerator accelerator) {
        accelerators.remove(accelerator.info().name(), accelerator);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addPolicy(AllocationPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(AllocationPolicy.NAME);
        if (name != null) {
            policies.put(name.toString(), policy);
        }
    }

    void removePolicy(AllocationPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(AllocationPolicy.NAME);
        if (name != null) {
            policies.remove(name.toString(), policy);
        }
    }

    @Override
    public Scenario defaultScenario() {
        try (InputStream in = SimulatorComponent.class.getResourceAsStream(DEFAULT_SCENARIO)) {
            return parse("built-in default scenario", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ScenarioException e) {
            throw new IllegalStateException("the built-in default scenario is broken: " + e.getMessage(), e);
        }
    }

    @Override
    public Scenario load(Path file) throws ScenarioException, IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file.toString(), "(file)", "no such file");
        } catch (CharacterCodingException e) {
            throw new ScenarioException(file.toString(), "(file)", "not UTF-8 text");
        } catch (IOException e) {
            // a folder, an unreadable file: the message names the file like every other refusal
            String why = Files.isDirectory(file) ? "is a directory" : "cannot read: " + e.getMessage();
            throw new ScenarioException(file.toString(), "(file)", why);
        }
        // a byte order mark some editors write at the start of UTF-8 text is not JSON: it is skipped
        return parse(file.toString(), text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    @Override
    public Scenario parse(String source, String json) throws ScenarioException {
        return ScenarioReader.read(source, json, new TreeMap<>(accelerators));
    }

    @Override
    public Summary run(Scenario scenario, RunOptions options) throws ScenarioException, IOException {
        if (options.trace() == null) {
            return run(scenario, options, null);
        }
        // bad input is refused before the trace file is opened: a run that never starts leaves an existing file alone
        Checked checked = checked(scenario, options);
        // the trace is encoded and written on a thread of its own: the kernel never waits for the disk
        try (Writer w = new BackgroundWriter(Files.newBufferedWriter(options.trace(), StandardCharsets.UTF_8), "kerone-trace")) {
            return runBatch(machine(checked, w));
        }
    }

    @Override
    public Summary run(Scenario scenario, RunOptions options, Writer traceOut) throws ScenarioException {
        return runBatch(prepare(scenario, options, traceOut));
    }

    /** Runs a batch machine to its end; its memory must not grow with its length, so ended requests are not kept. */
    private static Summary runBatch(Machine machine) {
        machine.keepRequests = false;
        machine.run();
        return summary(machine);
    }

    /** A machine ready to run the scenario: validated, profile loaded, devices and policy bound. */
    Machine prepare(Scenario scenario, RunOptions options, Writer traceOut) throws ScenarioException {
        return machine(checked(scenario, options), traceOut);
    }

    /** A scenario with the run's options applied, checked, and what its machine is built from. */
    private record Checked(Scenario scenario, CostProfile profile, SortedMap<String, Accelerator> devices, AllocationPolicy policy) {
    }

    /** Applies the options and checks everything a run needs (profile, devices, policy): bad input throws here. */
    private Checked checked(Scenario scenario, RunOptions options) throws ScenarioException {
        Scenario s = scenario;
        if (options.seed() != null) {
            s = s.withSeed(options.seed());
        }
        if (options.profile() != null) {
            s = s.withProfile(options.profile());
        }
        CostProfile profile = profile(s, options);
        SortedMap<String, Accelerator> devices = new TreeMap<>(accelerators);
        check(s, devices);
        checkInterfaces(s, devices);
        AllocationPolicy policy = null;
        if (!"builtin".equals(s.policy())) {
            policy = policies.get(s.policy());
            if (policy == null) {
                throw new ScenarioException(s.source(), "policy", "unknown policy '" + s.policy() + "' (available: "
                        + String.join(", ", new TreeMap<>(policies).keySet()) + (policies.isEmpty() ? "" : ", ") + "builtin)");
            }
        }
        return new Checked(s, profile, devices, policy);
    }

    @Override
    public void checkProfile(Scenario scenario, RunOptions options) throws ScenarioException {
        profile(options.profile() != null ? scenario.withProfile(options.profile()) : scenario, options);
    }

    /** The profile of {@code s} (the options' applied), named after where it came from when it cannot be loaded. */
    private static CostProfile profile(Scenario s, RunOptions options) throws ScenarioException {
        return CostProfile.load(s.profile(), options.profile() != null ? "--profile" : s.source());
    }

    private Machine machine(Checked c, Writer traceOut) {
        Trace trace = new Trace(traceOut, 0);
        return new Machine(c.scenario(), c.profile(), fabrics, c.devices(), c.scenario().policy(), c.policy(), trace);
    }

    /** Every VM has an IF per device (installed or named by a program): they must fit the IF window's pages. */
    private static void checkInterfaces(Scenario s, Map<String, Accelerator> devices) throws ScenarioException {
        java.util.Set<String> names = new java.util.HashSet<>(devices.keySet());
        for (VmSpec vm : s.vms()) {
            for (Step step : vm.steps()) {
                if (step instanceof Step.Use u) {
                    names.add(u.device());
                }
            }
        }
        long interfaces = (long) s.vms().size() * names.size();
        if (interfaces > Machine.MAX_INTERFACES) {
            throw new ScenarioException(s.source(), "vms", s.vms().size() + " VMs with " + names.size() + " devices each need "
                    + interfaces + " PR interfaces, more than the " + Machine.MAX_INTERFACES + " the IF window holds");
        }
    }

    /** Re-checks a scenario against the accelerators present now (they may have changed since it was read). */
    private static void check(Scenario s, Map<String, Accelerator> devices) throws ScenarioException {
        for (int v = 0; v < s.vms().size(); v++) {
            VmSpec vm = s.vms().get(v);
            for (int i = 0; i < vm.steps().size(); i++) {
                if (vm.steps().get(i) instanceof Step.Use u && devices.containsKey(u.device())) {
                    String problem = Validation.deviceProblem(devices.get(u.device()), u.bytes(), s.prrs());
                    if (problem != null) {
                        throw new ScenarioException(s.source(), "vms[" + v + "].program[" + i + "]", problem);
                    }
                }
            }
        }
    }

    static Summary summary(Machine m) {
        Stats st = m.stats;
        Scenario s = m.scenario;
        return new Summary(s.name(), s.seed(), m.costs.name, m.fabric.policyName(), m.now(), st.paths(SummaryFormat.PAPER_NS),
                st.requests, st.served, st.failures(), st.jobs, st.reconfigurations, st.preemptions, m.trace.events());
    }

    @Override
    public String table(Summary summary) {
        return SummaryFormat.table(summary);
    }

    @Override
    public String json(Summary summary) {
        return SummaryFormat.json(summary);
    }
}

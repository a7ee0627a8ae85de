package org.kerone.vmm.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kerone.vmm.Platform;
import org.kerone.vmm.Programs;
import org.kerone.vmm.Step;
import org.kerone.vmm.VmSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One guest VM of the live platform per factory configuration: booted when the configuration
 * appears, removed when it goes (its open requests fail with reason "VM removed").
 */
@Component(service = {}, configurationPid = Platform.VM_FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = VmConfiguration.Config.class, factory = true)
public final class VmConfiguration {

    @ObjectClassDefinition(name = "Ker-ONE VM", description = "A guest VM and the program it runs.")
    @interface Config {
        @AttributeDefinition(description = "VM id, 1..65535", min = "1", max = "65535")
        int id();

        @AttributeDefinition(description = "Priority, 1 (least) .. 100 (most important)", min = "1", max = "100")
        int priority() default 10;

        @AttributeDefinition(description = "Program: 'compute TIME; use DEVICE BYTES [deadline TIME]; ...'")
        String program();

        @AttributeDefinition(description = "Times the program runs; 0 = forever", min = "0")
        int repeat() default 0;

        @AttributeDefinition(description = "Delay before the VM boots (ns, or with unit)")
        String start() default "0ns";
    }

    private static final Set<String> KEYS = Set.of("id", "priority", "program", "repeat", "start");

    private final Topology topology;
    private String pid;
    private VmSpec current;

    @Activate
    public VmConfiguration(@Reference Topology topology, Config config, Map<String, Object> properties) {
        this.topology = topology;
        apply(config, properties);
    }

    /** A changed configuration reboots the VM; an unchanged one (FileInstall writes twice) leaves it running. */
    @Modified
    void modified(Config config, Map<String, Object> properties) {
        apply(config, properties);
    }

    private void apply(Config config, Map<String, Object> properties) {
        if (KEYS.stream().noneMatch(properties::containsKey) && ConfigKeys.unknown(properties, KEYS) == null) {
            return; // a factory configuration whose properties have not been written yet
        }
        String where = "configuration " + ConfigKeys.pid(properties);
        String problem = check(config, properties);
        List<Step> steps = null;
        long start = 0;
        if (problem == null) {
            try {
                steps = Programs.parse(config.program());
                String text = config.start().trim();
                start = ScenarioReader.time(JsonTree.parse(where, text.matches("[0-9]+") ? text : "\"" + text + "\""));
                problem = useProblem(steps);
            } catch (IllegalArgumentException e) {
                problem = "program: " + e.getMessage();
            } catch (org.kerone.vmm.ScenarioException e) {
                problem = "start: " + e.problem();
            }
        }
        if (problem != null) {
            // a bad change leaves the VM of the last good configuration running: nothing accepted is lost
            topology.refuse(where + ": " + problem + (current == null ? "; VM not added"
                    : "; VM " + current.id() + " kept as it was"));
            return;
        }
        VmSpec spec = new VmSpec(config.id(), config.priority(), steps, config.repeat(), start);
        if (spec.equals(current)) {
            return;
        }
        // the platform replaces this configuration's VM, or keeps it when the new id is another VM's
        if (topology.addVm(ConfigKeys.pid(properties), spec)) {
            pid = ConfigKeys.pid(properties);
            current = spec;
        }
    }

    /** The first use whose installed device refuses its bytes, as a scenario's reader refuses it, or null. */
    private String useProblem(List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Use use) {
                String problem = topology.useProblem(use);
                if (problem != null) {
                    return "program: step " + (i + 1) + " '" + Programs.format(List.of(use)) + "': " + problem;
                }
            }
        }
        return null;
    }

    private static String check(Config config, Map<String, Object> properties) {
        String unknown = ConfigKeys.unknown(properties, KEYS);
        if (unknown != null) {
            return "unknown key '" + unknown + "' (known: " + new java.util.TreeSet<>(KEYS) + ")";
        }
        int id;
        int priority;
        int repeat;
        try {
            id = properties.containsKey("id") ? ConfigKeys.integer(properties, "id", config::id) : 0;
            priority = ConfigKeys.integer(properties, "priority", config::priority);
            repeat = ConfigKeys.integer(properties, "repeat", config::repeat);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!properties.containsKey("id") || id < 1 || id > VmSpec.MAX_ID) {
            return "id " + properties.get("id") + " out of range 1.." + VmSpec.MAX_ID;
        }
        if (priority < VmSpec.MIN_PRIORITY || priority > VmSpec.MAX_PRIORITY) {
            return "priority " + priority + " out of range " + VmSpec.MIN_PRIORITY + ".." + VmSpec.MAX_PRIORITY;
        }
        if (config.program() == null || config.program().isBlank()) {
            return "VM " + id + " has no program";
        }
        if (repeat < 0) {
            return "repeat " + repeat + " is negative";
        }
        return null;
    }

    /**
     * The configuration went (deleted, or this component disabled): the VM goes. Not when the
     * live platform goes or this bundle stops (at exit): the trace would end with removals and failed
     * requests that no user asked for.
     */
    @Deactivate
    void deactivate(int reason) {
        if (!ConfigKeys.platformGoes(reason)) {
            retire();
        }
    }

    private void retire() {
        if (pid != null) {
            topology.removeVm(pid);
            pid = null;
            current = null;
        }
    }
}

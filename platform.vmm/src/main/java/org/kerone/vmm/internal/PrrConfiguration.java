package org.kerone.vmm.internal;

import java.util.Map;
import java.util.Set;
import org.kerone.fpga.PrrSpec;
import org.kerone.fpga.Resources;
import org.kerone.vmm.Platform;
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
 * One PRR of the live platform per factory configuration: added to the fabric when the
 * configuration appears, retired when it goes (a running job is saved and resumes elsewhere).
 */
@Component(service = {}, configurationPid = Platform.PRR_FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PrrConfiguration.Config.class, factory = true)
public final class PrrConfiguration {

    @ObjectClassDefinition(name = "Ker-ONE PRR", description = "A partial-reconfiguration region of the fabric.")
    @interface Config {
        @AttributeDefinition(description = "Name of the region, unique in the fabric")
        String id();

        @AttributeDefinition(name = "class", description = "Size class: decides which bitstreams fit (small, large, ...)")
        String prrClass() default "large";

        @AttributeDefinition(description = "LUTs the region offers", min = "0")
        int lut() default 0;

        @AttributeDefinition(description = "Flip-flops the region offers", min = "0")
        int ff() default 0;

        @AttributeDefinition(description = "Block RAMs the region offers", min = "0")
        int bram() default 0;

        @AttributeDefinition(description = "DSP slices the region offers", min = "0")
        int dsp() default 0;
    }

    private static final Set<String> KEYS = Set.of("id", "class", "prrClass", "lut", "ff", "bram", "dsp");

    private final Topology topology;
    private String pid;
    private PrrSpec current;

    @Activate
    public PrrConfiguration(@Reference Topology topology, Config config, Map<String, Object> properties) {
        this.topology = topology;
        apply(config, properties);
    }

    /** A changed configuration replaces the PRR; an unchanged one leaves it as it is. */
    @Modified
    void modified(Config config, Map<String, Object> properties) {
        apply(config, properties);
    }

    private void apply(Config config, Map<String, Object> properties) {
        if (KEYS.stream().noneMatch(properties::containsKey) && ConfigKeys.unknown(properties, KEYS) == null) {
            return; // a factory configuration whose properties have not been written yet
        }
        String where = "configuration " + ConfigKeys.pid(properties);
        String unknown = ConfigKeys.unknown(properties, KEYS);
        String problem = unknown != null ? "unknown key '" + unknown + "' (known: class, id, lut, ff, bram, dsp)"
                : !properties.containsKey("id") ? "no id (the PRR's name)"
                : !ScenarioReader.isPrrName(config.id()) ? "id '" + config.id() + "' is not a PRR name"
                : null;
        String cls = properties.containsKey("class") ? String.valueOf(properties.get("class")) : config.prrClass();
        if (problem == null && (cls == null || cls.isBlank())) {
            problem = "class is empty (a size class: small, large, ...)";
        }
        Resources resources = null;
        if (problem == null) {
            try {
                resources = new Resources(ConfigKeys.integer(properties, "lut", config::lut),
                        ConfigKeys.integer(properties, "ff", config::ff), ConfigKeys.integer(properties, "bram", config::bram),
                        ConfigKeys.integer(properties, "dsp", config::dsp));
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            // a bad change leaves the PRR of the last good configuration as it is: nothing accepted is lost
            topology.refuse(where + ": " + problem + (current == null ? "; PRR not added"
                    : "; PRR '" + current.id() + "' kept as it was"));
            return;
        }
        PrrSpec spec = new PrrSpec(config.id(), cls, resources);
        if (spec.equals(current)) {
            return;
        }
        // the platform replaces this configuration's PRR, or keeps it when the new name is another PRR's
        if (topology.addPrr(ConfigKeys.pid(properties), spec)) {
            pid = ConfigKeys.pid(properties);
            current = spec;
        }
    }

    /**
     * The configuration went (deleted, or this component disabled): the PRR goes. Not when the
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
            topology.removePrr(pid);
            pid = null;
            current = null;
        }
    }
}

package org.kerone.vmm.internal;

import java.util.Map;
import java.util.Set;
import org.kerone.vmm.Platform;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The Virtual Device Manager's configuration: which allocation policy the PRR Monitor uses. */
@Component(service = {}, configurationPid = Platform.VDM_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = VdmConfiguration.Config.class)
public final class VdmConfiguration {

    @ObjectClassDefinition(name = "Ker-ONE Virtual Device Manager", description = "Which allocation policy decides.")
    @interface Config {
        @AttributeDefinition(description = "Name of the policy (service property kerone.policy), or 'builtin'")
        String policy() default "priority";
    }

    private static final Set<String> KEYS = Set.of("policy");

    private final Topology topology;

    @Activate
    public VdmConfiguration(@Reference Topology topology, Config config, Map<String, Object> properties) {
        this.topology = topology;
        modified(config, properties);
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        String unknown = ConfigKeys.unknown(properties, KEYS);
        if (unknown != null) {
            topology.refuse("configuration " + Platform.VDM_PID + ": unknown key '" + unknown + "' ignored (known: policy)");
        }
        topology.selectConfiguredPolicy(config.policy());
    }
}
